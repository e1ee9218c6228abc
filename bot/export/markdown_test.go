package export

import (
	"bytes"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // zones load in the small Docker image too

	"labbot/privacy"
)

// reportLab is a Knowledge with a bit of everything a report words: a
// private group, an empty one, items without a tag, an anonymous question,
// forgotten and number-named members, events for one and for two.
func reportLab() Knowledge {
	first := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	return Knowledge{
		Groups: []KnowledgeGroup{
			{Key: "kampala", Name: "Kampala circle", Lang: "en", Private: true, Items: []KnowledgeItem{
				{ID: "T1", Lang: "es", Author: "Ana", Created: first, Text: "Pregunten a las niñas #educación", Tags: []string{"educación", "fondos"},
					Translations: map[string]string{"fr": "Demandez aux filles"}, TranslatedBy: map[string]string{"fr": privacy.AMember}},
			}},
			{Key: "dakar", Name: "Partenaires de Dakar", Lang: "fr", Items: []KnowledgeItem{}},
			{Name: DirectGroupName, Items: []KnowledgeItem{
				{ID: "Q1", Lang: "fr", Anonymous: true, Created: first, Text: "Comment commencer ?", Answers: []KnowledgeItem{
					{ID: "A1", Lang: "en", Author: privacy.FormerMember, Created: first, Text: "Start small."},
				}},
			}},
		},
		Events: []KnowledgeEvent{
			{ID: "E1", Title: "Webinar", Start: time.Date(2026, 12, 9, 15, 0, 0, 0, time.UTC), RSVPs: 1},
			{ID: "E2", Title: "Meeting", Start: time.Date(2026, 12, 12, 7, 30, 0, 0, time.UTC), RSVPs: 2, Cancelled: true, Group: "kampala"},
		},
	}
}

