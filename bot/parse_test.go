package bot

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestParseCommand(t *testing.T) {
	prefixes := []string{"!", "/"}
	tests := []struct {
		text       string
		ok         bool
		word, args string
		loose      bool
	}{
		{"!help", true, "help", "", false},
		{"/Aide", true, "aide", "", false},
		{"!AYUDA", true, "ayuda", "", false},
		{"!aíde", true, "aide", "", false},
		{"!Résumé", true, "resume", "", false},
		{"  !lang   fr  ", true, "lang", "fr", false},
		{"!tip Use *bold* #Educación\nsecond line", true, "tip", "Use *bold* #Educación\nsecond line", false},
		{"!help\tlang", true, "help", "lang", false},
		{"hello !help", false, "", "", false},
		{"! help", true, "help", "", true},
		{"!  tip x", true, "tip", "x", true},
		{"!tip: x", true, "tip", "x", true},
		{"!resources?", true, "resources", "", true},
		{"!ayuda.", true, "ayuda", "", true},
		{"!wow!", true, "wow", "", true},
		{"!tip:x", true, "tip", "x", true},
		{"!tip:Ask for receipts", true, "tip", "Ask for receipts", true},
		{"!ask?what", true, "ask", "what", true},
		{"!e-mail me", true, "e-mail", "me", false},
		{"!tip-off from a friend", true, "tip-off", "from a friend", false},
		{"!ask.com has the answer", true, "ask.com", "has the answer", false},
		{"!tip:#budget Keep every receipt", true, "tip", "#budget Keep every receipt", true},
		{"!ayuda…", true, "ayuda", "", true},
		{"!announce* send", true, "announce", "send", true},
		{"!don't", true, "don't", "", false},
		{"!tip.:x", true, "tip", "x", true},
		{"!tip:https://example.org/a-very-long-path/for-a-guide.pdf", true, "tip", "https://example.org/a-very-long-path/for-a-guide.pdf", true},
		{"!astuce : Gardez une copie.", true, "astuce", "Gardez une copie.", false},
		{"!astuce : Gardez", true, "astuce", "Gardez", false},
		{"!tip - Ask for receipts", true, "tip", "Ask for receipts", false},
		{"!tip — Ask", true, "tip", "Ask", false},
		{"!tip :", true, "tip", "", false},
		{"!tip :) thanks", true, "tip", ":) thanks", false},
		{"!tip -5 degrees at night", true, "tip", "-5 degrees at night", false},
		{"!\nhelp", false, "", "", false},
		{"! ?", false, "", "", false},
		{"!!!", false, "", "", false},
		{"!", false, "", "", false},
		{"!123", false, "", "", false},
		{"", false, "", "", false},
		{"/" + strings.Repeat("a", maxWordLen+1), false, "", "", false},
		{"!\xffhelp", false, "", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			inv, ok := parseCommand(tc.text, prefixes)
			if ok != tc.ok || inv.Word != tc.word || inv.Args != tc.args || inv.Loose != tc.loose {
				t.Errorf("parseCommand(%q) = %q %q %v loose %v; want %q %q %v loose %v", tc.text, inv.Word, inv.Args, ok, inv.Loose, tc.word, tc.args, tc.ok, tc.loose)
			}
		})
	}
}

func TestParseCommandLongestPrefix(t *testing.T) {
	inv, ok := parseCommand("!!help", []string{"!", "!!"})
	if !ok || inv.Word != "help" {
		t.Errorf("got %q %v; the longer prefix !! should win", inv.Word, ok)
	}
}

func FuzzParseCommand(f *testing.F) {
	for _, s := range []string{"!help", "/Aide lang", "!aíde", "! x", "!\x00", "!tip a\nb", "\xff!", "!" + strings.Repeat("é", 40),
		"!tip: x", "! tip", "!resources?", "!ayuda.", "!wow!", "!\t tip", "!a¿?", "!ti\u0301p."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		inv, ok := parseCommand(text, []string{"!", "/"})
		if !ok {
			return
		}
		if inv.Word == "" || inv.Word != fold(inv.Word) {
			t.Errorf("word %q is empty or not folded", inv.Word)
		}
		if !utf8.ValidString(inv.Word) || !utf8.ValidString(inv.Args) {
			t.Errorf("invalid UTF-8 in %q %q", inv.Word, inv.Args)
		}
		if utf8.RuneCountInString(inv.Typed) > maxWordLen {
			t.Errorf("word %q longer than %d", inv.Typed, maxWordLen)
		}
		// A loose word ends in no punctuation and never swallows a line:
		// what follows the word is its arguments, as typed.
		if last, _ := utf8.DecodeLastRuneInString(inv.Typed); unicode.IsPunct(last) {
			t.Errorf("word %q ends in punctuation", inv.Typed)
		}
		if strings.ContainsFunc(inv.Typed, unicode.IsSpace) {
			t.Errorf("word %q holds a space", inv.Typed)
		}
		// Only an exact command word makes a loose word a command.
		if inv.Loose && !strings.Contains(strings.ToValidUTF8(text, "\uFFFD"), inv.Typed) {
			t.Errorf("loose word %q not in %q", inv.Typed, text)
		}
	})
}

func TestClip(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{{"ayuda", 32, "ayuda"}, {"éééé", 3, "éé…"}, {"abcd", 4, "abcd"}} {
		if got := clip(tc.in, tc.n); got != tc.want {
			t.Errorf("clip(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}
