package bot

import (
	"context"
	"strings"
	"testing"
)

func TestCommandTableWords(t *testing.T) {
	idx, err := indexCommands(commandTable())
	if err != nil {
		t.Fatal(err)
	}
	for word, key := range map[string]string{"help": "help", "ayuda": "help", "aide": "help", "lang": "lang", "idioma": "lang", "langue": "lang",
		// Issue 16: shown with accents, typed with or without; !baja shown, !desuscribir kept.
		"repondre": "answer", "répondre": "answer", "resume": "digest", "evenements": "events", "estadisticas": "stats",
		"baja": "unsubscribe", "desuscribir": "unsubscribe", "desabonner": "unsubscribe"} {
		e, ok := idx.lookup(fold(word))
		if !ok || e.cmd.Key != key {
			t.Errorf("lookup(%q) = %v, want %s", word, e.cmd, key)
		}
	}
}

func TestCommandTableRejectsSharedWords(t *testing.T) {
	run := func(*Bot, context.Context, *request) error { return nil }
	cmds := []*command{
		{Key: "a", Words: words("a", "uno", "un"), Run: run},
		{Key: "b", Words: words("b", "Úno", "deux"), Run: run},
	}
	if _, err := indexCommands(cmds); err == nil || !strings.Contains(err.Error(), "uno") {
		t.Errorf("indexCommands = %v, want an error naming the shared word", err)
	}
	if _, err := indexCommands([]*command{{Key: "c", Words: words("c", "", "c"), Run: run}}); err == nil {
		t.Error("a command without a Spanish word was accepted")
	}
}

func TestWordSharedByTwoLanguages(t *testing.T) {
	run := func(*Bot, context.Context, *request) error { return nil }
	idx, err := indexCommands([]*command{{Key: "questions", Words: words("questions", "preguntas", "questions"), Run: run}})
	if err != nil {
		t.Fatal(err)
	}
	e, _ := idx.lookup("questions")
	if len(e.langs) != 2 {
		t.Errorf("langs of questions = %v, want en and fr", e.langs)
	}
}

// Every command has its help texts in every language; the locale tests
// check the three files agree, this checks they cover the table.
func TestEveryCommandHasHelpTexts(t *testing.T) {
	texts, err := NewTexts()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range commandTable() {
		keys := []string{"summary", "details"}
		if c.Args {
			keys = append(keys, "args")
		}
		for _, lang := range []string{"en", "es", "fr"} {
			for _, k := range keys {
				id := "cmd." + c.Key + "." + k
				if got := texts.msg(lang, id, nil); got == id || got == "" {
					t.Errorf("%s has no %s text for %s", lang, k, c.Key)
				}
			}
		}
	}
}
