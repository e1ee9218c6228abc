package bot

import (
	"strings"
	"testing"
)

func TestCutAnon(t *testing.T) {
	for _, tc := range []struct {
		in   string
		kind anonWord
		rest string
	}{
		{"anon How do we …", anonymous, "How do we …"},
		{"anónima ¿Cómo hablamos de esto?", anonymous, "¿Cómo hablamos de esto?"},
		{"Anónima: ¿Cómo?", anonymous, "¿Cómo?"},
		{"anon:How?", anonymous, "How?"},
		{"anon: How?", anonymous, "How?"},
		{"anonyme : Comment ?", anonymous, "Comment ?"},
		{"ANONYMOUS what", anonymous, "what"},
		{"anonymously what", anonymous, "what"},
		{"anonymement quoi", anonymous, "quoi"},
		{"anónimamente qué", anonymous, "qué"},
		{"anonimo qué", anonymous, "qué"},
		{"anonima qué", anonymous, "qué"},
		{"anónimo qué", anonymous, "qué"},
		{"anonyme quoi", anonymous, "quoi"},
		{"anon\nline two", anonymous, "line two"},
		{"(anon) what", anonymous, "what"},
		{"ａｎｏｎ what", anonymous, "what"},       // fullwidth, as East Asian keyboards type it
		{"𝐚𝐧𝐨𝐧𝐲𝐦𝐨𝐮𝐬 what", anonymous, "what"},  // a "fancy font" generator's bold
		{"Ａｎóｎｉｍａ： ¿qué?", anonymous, "¿qué?"}, // and a fullwidth colon
		{"ａｎｏｎｉｍｏｕｓ what", nearAnon, "what"},
		{"anonimous what", nearAnon, "what"},
		{"anónim qué", nearAnon, "qué"},
		{"anonymus what", nearAnon, "what"},
		{"anomymous what", nearAnon, "what"},
		{"annonyme quoi", nearAnon, "quoi"},
		{"anno what", nearAnon, "what"},
		{"anonymity: what", nearAnon, "what"},
		{"and what about rent?", named, "and what about rent?"},
		{"Anyone know a lawyer?", named, "Anyone know a lawyer?"},
		{"Ana, ¿cómo estás?", named, "Ana, ¿cómo estás?"},
		{"Anne: how?", named, "Anne: how?"},
		{"another one", named, "another one"},
		{"How do we …", named, "How do we …"},
		{"de forma anónima ¿Cómo denuncio?", anonymous, "¿Cómo denuncio?"},
		{"De manera anónima: ¿qué hago?", anonymous, "¿qué hago?"},
		{"de façon anonyme : comment faire ?", anonymous, "comment faire ?"},
		{"en anonyme comment faire ?", anonymous, "comment faire ?"},
		{"in an anonymous way: how?", anonymous, "how?"},
		{"sin mi nombre ¿cómo?", anonymous, "¿cómo?"},
		{"sans mon nom : comment ?", anonymous, "comment ?"},
		{"without my name: how?", anonymous, "how?"},
		{"🕶 anon how?", anonymous, "how?"},
		{"— anónima ¿qué?", anonymous, "¿qué?"},
		{"🕶 anonimous how?", nearAnon, "how?"},
		{"de forma anonimma ¿qué?", nearAnon, "¿qué?"},
		{"De forma general, ¿cómo?", named, "De forma general, ¿cómo?"},
		{"En la escuela, ¿cómo?", named, "En la escuela, ¿cómo?"},
		{"A question: how?", named, "A question: how?"},
		{"🙏 How do we …", named, "🙏 How do we …"},
		{"sin dinero, ¿cómo?", named, "sin dinero, ¿cómo?"},
		{"", named, ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			kind, rest := cutAnon(tc.in)
			if kind != tc.kind || rest != tc.rest {
				t.Errorf("cutAnon(%q) = %v, %q; want %v, %q", tc.in, kind, rest, tc.kind, tc.rest)
			}
		})
	}
}

// FuzzCutAnon holds the promise that a question whose first word starts
// like "anon" never goes out with her name: it is anonymous, or labbot
// asks first.
func FuzzCutAnon(f *testing.F) {
	for _, s := range []string{"anon x", "Anónima: x", "anon:x", "anonimous x", "ANÓN", "an", "anyone x",
		"a\u0301non x", "anon\u00a0x", "de forma anónima x", "🕶 anon x", "de de de anon x", "sin mi nombre x", "\xffanon", "anonyme : x", ":anon x", "(anon) x", "anon" + strings.Repeat("y", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, args string) {
		kind, rest := cutAnon(args)
		first, _ := cutWord(args)
		if strings.HasPrefix(fold(first), "anon") && kind == named {
			t.Errorf("%q starts with %q yet would be saved with her name", args, first)
		}
		if kind == named && rest != args {
			t.Errorf("a named question lost words: %q became %q", args, rest)
		}
		if len(rest) > len(args)+1 {
			t.Errorf("rest %q longer than %q", rest, args)
		}
	})
}
