package locales

import (
	"fmt"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
)

// pluralForms are the CLDR keys a plural message may have.
var pluralForms = []string{"zero", "one", "two", "few", "many", "other"}

// flatten turns a message file into dotted IDs: a string, or a map of
// plural forms.
func flatten(prefix string, v any, out map[string]any) {
	m, ok := v.(map[string]any)
	if !ok {
		out[prefix] = v
		return
	}
	for _, form := range pluralForms {
		if _, plural := m[form]; plural {
			out[prefix] = m
			return
		}
	}
	for k, child := range m {
		id := k
		if prefix != "" {
			id = prefix + "." + k
		}
		flatten(id, child, out)
	}
}

var fieldRE = regexp.MustCompile(`{{\s*\.(\w+)\s*}}`)

// fields lists the template fields a message uses, sorted.
func fields(v any) []string {
	set := map[string]bool{}
	var texts []string
	switch v := v.(type) {
	case string:
		texts = []string{v}
	case map[string]any:
		for _, t := range v {
			texts = append(texts, fmt.Sprint(t))
		}
	}
	for _, t := range texts {
		for _, m := range fieldRE.FindAllStringSubmatch(t, -1) {
			set[m[1]] = true
		}
	}
	var out []string
	for f := range set {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// ownFields are the messages each language builds from its own choice of
// fields: the time of day is "09:00" in English, "9:00" in Spanish and
// "9 h 00" in French.
var ownFields = map[string][][]string{"date.time": {{"H", "HH"}, {"MM"}}}

// ownFieldProblems checks a message that chooses its own fields: it uses
// one of each set (the hour, with or without its zero; the minutes), and
// nothing else.
func ownFieldProblems(lang, id string, used []string, sets [][]string) []string {
	var problems []string
	for _, set := range sets {
		n := 0
		for _, f := range set {
			if slices.Contains(used, f) {
				n++
			}
		}
		if n != 1 {
			problems = append(problems, fmt.Sprintf("%s: %s must use one of %v", lang, id, set))
		}
	}
	for _, f := range used {
		if !slices.ContainsFunc(sets, func(set []string) bool { return slices.Contains(set, f) }) {
			problems = append(problems, fmt.Sprintf("%s: %s uses field %s, not one of %v", lang, id, f, sets))
		}
	}
	return problems
}

// checkCatalogs returns every problem with a set of message files, keyed by
// language: keys missing or extra against English, empty texts, template
// fields that differ between languages, and messages that do not render
// (plural ones for 0, 1, 2 and 1000000).
func checkCatalogs(files map[string][]byte) []string {
	var problems []string
	flat := map[string]map[string]any{}
	bundle := i18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("yaml", yaml.Unmarshal)
	for lang, data := range files {
		var raw map[string]any
		if err := yaml.Unmarshal(data, &raw); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", lang, err))
			continue
		}
		flat[lang] = map[string]any{}
		flatten("", raw, flat[lang])
		if _, err := bundle.ParseMessageFileBytes(data, lang+".yaml"); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", lang, err))
		}
	}
	en := flat["en"]
	for _, lang := range Languages() {
		msgs, ok := flat[lang]
		if !ok {
			problems = append(problems, lang+": no message file")
			continue
		}
		loc := i18n.NewLocalizer(bundle, lang)
		for id := range en {
			if _, ok := msgs[id]; !ok {
				problems = append(problems, fmt.Sprintf("%s: missing %s", lang, id))
			}
		}
		for id, v := range msgs {
			if lang == "fr" {
				problems = append(problems, frenchSpacing(id, v)...)
			}
			ref, ok := en[id]
			if !ok {
				problems = append(problems, fmt.Sprintf("%s: extra %s", lang, id))
				continue
			}
			if own, ok := ownFields[id]; ok {
				problems = append(problems, ownFieldProblems(lang, id, fields(v), own)...)
			} else if fv, fe := fields(v), fields(ref); !slices.Equal(fv, fe) {
				problems = append(problems, fmt.Sprintf("%s: %s uses fields %v, English uses %v", lang, id, fv, fe))
			}
			problems = append(problems, checkMessage(loc, lang, id, v)...)
		}
	}
	sort.Strings(problems)
	return problems
}

