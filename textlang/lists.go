package textlang

import "strings"

// words are the small words each language uses in nearly every sentence,
// and a few the Lab writes often. A word of two languages (de, la, en,
// que) counts for both; one of three counts for none and is not listed.
var words = map[string]scores{}

func init() {
	add := func(s scores, list string) {
		seen := map[string]bool{}
		for _, w := range strings.Fields(list) {
			if !seen[w] {
				seen[w] = true
				words[w] = addScores(words[w], s)
			}
		}
	}
	add(scores{en: 2}, `the and of to is are was were with for this that these those what how who why
		we our you your they their them it its be been have has had can will would should could do does did
		not from by about an or but if when my me there here all any more some just need help thanks thank
		please anyone someone everyone women girls group meeting share shared which than then also only very
		much many other into after before our ours she her he his him us been being got get next last week
		year month new good great same yes hi hello morning evening work worked works working who's where
		i each every first second again like know want would love best one two three four five ask hard
		course project development training report funding donor donors board school mothers`)
	add(scores{es: 2}, `el los las del al y por para con es son está están estan una lo su sus nos nuestro nuestra
		nuestros nuestras como cómo qué pero más mas muy también tambien hay fue ser tiene tienen hacer este
		esta estos estas eso esa ese esto cuando cuándo donde dónde quién quien alguien gracias hola sí ya
		mujeres niñas ninas todo todos todas sobre sin hasta desde porque o u mi mis yo ella ellas ellos
		puede pueden podemos tenemos hemos han ha hace bien mucho muchas muchos otras otros otra otro cada
		año años anos vez bueno buena buenas buenos pregunta grupo enlace nunca solo sólo después despues
		antes ahora aquí aqui igual mañana manana semana mes dos tres cuatro cinco día dia días dias
		algún alguna alguno algunas cual cuál entre hicimos vamos quiero necesitamos chicas mamás madres
		jóvenes jovenes lunes martes miércoles jueves viernes sábado sabado domingo`)
	add(scores{fr: 2}, `les des du et est sont une dans pour avec pas ne nous vous ils elles elle il je au aux
		ce cette ces qui quoi comment où mais ou donc très tres aussi été etre être avoir fait faire peut
		peuvent notre nos votre vos leur leurs sa ses mon ma mes merci bonjour femmes filles tout tous toutes
		chez depuis parce quand avons avez ont sommes êtes était etait ça ca oui non déjà deja jamais
		toujours après apres avant maintenant ici pareil demain semaine mois deux trois quatre cinq jour
		jours quelqu quelque quelques lundi mardi mercredi jeudi vendredi samedi dimanche bonne bon moi
		aussi sur chaque voudrais veut veulent`)
	add(scores{es: 1, fr: 1}, `de la en que un se si tu son le`)
	add(scores{en: 1, fr: 1}, `on`)
	add(scores{en: 1, es: 1}, `no`)
	add(scores{fr: 0.5}, `les le`)
	add(scores{es: 0.5}, `les`)
	add(scores{en: 0.3, es: 0.3, fr: 0.6}, `a`)
	add(scores{fr: 1}, `à plus`)
}

func addScores(a, b scores) scores {
	a.add(b)
	return a
}

// neutral words are written alike in the three: names of tools, and words
// the Lab borrows from English whatever it speaks.
var neutral = set("whatsapp", "zoom", "webinar", "online", "email", "mail", "ok", "okay", "pdf", "excel",
	"google", "drive", "facebook", "instagram", "ngo", "ong", "link", "video", "radio", "budget",
	"agenda", "plan", "visa", "idea", "marie", "ana", "beth", "amina", "leadership", "zone", "code")

// letters only one language writes, or writes far more often.
var letters = map[rune]scores{
	'ñ': {es: 3}, '¿': {es: 3}, '¡': {es: 3},
	'á': {es: 1.5}, 'í': {es: 1.5}, 'ó': {es: 1.5}, 'ú': {es: 1.5},
	'é': {es: 0.5, fr: 1},
	'è': {fr: 2}, 'ê': {fr: 2}, 'à': {fr: 2}, 'ù': {fr: 2}, 'â': {fr: 2}, 'î': {fr: 2}, 'ô': {fr: 2},
	'û': {fr: 2}, 'ç': {fr: 2}, 'ë': {fr: 1}, 'ï': {fr: 1}, 'œ': {fr: 2},
	'w': {en: 1}, 'k': {en: 0.5},
}

// endings of words, longest first: the first that fits counts.
var endings = []struct {
	suffix string
	s      scores
}{
	{"ciones", scores{es: 2}}, {"cion", scores{es: 2}}, {"ción", scores{es: 2}},
	{"mente", scores{es: 1.5}}, {"dades", scores{es: 1.5}}, {"iendo", scores{es: 1.5}},
	{"euses", scores{fr: 2}}, {"ement", scores{fr: 0.8, en: 0.4}}, {"ments", scores{fr: 1.5}},
	{"ness", scores{en: 1.5}}, {"tion", scores{en: 0.7, fr: 0.7}}, {"ando", scores{es: 1.5}},
	{"ados", scores{es: 1.5}}, {"adas", scores{es: 1.5}}, {"idos", scores{es: 1}}, {"idas", scores{es: 1}},
	{"ique", scores{fr: 1.5}}, {"eurs", scores{fr: 1.5}}, {"euse", scores{fr: 2}}, {"ship", scores{en: 1.5}},
	{"ings", scores{en: 1.5}}, {"ées", scores{fr: 1}},
	{"dad", scores{es: 1.5}}, {"ado", scores{es: 1.5}}, {"ada", scores{es: 1}}, {"ido", scores{es: 1}},
	{"ing", scores{en: 1.5}}, {"eux", scores{fr: 2}}, {"aux", scores{fr: 1.5}}, {"eur", scores{fr: 1}},
	{"ful", scores{en: 1}}, {"ent", scores{fr: 0.7, en: 0.3}}, {"ons", scores{fr: 1}}, {"ez", scores{fr: 1.5}},
	{"ly", scores{en: 1}}, {"ng", scores{en: 1}}, {"ed", scores{en: 0.7}}, {"os", scores{es: 1}}, {"as", scores{es: 0.7}},
	{"ar", scores{es: 0.7}}, {"ir", scores{es: 0.5, fr: 0.5}}, {"er", scores{fr: 0.5, en: 0.3, es: 0.2}},
	{"es", scores{es: 0.4, fr: 0.4}}, {"o", scores{es: 1}}, {"a", scores{es: 0.6}}, {"y", scores{en: 0.5}},
	{"e", scores{fr: 0.5}},
}

// inside are letter pairs a language writes often and the others seldom.
var inside = []struct {
	part string
	s    scores
}{
	{"th", scores{en: 1}}, {"sh", scores{en: 0.5}}, {"ee", scores{en: 0.7}}, {"oo", scores{en: 0.7}},
	{"eau", scores{fr: 2}}, {"oi", scores{fr: 1}}, {"ou", scores{fr: 0.7, en: 0.3}}, {"ai", scores{fr: 0.5}},
	{"rr", scores{es: 0.7}}, {"ue", scores{es: 0.5, fr: 0.3}}, {"ie", scores{es: 0.4}},
}
