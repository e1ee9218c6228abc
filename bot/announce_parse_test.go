package bot

import (
	"maps"
	"strings"
	"testing"
)

func TestParseBlocks(t *testing.T) {
	tests := []struct {
		name, in, lang string
		want           map[string]string
		err            string
	}{
		{"three blocks", "[en] Webinar Friday [es] Webinar el viernes [fr] Webinaire vendredi", "en",
			map[string]string{"en": "Webinar Friday", "es": "Webinar el viernes", "fr": "Webinaire vendredi"}, ""},
		{"no tags: the staff member's language", "Hola a todas", "es", map[string]string{"es": "Hola a todas"}, ""},
		{"tags in any case and spacing, over lines", "[ EN ]\nLine one\nLine two\n[Fr] Ligne", "en",
			map[string]string{"en": "Line one\nLine two", "fr": "Ligne"}, ""},
		{"lead text is hers", "Hello all [es] Hola a todas", "en", map[string]string{"en": "Hello all", "es": "Hola a todas"}, ""},
		{"empty block is missing", "[en] Hello [es] [fr] Bonjour", "en", map[string]string{"en": "Hello", "fr": "Bonjour"}, ""},
		{"other brackets are text", "[en] Room [B] at 10, see [1] and [link]; word[de] [a b]", "en",
			map[string]string{"en": "Room [B] at 10, see [1] and [link]; word[de] [a b]"}, ""},
		{"an unknown tag mid-line", "[fr] Bonjour [de] w", "fr", nil, "unknown tag [de]"},
		{"an unknown tag on its own line", "[en] Hi\n[sw] Habari", "en", nil, "unknown tag [sw]"},
		{"an unknown tag first", "[XX ] text", "en", nil, "unknown tag [XX ]"},
		{"an unknown tag last", "Hello [pt]", "en", nil, "unknown tag [pt]"},
		{"an unknown tag right after a known one", "[en] [de] Hallo", "en", nil, "unknown tag [de]"},
		{"a known tag with spaces is known", "[fr] Bonjour [EN ] Hi", "fr", map[string]string{"fr": "Bonjour", "en": "Hi"}, ""},
		{"a language twice", "[en] One [en] Two", "en", nil, "two [en] blocks"},
		{"lead and a block in her language", "Hello [en] Hello again", "en", nil, "two [en] blocks"},
		{"nothing", "  [es]  ", "en", nil, "no text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseBlocks(tt.in, tt.lang)
			if tt.err != "" {
				if err == nil || err.Error() != tt.err {
					t.Fatalf("parseBlocks(%q) error = %v, want %q", tt.in, err, tt.err)
				}
				return
			}
			if err != nil || !maps.Equal(got, tt.want) {
				t.Fatalf("parseBlocks(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestBlockFor(t *testing.T) {
	blocks := map[string]string{"es": "Hola", "fr": "Bonjour"}
	for lang, want := range map[string]string{"es": "Hola", "fr": "Bonjour", "en": "Bonjour"} {
		if got := blockFor(blocks, lang, "fr"); got != want {
			t.Errorf("blockFor(%s) = %q, want %q", lang, got, want)
		}
	}
}

func FuzzParseBlocks(f *testing.F) {
	for _, s := range []string{"[en] a [es] b [fr] c", "lead [EN] x", "[en][en]", "[ fr ]\n\n", "\xff[es]\x00"} {
		f.Add(s, "en")
	}
	f.Fuzz(func(t *testing.T, text, lang string) {
		if !supported(lang) {
			lang = "en"
		}
		blocks, err := parseBlocks(text, lang)
		if err != nil {
			return
		}
		if len(blocks) == 0 {
			t.Fatal("no blocks and no error")
		}
		for l, b := range blocks {
			if !supported(l) {
				t.Fatalf("block for unknown language %q", l)
			}
			if b == "" || b != strings.TrimSpace(b) || !strings.Contains(text, b) {
				t.Fatalf("block %s = %q is not trimmed text of the input", l, b)
			}
		}
	})
}
