package export

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"labbot/privacy"
	"labbot/store"
)

// Every translation an export carries is credited, as !show credits it:
// by name, a former member once forgotten, and "a member" for the
// anonymous asker's own (a name would name her).
func TestExportCreditsTranslators(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	tip := l.add(t, store.Item{Kind: store.KindTip, Body: "Pregunten a las niñas", AuthorID: l.ana.ID, GroupID: l.open.ID})
	cleo, _, _ := l.SeeMember(ctx, store.Incoming{Sender: "+3"}, "Cleo", l.open.ID, t0)
	dora, _, _ := l.SeeMember(ctx, store.Incoming{Sender: "+4"}, "Dora", l.open.ID, t0)
	q := l.add(t, store.Item{Kind: store.KindQuestion, Body: "¿Cómo empezamos?", AuthorID: dora.ID, Anonymous: true})
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(l.SetTranslation(ctx, tip, "en", "Ask the girls", l.bea.ID, t0))
	must(l.SetTranslation(ctx, tip, "fr", "Demandez aux filles", cleo.ID, t0))
	_, _, err := l.AddTranslation(ctx, q, store.Translation{Lang: "en", Body: "How do we start?", TranslatorID: dora.ID, Anonymous: true},
		func(store.Translation) bool { return true }, t0)
	must(err)
	must(l.ForgetMember(ctx, cleo.ID))
	k, err := Read(ctx, l.reader(t))
	must(err)
	got := map[string]map[string]string{}
	for _, g := range k.Groups {
		for _, it := range g.Items {
			got[it.ID] = it.TranslatedBy
		}
	}
	if by := got["T1"]; by["en"] != "Bea" || by["fr"] != privacy.FormerMember {
		t.Errorf("T1 translated by %v; want en Bea, fr %q", by, privacy.FormerMember)
	}
	if by := got["Q1"]; by["en"] != privacy.AMember {
		t.Errorf("Q1 translated by %v; want en %q", by, privacy.AMember)
	}
	for _, format := range []string{"json", "md", "csv"} {
		var out bytes.Buffer
		write, _ := FormatNamed(format)
		must(write(&out, k))
		for _, want := range []string{"Bea", privacy.FormerMember, privacy.AMember} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("%s export has no %q:\n%s", format, want, out.String())
			}
		}
		if strings.Contains(out.String(), "Dora") {
			t.Errorf("%s export names the anonymous asker:\n%s", format, out.String())
		}
	}
}