func report(t *testing.T, lang string, zone *time.Location, k Knowledge) string {
	t.Helper()
	write, err := Markdown(lang, zone)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := write(&out, k); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

func TestMarkdownLanguages(t *testing.T) {
	bogota, _ := time.LoadLocation("America/Bogota")
	paris, _ := time.LoadLocation("Europe/Paris")
	tests := []struct {
		lang string
		zone *time.Location
		want []string
	}{
		{"en", time.UTC, []string{
			"# Learning Lab knowledge base\n",
			"## Kampala circle (private)\n",
			"- **T1** (Spanish · Ana · 1 December 2026) Pregunten a las niñas #educación · also #fondos\n",
			"  - *French:* Demandez aux filles — translated by a member\n",
			"## Partenaires de Dakar\n\n_Nothing shared yet._\n",
			"## Lab-wide (shared in direct messages)\n\n### Other\n",
			"- **Q1** (French · anonymous · 1 December 2026) Comment commencer ?\n",
			"  - **A1** (English · a former member · 1 December 2026) Start small.\n",
			"## Events\n\n- **E1**",
			"- **E1** (9 December 2026, 15:00 UTC · 1 RSVP) Webinar\n",
			"- **E2** (12 December 2026, 07:30 UTC · 2 RSVPs · cancelled · Kampala circle only) Meeting\n",
		}},
		{"es", bogota, []string{
			"# Base de conocimientos del Learning Lab\n",
			"## Kampala circle (privado)\n",
			"- **T1** (español · Ana · 1 de diciembre de 2026) Pregunten a las niñas #educación · también #fondos\n",
			"  - *francés:* Demandez aux filles — traducción de una integrante\n",
			"## Partenaires de Dakar\n\n_Todavía no se compartió nada._\n",
			"## Todo el Lab (compartido en mensajes privados)\n\n### Otros temas\n",
			"- **Q1** (francés · anónima · 1 de diciembre de 2026) Comment commencer ?\n",
			"  - **A1** (inglés · una exintegrante · 1 de diciembre de 2026) Start small.\n",
			"## Eventos\n\n_Las horas son las de la zona horaria del Lab: Bogotá._\n",
			"- **E1** (9 de diciembre de 2026, 10:00 UTC-5 · 1 persona inscrita) Webinar\n",
			"- **E2** (12 de diciembre de 2026, 2:30 UTC-5 · 2 personas inscritas · cancelado · solo para Kampala circle) Meeting\n",
		}},
		{"fr", paris, []string{
			"# Base de connaissances du Learning Lab\n",
			"## Kampala circle (privé)\n",
			"- **T1** (espagnol · Ana · 1er décembre 2026) Pregunten a las niñas #educación · voir aussi #fondos\n",
			"  - *français\u202f:* Demandez aux filles — traduction par une membre\n",
			"## Partenaires de Dakar\n\n_Rien n'a encore été partagé._\n",
			"## Tout le Lab (partagé en messages privés)\n\n### Autres sujets\n",
			"- **Q1** (français · anonyme · 1er décembre 2026) Comment commencer ?\n",
			"  - **A1** (anglais · une ancienne membre · 1er décembre 2026) Start small.\n",
			"## Événements\n\n_Les heures sont celles du fuseau horaire du Lab\u202f: Paris._\n",
			"- **E1** (9 décembre 2026 à 16\u00a0h\u00a000 UTC+1 · 1 personne inscrite) Webinar\n",
			"- **E2** (12 décembre 2026 à 8\u00a0h\u00a030 UTC+1 · 2 personnes inscrites · annulé · réservé au groupe Kampala circle) Meeting\n",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			got := report(t, tt.lang, tt.zone, reportLab())
			for _, want := range tt.want {
				if !strings.Contains(got, want) {
					t.Errorf("report has no %q:\n%s", want, got)
				}
			}
			// Not one English word of the data formats, nor a message ID.
			for _, leak := range []string{"export.", "RSVP", "(private)", privacy.FormerMember, DirectGroupName} {
				if tt.lang != "en" && strings.Contains(got, leak) {
					t.Errorf("%s report shows %q:\n%s", tt.lang, leak, got)
				}
			}
		})
	}
}

// With no events, the report says so in its language; a Lab in UTC is
// told no zone beyond the times' own "UTC".
func TestMarkdownNoEvents(t *testing.T) {
	k := Knowledge{Groups: []KnowledgeGroup{}}
	for lang, want := range map[string]string{"en": "_No events._", "es": "_No hay eventos._", "fr": "_Aucun événement._"} {
		got := report(t, lang, nil, k)
		if !strings.HasSuffix(got, "\n\n"+want+"\n") || strings.Contains(got, "UTC") {
			t.Errorf("%s report = %q, want it to end with %q and name no zone", lang, got, want)
		}
	}
}

// Spanish and French count their plurals as their readers do: French
// says "0 personne inscrite", as it says "1".
func TestMarkdownRSVPPlurals(t *testing.T) {
	for _, tt := range []struct {
		lang string
		n    int
		want string
	}{
		{"en", 0, "0 RSVPs"}, {"en", 1, "1 RSVP"},
		{"es", 0, "0 personas inscritas"}, {"es", 1, "1 persona inscrita"},
		{"fr", 0, "0 personne inscrite"}, {"fr", 1, "1 personne inscrite"}, {"fr", 3, "3 personnes inscrites"},
	} {
		k := Knowledge{Events: []KnowledgeEvent{{ID: "E1", Title: "x", Start: t0, RSVPs: tt.n}}}
		if got := report(t, tt.lang, nil, k); !strings.Contains(got, " · "+tt.want+")") {
			t.Errorf("%s, %d RSVPs: %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}

func TestMarkdownRefusesUnknownLanguage(t *testing.T) {
	if _, err := Markdown("de", nil); err == nil || !strings.Contains(err.Error(), `"de"`) {
		t.Errorf("Markdown(de) = %v, want an error naming it", err)
	}
}

// Review of issue 16: a tag written two ways is one heading, shown as
// first written; headings sort as readers do; a tag her text shows,
// however written, is not repeated.
func TestMarkdownTagWrittenTwoWays(t *testing.T) {
	k := Knowledge{Groups: []KnowledgeGroup{{Key: "g", Name: "G", Lang: "fr", Items: []KnowledgeItem{
		{ID: "T1", Lang: "fr", Author: "Awa", Created: t0, Text: "Les foires de #Santé", Tags: []string{"Santé"}},
		{ID: "T2", Lang: "fr", Author: "Awa", Created: t0, Text: "Vaccins", Tags: []string{"sante"}},
		{ID: "T3", Lang: "en", Author: "Ana", Created: t0, Text: "Zinc for #health", Tags: []string{"Zinc", "Health"}},
		{ID: "T4", Lang: "en", Author: "Ana", Created: t0, Text: "Water", Tags: []string{"agua"}},
	}}}}
	got := report(t, "en", time.UTC, k)
	if n := strings.Count(got, "### #"); n != 3 || !strings.Contains(got, "### #Santé\n") || strings.Contains(got, "### #sante") {
		t.Errorf("want 3 headings, #Santé once:\n%s", got)
	}
	if strings.Index(got, "### #agua") > strings.Index(got, "### #Santé") || strings.Index(got, "### #Santé") > strings.Index(got, "### #Zinc") {
		t.Errorf("headings out of order:\n%s", got)
	}
	if strings.Contains(got, "also #Health") {
		t.Errorf("a tag her text shows is repeated:\n%s", got)
	}
}