func checkMessage(loc *i18n.Localizer, lang, id string, v any) []string {
	data := map[string]any{}
	for _, f := range fields(v) {
		data[f] = "X"
	}
	var problems []string
	counts := []int{-1}
	if forms, plural := v.(map[string]any); plural {
		counts = []int{0, 1, 2, 1000000}
		for form, text := range forms {
			if !slices.Contains(pluralForms, form) || strings.TrimSpace(fmt.Sprint(text)) == "" {
				problems = append(problems, fmt.Sprintf("%s: %s: bad or empty plural form %q", lang, id, form))
			}
		}
	} else if s, _ := v.(string); strings.TrimSpace(s) == "" {
		problems = append(problems, fmt.Sprintf("%s: %s is empty", lang, id))
	}
	for _, n := range counts {
		cfg := &i18n.LocalizeConfig{MessageID: id, TemplateData: data}
		if n >= 0 {
			cfg.PluralCount = n
		}
		out, err := loc.Localize(cfg)
		if err != nil || strings.TrimSpace(out) == "" || strings.Contains(out, "<no value>") {
			problems = append(problems, fmt.Sprintf("%s: %s does not render for %d: %q %v", lang, id, n, out, err))
		}
	}
	return problems
}

// narrowNBSP is the narrow no-break space French sets before ? ! : ; and
// inside « »: a plain space would let WhatsApp break the line before them.
const narrowNBSP = '\u202f'

var actionRE = regexp.MustCompile(`{{.*?}}`)

// frenchSpacing finds the marks in a French message that lack their narrow
// no-break space. A mark counts as punctuation when a space, the end, or
// formatting follows it: the ! of *!voir*, the colons of https:// and of
// 15:00, and anything inside a template action are left alone.
func frenchSpacing(id string, v any) []string {
	var texts []string
	switch v := v.(type) {
	case string:
		texts = []string{v}
	case map[string]any:
		for _, form := range pluralForms {
			if t, ok := v[form]; ok {
				texts = append(texts, fmt.Sprint(t))
			}
		}
	}
	var problems []string
	for _, text := range texts {
		r := []rune(actionRE.ReplaceAllString(text, "X"))
		for i, c := range r {
			prev, next := ' ', ' '
			if i > 0 {
				prev = r[i-1]
			}
			if i+1 < len(r) {
				next = r[i+1]
			}
			bad := false
			switch {
			case strings.ContainsRune("?!:;", c):
				bad = prev != narrowNBSP && (unicode.IsSpace(next) || strings.ContainsRune("*)\"»", next))
			case c == '«':
				bad = next != narrowNBSP
			case c == '»':
				bad = prev != narrowNBSP
			}
			if bad {
				problems = append(problems, fmt.Sprintf("fr: %s: no narrow no-break space at %q in %q", id, c, text))
			}
		}
	}
	return problems
}

func readFiles(t *testing.T) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, lang := range Languages() {
		data, err := FS.ReadFile(lang + ".yaml")
		if err != nil {
			t.Fatal(err)
		}
		files[lang] = data
	}
	return files
}

func TestCatalogsAgree(t *testing.T) {
	for _, p := range checkCatalogs(readFiles(t)) {
		t.Error(p)
	}
}

// The checker itself must catch what it is there for.
func TestCheckCatalogsFindsProblems(t *testing.T) {
	files := map[string][]byte{
		"en": []byte("a: \"Hi {{.Name}}\"\nb: \"x\"\nn:\n  one: \"{{.N}} item\"\n  other: \"{{.N}} items\"\ndate:\n  time: \"{{.HH}}:{{.MM}}\"\n"),
		"es": []byte("a: \"Hola {{.Nombre}}\"\nb: \"\"\nn:\n  one: \"{{.N}} cosa\"\n  other: \"{{.N}} cosas\"\nextra: \"y\"\n" +
			"date:\n  time: \"{{.H}}:{{.HH}}{{.MM}}{{.X}}\"\n"),
		"fr": []byte("a: \"Bonjour {{.Name}}\"\nn:\n  one: \"{{.N}} chose\"\n" +
			"date:\n  time: \"{{.H}} h\"\n" +
			"p1: \"Merci !\"\np2: \"Merci!\"\np3: \"« {{.X}}\u202f»\"\np4: \"*!voir* https://x 15:00 {{.A}}\u202f: oui\u202f?\"\n"),
	}
	got := strings.Join(checkCatalogs(files), "\n")
	for _, want := range []string{
		"es: a uses fields [Nombre]",
		"es: b is empty",
		"es: extra extra",
		"fr: missing b",
		"fr: n does not render for 2",
		"fr: p1: no narrow no-break space at '!'",
		"fr: p2: no narrow no-break space at '!'",
		"fr: p3: no narrow no-break space at '«'",
		"fr: date.time must use one of [MM]",
		"es: date.time must use one of [H HH]",
		"es: date.time uses field X",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("problems lack %q; got:\n%s", want, got)
		}
	}
}

