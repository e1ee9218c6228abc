package bot

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// A quote-reply to a question, or an !answer, that only says "+1", "me
// too", "gracias" or "pareil", or is emoji only, is no answer: it tells
// that one more member wants to know. isMeToo recognises such words in the
// three languages and nothing more: a message keeps being an answer as
// soon as it holds one word outside these phrases ("thanks, we ask the
// mayor" is an answer), since taking an answer for a "+1" would lose it,
// and the reverse only costs a line.

// meTooPhrases are the phrases, folded, as words; a message made of them
// only, in any order and number, is a "me too".
var meTooPhrases = phrases(
	// +1, +100 (see plusOne), greetings
	"plus1", "hi", "hello", "hola", "bonjour", "salut", "please", "por favor", "s il vous plait", "svp", "stp",
	// English
	"me too", "me 2", "me also", "same", "same here", "same for me", "same for us", "us too", "we too", "so do i",
	"same question", "same question here", "i have the same question", "i had the same question", "we have the same question",
	"good question", "great question", "thanks", "thank you", "thank you so much", "thanks a lot", "many thanks", "thx", "ty",
	"following", "following this", "following too", "any ideas", "any idea", "any update", "any updates", "ok", "okay",
	"interested", "i am interested", "im interested", "also interested", "ditto", "bump", "here too",
	"i would like to know", "i would like to know too", "i would also like to know", "i d like to know too", "id like to know too",
	"i would love to know", "i would love to know too", "i want to know too", "i also want to know", "i need to know too",
	"we would like to know too", "i wonder too", "i was wondering the same", "i am wondering the same",
	// Spanish
	"yo tambien", "yo tb", "yo tmb", "yo igual", "igual aqui", "igual yo", "a mi tambien",
	"tambien yo", "nosotras tambien", "nosotros tambien", "lo mismo", "misma pregunta", "la misma pregunta",
	"tengo la misma pregunta", "yo tengo la misma pregunta", "tenemos la misma pregunta", "me sumo", "me uno",
	"gracias", "muchas gracias", "mil gracias", "muchisimas gracias", "gracias por preguntar",
	"buena pregunta", "muy buena pregunta", "excelente pregunta", "quiero saber", "tambien quiero saber",
	"yo tambien quiero saber", "quiero saber tambien", "me gustaria saber", "me gustaria saber tambien",
	"me gustaria saberlo", "me gustaria saberlo tambien", "tambien me gustaria saber", "a mi tambien me gustaria saber",
	"me interesa", "me interesa tambien", "a mi tambien me interesa", "interesada", "interesado", "estoy interesada",
	// French
	"moi aussi", "moi de meme", "de meme", "pareil", "pareil pour moi", "pareil ici", "idem", "nous aussi",
	"merci", "merci beaucoup", "merci bcp", "mille mercis", "grand merci", "merci pour la question",
	"bonne question", "tres bonne question", "excellente question", "meme question", "la meme question",
	"j ai la meme question", "je me pose la meme question", "nous nous posons la meme question",
	"je voudrais savoir aussi", "je voudrais le savoir aussi", "j aimerais savoir", "j aimerais savoir aussi",
	"j aimerais le savoir aussi", "je veux savoir aussi", "moi aussi j aimerais savoir", "moi aussi je voudrais savoir",
	"ca m interesse", "ca m interesse aussi", "interessee", "interesse", "je suis interessee", "je suis interesse",
	"je suis aussi interessee", "je suis aussi interesse", "aussi interessee", "interessee aussi", "je suis interessee aussi",
	"d accord", "vale",
)

// plusOne is "+1", "+ 1": one word, plus1. Not "+100", nor "+2547…": a
// number may be an answer ("how many members?").
var plusOne = regexp.MustCompile(`\+\s*1\b`)

// solvedMarks are the words, folded, with which an asker says an answer
// solved her question: "thanks, that worked", "¡gracias, me sirvió!",
// "merci, c'est résolu".
var solvedMarks = phrases("solved", "worked", "works", "helped", "helpful", "thanks", "thank", "thx",
	"resuelto", "resuelta", "resolvio", "sirvio", "sirve", "funciono", "funciona", "ayudo", "gracias",
	"resolu", "resolue", "marche", "aide", "merci", "parfait", "perfecto", "perfect")

// maxSolvedWords bounds a thanks: a longer message is an answer.
const maxSolvedWords = 12

// saysSolved reports whether text is a short thanks, or says the answer
// worked: from the asker, it marks her question solved.
func saysSolved(text string) bool {
	words := meTooWords(text)
	return len(words) <= maxSolvedWords && slices.ContainsFunc(words, func(w string) bool { return solvedMarks[w] })
}

// maxMeTooWords bounds what is read: a longer message is an answer.
const maxMeTooWords = 24

func phrases(list ...string) map[string]bool {
	m := make(map[string]bool, len(list))
	for _, p := range list {
		m[p] = true
	}
	return m
}

// meTooWords splits text, folded, into words: letters and digits.
func meTooWords(text string) []string {
	text = plusOne.ReplaceAllString(fold(text), " plus1 ")
	return strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
}

// isMeToo reports whether text says only that its writer wants to know
// too (or thanks): no word of an answer in it.
func isMeToo(text string) bool {
	if strings.TrimSpace(text) == "" {
		return false
	}
	words := meTooWords(text)
	if len(words) > maxMeTooWords {
		return false
	}
	return madeOfPhrases(words) // no words at all: emoji or punctuation only
}

// madeOfPhrases reports whether words split wholly into meTooPhrases.
func madeOfPhrases(words []string) bool {
	if len(words) == 0 {
		return true
	}
	for n := min(len(words), 8); n > 0; n-- {
		if meTooPhrases[strings.Join(words[:n], " ")] && madeOfPhrases(words[n:]) {
			return true
		}
	}
	return false
}
