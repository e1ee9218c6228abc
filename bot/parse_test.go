package bot

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseCommand(t *testing.T) {
	prefixes := []string{"!", "/"}
	tests := []struct {
		text       string
		ok         bool
		word, args string
	}{
		{"!help", true, "help", ""},
		{"/Aide", true, "aide", ""},
		{"!AYUDA", true, "ayuda", ""},
		{"!aíde", true, "aide", ""},
		{"!Résumé", true, "resume", ""},
		{"  !lang   fr  ", true, "lang", "fr"},
		{"!tip Use *bold* #Educación\nsecond line", true, "tip", "Use *bold* #Educación\nsecond line"},
		{"!help\tlang", true, "help", "lang"},
		{"hello !help", false, "", ""},
		{"! help", false, "", ""},
		{"!!!", false, "", ""},
		{"!", false, "", ""},
		{"!123", false, "", ""},
		{"", false, "", ""},
		{"/" + strings.Repeat("a", maxWordLen+1), false, "", ""},
		{"!\xffhelp", false, "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			inv, ok := parseCommand(tc.text, prefixes)
			if ok != tc.ok || inv.Word != tc.word || inv.Args != tc.args {
				t.Errorf("parseCommand(%q) = %q %q %v; want %q %q %v", tc.text, inv.Word, inv.Args, ok, tc.word, tc.args, tc.ok)
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
	for _, s := range []string{"!help", "/Aide lang", "!aíde", "! x", "!\x00", "!tip a\nb", "\xff!", "!" + strings.Repeat("é", 40)} {
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