// banned are words and turns of phrase a native reader would stop at, per
// language, each with why (docs/LANGUAGE.md has the term table they come
// from). Matched case-insensitively against every message.
var banned = map[string][]struct{ re, why string }{
	"en": {
		{`own clock`, "an idiom: say 'the time where you are'"},
		{`called back`, "an idiom: say 'stopped'"},
		{`also works as`, "say 'you can also write'"},
		{`open questions?\b`, "'open question' means open-ended: say 'unanswered' or 'not yet solved'"},
		{`(^|[^!])\bdigests?\b`, "'digest' is hard for second-language readers: say 'weekly summary' (the command !digest stays)"},
		{`write them out`, "an idiom for transcribing: say 'turn them into text'"},
		{`for example: {{\.Usage}}`, "Usage is a pattern, not an example: 'Write it like this:'"},
		{`who asked {{\.Ref}}`, "a poll is started, not asked: 'the person who started P4'"},
		{`\bE#`, "show a real number, like E2"},
	},
	"es": {
		{`preguntas? abiertas?|sigue abierta`, "'abierta' means open-ended: 'sin respuesta' or 'sin resolver'"},
		{`grupos? de aliadas|las aliadas`, "people are 'integrantes'; the group is a 'grupo aliado'"},
		{`antigua integrante`, "the term is 'exintegrante'"},
		{`\b(su|el|los|un) ID\b`, "an ID is a 'número'"},
		{`desuscrib`, "not standard Spanish: 'darse de baja' (!baja)"},
		{`te apunt|confirmó que|confirmaron que|confirmaciones`, "to RSVP is 'inscribirse'"},
		{`contesta a este mensaje`, "reads as telling the asker to answer herself: 'respondan citando este mensaje'"},
		{`quizás sepas alguna`, "she may know an answer, not a question"},
		{`solo tú recibes las respuestas|responden contestando`, "wrong (answers are public) and redundant"},
		{`ya está escrit|quedó eliminad`, "agrees with an item whose gender varies: rephrase"},
		{`\bE#`, "show a real number, like E2"},
		{`sé la primera|las demás`, "gendered collective: 'el resto del Lab'"},
		{`\belementos?\b`, "an item is an 'aporte'"},
		{`\bremover\b`, "a calque of 'remove': 'eliminar'"},
		{`vosotr|vuestr|podéis`, "Spain's vosotros: the register is tú / ustedes"},
		{`que lo conocían?\b`, "a calque of 'groups that knew about it': 'los grupos donde lo anuncié'"},
		{`tu reloj`, "a calque of 'your clock': 'tu hora local'"},
		{`van a preguntas`, "a calque of 'answers go to questions': 'solo se puede responder a preguntas'"},
		{`fue reemplazada por`, "an English passive: 'Lucía reemplazó tu traducción por la suya'"},
		{`votó por qué`, "'por qué' reads as 'why': 'qué votó cada persona'"},
		{`como texto`, "WhatsApp calls a caption 'comentario': 'como comentario'"},
		{`con un toque`, "a calque of 'with a tap': 'tocando una opción'"},
		{`{{\.N}} (de )?votos`, "it counts people, not votes (a vote may pick several options): 'N personas votaron'"},
		{`por ejemplo: {{\.Usage}}`, "Usage is a pattern, not an example: 'Escríbela así:'"},
	},
	"fr": {
		{`questions? ouvertes?`, "means open-ended: 'sans réponse' or 'pas encore résolue'"},
		{`identifiant|\bson ID\b`, "an ID is a 'numéro'"},
		{`calendrier`, "one word for it: 'agenda'"},
		{`ex-membre`, "one word for it: 'ancienne membre'"},
		{`les partenaires\b`, "partenaires are the organisations; people are 'membres'"},
		{`répondent en répondant|pour répondre, répondez`, "redundant"},
		{`est supprimé|est déjà écrit|traduit par`, "agrees with an item whose gender varies (astuce, question…): rephrase"},
		{`a été annulé`, "reads as a new cancellation: 'est déjà annulé'"},
		{`vous en connaissez peut-être une`, "she may know an answer, not a question"},
		{`participerez|vous venez à`, "to RSVP is 's'inscrire'"},
		{`\*!(repondre|resume|evenements?|desabonner)\*`, "command words are shown with their accents"},
		{`\bE#`, "show a real number, like E2"},
		{`élément`, "an item is a 'contenu'"},
		{`votre horloge`, "a calque of 'your clock'"},
		{`qui le connaissai`, "a calque of 'groups that knew of it': 'les groupes concernés'"},
		{`retraite`, "means pension: 'rencontre'"},
		{`\bde {{\.Name}}`, "needs elision before a vowel: 'par {{.Name}}'"},
		{`répondue`, "not French: 'a reçu une réponse'"},
		{`en ouvrir une`, "agrees with a result that may be an event: 'Pour ouvrir un résultat'"},
		{`garde sur vous`, "a calque of 'keep about you': 'ce que j'ai enregistré sur vous'"},
		{`révoqué`, "jargon for an invite link: 'n'est plus valide'"},
		{`presque\W*!`, "reads like a quiz to someone whose command failed: 'Pas tout à fait.'"},
		{`adressez-vous`, "office-like: 'demandez à quelqu'un de l'équipe'"},
		{`votants?\b`, "a gendered noun: 'N personnes ont voté'"},
		{`a posé {{\.Ref}}|l'a posé[^e]|posé le sondage`, "a question is posed, a poll is launched: 'la personne qui a lancé P4'"},
		{`d'un simple geste`, "vague: 'en touchant une option'"},
		{`ne l'a plus`, "a calque of 'WhatsApp no longer has it': 'il n'est plus disponible sur WhatsApp'"},
		{`par exemple.?: {{\.Usage}}`, "Usage is a pattern, not an example: 'Écrivez-le ainsi :'"},
		{`part vers|partira vers`, "an announcement is sent, by labbot: 'J'envoie N3 à …', 'sera envoyée'"},
		{`\*!\S+ (plus|anonyme|le|liste|annuler|envoyer)\*`, "a sub-word goes after the bold command word: *!questions* plus"},
	},
}

