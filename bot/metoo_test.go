package bot

import (
	"strings"
	"testing"
)

func TestIsMeToo(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"+1", true},
		{"+1 I would like to know too!", true},
		{"+ 1", true},
		{"+100 🙏", false}, // a number may answer "how many?"
		{"Me too!!", true},
		{"same here", true},
		{"Thanks!", true},
		{"thank you so much 😊", true},
		{"👍👍", true},
		{"🙏🏽", true},
		{"??", true},
		{"Yo también", true},
		{"yo tambien, gracias!", true},
		{"¡Gracias!", true},
		{"Igual", false}, // may answer "is it the same for you?"
		{"A mí también me gustaría saber", true},
		{"Muy buena pregunta, me sumo", true},
		{"Moi aussi", true},
		{"Merci !", true},
		{"Pareil pour moi", true},
		{"J'aimerais le savoir aussi", true},
		{"Bonne question, merci beaucoup", true},
		{"Hola, tengo la misma pregunta", true},
		// Real answers, short ones among them.
		{"", false},
		{"Yes", false},
		{"No", false},
		{"Me!", false},
		{"5", false},
		{"1", false},
		{"Sí", false},
		{"Oui", false},
		{"Thanks, we ask the mayor every year.", false},
		{"Gracias a la biblioteca municipal", false},
		{"Merci à la mairie, elle paie", false},
		{"Same as last year: the municipality.", false},
		{"Ask the mayor 👍", false},
		{"Call +1 555 0100", false},
		{"Igual que nosotras: con una rifa", false},
		{"La même chose que vous", false},
		{"Thanks Amina", false}, // unsure: a name could be an answer (who can help?)
		{strings.Repeat("me too ", 20), false},
	} {
		if got := isMeToo(tc.text); got != tc.want {
			t.Errorf("isMeToo(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// FuzzIsMeToo checks that no "me too" holds a word outside the phrases,
// and that adding a word of an answer always makes it an answer.
func FuzzIsMeToo(f *testing.F) {
	for _, s := range []string{"+1", "me too", "gracias", "moi aussi", "👍", "thanks, we ask", "J'aimerais le savoir aussi"} {
		f.Add(s)
	}
	vocab := map[string]bool{}
	for p := range meTooPhrases {
		for _, w := range strings.Fields(p) {
			vocab[w] = true
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !isMeToo(s) {
			return
		}
		for _, w := range meTooWords(s) {
			if !vocab[w] {
				t.Fatalf("isMeToo(%q) with the word %q", s, w)
			}
		}
		if isMeToo(s + " biblioteca") {
			t.Fatalf("isMeToo(%q + an answer's word)", s)
		}
	})
}