// bannedIn lists the banned phrases in a set of message files.
func bannedIn(files map[string][]byte) []string {
	var problems []string
	for lang, rules := range banned {
		var raw map[string]any
		if err := yaml.Unmarshal(files[lang], &raw); err != nil {
			return []string{fmt.Sprintf("%s: %v", lang, err)}
		}
		flat := map[string]any{}
		flatten("", raw, flat)
		for id, v := range flat {
			text := fmt.Sprint(v)
			for _, r := range rules {
				if m := regexp.MustCompile(`(?i)` + r.re).FindString(text); m != "" {
					problems = append(problems, fmt.Sprintf("%s: %s says %q: %s", lang, id, m, r.why))
				}
			}
		}
	}
	sort.Strings(problems)
	return problems
}

// TestNoBannedPhrases: what a native reviewer struck out stays out.
func TestNoBannedPhrases(t *testing.T) {
	for _, p := range bannedIn(readFiles(t)) {
		t.Error(p)
	}
}

// The banned list must catch what it is there for.
func TestBannedPhrasesAreCaught(t *testing.T) {
	files := map[string][]byte{
		"en": []byte("a: \"Lists the open questions\"\nb: \"Write *!digest* for the summary\"\nc: \"this week's digest\"\n"),
		"es": []byte("a: \"Escribe su ID\"\nb: \"el idioma\"\nc: \"Avisé a los grupos que lo conocían\"\nd: \"con la hora de tu reloj\"\ne: \"Avisé a los grupos donde lo anuncié, en tu hora local\"\n"),
		"fr": []byte("a: \"T1 est supprimé\"\nb: \"*!repondre*\"\nc: \"*!répondre*\"\n"),
	}
	got := strings.Join(bannedIn(files), "\n")
	for _, want := range []string{"en: a says", "en: c says", "es: a says", "es: c says", "es: d says", "fr: a says", "fr: b says"} {
		if !strings.Contains(got, want) {
			t.Errorf("banned phrases lack %q; got:\n%s", want, got)
		}
	}
	for _, clean := range []string{"en: b says", "es: b says", "es: e says", "fr: c says"} {
		if strings.Contains(got, clean) {
			t.Errorf("banned phrases wrongly list %q; got:\n%s", clean, got)
		}
	}
}

// TestReadmeFrenchTypography holds README's French guide to the catalog's
// typography: a no-break space before ? ! : ; and inside « ». What she
// types, in `code`, is left as she would type it.
func TestReadmeFrenchTypography(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, guide, ok := strings.Cut(string(data), "### En français\n")
	if !ok {
		t.Fatal("README has no French guide (### En français)")
	}
	guide, _, _ = strings.Cut(guide, "\n## ")
	guide = regexp.MustCompile("`[^`]*`").ReplaceAllString(guide, "X")
	for _, line := range strings.Split(guide, "\n") {
		for _, p := range frenchSpacing("README", line) {
			t.Error(p)
		}
	}
}
