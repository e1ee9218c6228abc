package bot

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"labbot/bot/config"
)

func TestParseRef(t *testing.T) {
	tests := []struct {
		in   string
		kind string
		num  int64
		ok   bool
	}{
		{"T12", "T", 12, true}, {"t12", "T", 12, true}, {" q7 ", "Q", 7, true}, {"A3", "A", 3, true}, {"r5", "R", 5, true},
		{"E2", "", 0, false}, {"T", "", 0, false}, {"12", "", 0, false}, {"T-1", "", 0, false}, {"T1234567890", "", 0, false}, {"TT1", "", 0, false},
	}
	for _, tc := range tests {
		kind, num, ok := parseRef(tc.in)
		if kind != tc.kind || num != tc.num || ok != tc.ok {
			t.Errorf("parseRef(%q) = %q %d %v; want %q %d %v", tc.in, kind, num, ok, tc.kind, tc.num, tc.ok)
		}
	}
}

func TestTagsIn(t *testing.T) {
	got := tagsIn("Escuchar #Educación, luego #educacion y #salud-mental! #")
	if strings.Join(got, " ") != "Educación salud-mental" {
		t.Errorf("tagsIn = %q", got)
	}
}

// TestTagsKeepTheirAccents: a tag is shown as she wrote it (#santé) and
// found however it is typed (#sante, #SANTÉ).
func TestTagsKeepTheirAccents(t *testing.T) {
	h := newHarness(t, nil)
	h.say(t, amina, "nairobi", "!resource https://example.org/guide Guide de la #santé des filles")
	for _, typed := range []string{"#sante", "#SANTÉ", "santé"} {
		h.say(t, amina, "", "!ressources "+typed)
		got := h.lastTo(t, amina).Text
		if title, _, _ := strings.Cut(got, "\n"); !strings.Contains(title, "#santé") || !strings.Contains(got, "example.org/guide") {
			t.Errorf("!ressources %s: %q, want the resource under a title naming #santé", typed, got)
		}
	}
}

func TestRemoveIsForTheAuthorOrStaff(t *testing.T) {
	h := newHarness(t, nil)
	h.say(t, amina, "nairobi", "!tip keep receipts #budget")
	h.say(t, "+15550000200", "nairobi", "!remove T1")
	if got := h.lastText(); !strings.Contains(got, "Only the person who shared *T1*") {
		t.Fatalf("another member's remove: %q", got)
	}
	if _, err := h.store.ItemByRef(context.Background(), "T", 1); err != nil {
		t.Fatalf("the refused remove removed T1: %v", err)
	}
	h.say(t, ana, "nairobi", "!remove t1")
	if got := h.lastText(); got != "(reacts ✅)" || h.hasItem(t, "T", 1) {
		t.Errorf("staff remove: %q", got)
	}
	h.say(t, amina, "nairobi", "!find receipts")
	if got := h.lastText(); !strings.Contains(got, "I found nothing") {
		t.Errorf("removed tip still found: %q", got)
	}
}

func TestAnonymousQuestionNeverNamesTheAsker(t *testing.T) {
	h := newHarness(t, nil)
	const zainab = "+15550000777"
	h.say(t, zainab, "nairobi", "hello")
	h.say(t, zainab, "dakar", "bonjour")
	h.askAnon(t, zainab, "!ask anon How do you pay for core costs?", "1")
	h.say(t, amina, "nairobi", "!show Q1")
	var posted string
	for _, m := range h.tr.messages() {
		if strings.Contains(m.Text, "Name "+zainab) || strings.Contains(m.Text, zainab) {
			t.Errorf("a message names the asker: %q", m.Text)
		}
		if m.To.Chat != zainab && strings.Contains(m.Text, "core costs") && posted == "" {
			posted = m.To.ID
		}
	}
	if posted == "" {
		t.Fatal("the question was not posted to her groups")
	}
	// An answer by quote-reply reaches her by direct message.
	g, _ := h.store.GroupByKey(context.Background(), "nairobi")
	h.deliver(t, Message{Chat: g.JID, Group: true, Sender: amina, SenderName: "Amina", Text: "A reserve fund.", QuotedID: posted, ID: "q-reply"})
	got := h.tr.messages()
	last := got[len(got)-1]
	if last.To.Chat != zainab || !strings.Contains(last.Text, "A reserve fund") {
		t.Errorf("the asker was told %q in %s; want a direct message with the answer", last.Text, last.To.Chat)
	}
}

func TestQuoteReplyToAnythingButAQuestionIsChat(t *testing.T) {
	h := newHarness(t, nil)
	h.say(t, amina, "nairobi", "!help")
	help := h.tr.messages()[0].To.ID
	g, _ := h.store.GroupByKey(context.Background(), "nairobi")
	h.deliver(t, Message{Chat: g.JID, Group: true, Sender: amina, Text: "thanks!", QuotedID: help, ID: "x1"})
	h.deliver(t, Message{Chat: g.JID, Group: true, Sender: amina, Text: "and this?", QuotedID: "unknown", ID: "x2"})
	if n := len(h.tr.messages()); n != 1 {
		t.Errorf("labbot answered %d quote-replies to non-questions, want none", n-1)
	}
}

func TestTooLongAndBadLinks(t *testing.T) {
	h := newHarness(t, nil)
	h.say(t, amina, "bogota", "!consejo "+strings.Repeat("palabra ", 600))
	if got := h.lastText(); !strings.Contains(got, "4000 caracteres") {
		t.Errorf("over-long tip: %q", got)
	}
	h.say(t, amina, "dakar", "!ressource javascript:alert(1) titre")
	if got := h.lastText(); !strings.Contains(got, "Ce lien ne semble pas correct") {
		t.Errorf("bad link: %q", got)
	}
	if n, err := h.store.Search(context.Background(), storeViewerAll(), "palabra titre", 5); err != nil || len(n) != 0 {
		t.Errorf("search for the refused items = %d, %v; want none saved", len(n), err)
	}
}

// On a phone she may start a new line after "anon": still anonymous.
func TestAnonymousAfterANewLine(t *testing.T) {
	h := newHarness(t, nil)
	const zainab = "+15550000777"
	h.say(t, zainab, "nairobi", "hello")
	h.askAnon(t, zainab, "!ask anon\nHow do we pay rent?", "1")
	h.say(t, amina, "nairobi", "!show Q1")
	if got := h.lastText(); !strings.Contains(got, "anonymous") || strings.Contains(got, "Name") {
		t.Errorf("show Q1 = %q; want it anonymous", got)
	}
}

// What the anonymous asker writes in her own direct messages stays hers:
// a reply there is no answer.
func TestAnonymousAskerStaysAnonymous(t *testing.T) {
	h := newHarness(t, nil)
	const zainab = "+15550000777"
	h.say(t, zainab, "nairobi", "hello")
	h.askAnon(t, zainab, "!ask anon How do we pay rent?", "1")
	confirm := h.lastTo(t, zainab).To.ID
	h.deliver(t, Message{Chat: zainab, Sender: zainab, SenderName: "Zainab", Text: "thanks", QuotedID: confirm, ID: "dm-reply"})
	h.say(t, amina, "nairobi", "!show Q1")
	got := h.lastText()
	if strings.Contains(got, "thanks") || strings.Contains(got, "Name") || strings.Contains(got, "Zainab") {
		t.Errorf("show Q1 = %q; want no reply of hers as an answer, and no name", got)
	}
}

func TestStaffRemovesPrivateItemsFromAnywhere(t *testing.T) {
	h := newHarness(t, func(c *config.Config) { c.Groups[2].Private = true })
	h.say(t, amina, "dakar", "!astuce secret")
	h.say(t, ana, "", "!remove T1")
	if got := h.lastText(); got != "(reacts ✅)" || h.hasItem(t, "T", 1) {
		t.Errorf("staff remove from a DM: %q", got)
	}
}

func TestShowCapsAnswers(t *testing.T) {
	h := newHarness(t, nil)
	h.say(t, amina, "nairobi", "!ask why?")
	for i := range 12 {
		h.say(t, ana, "nairobi", fmt.Sprint("!answer Q1 because ", i))
	}
	h.say(t, amina, "nairobi", "!show Q1")
	got := h.lastText()
	if strings.Count(got, "because") != 10 || !strings.Contains(got, "…and 2 more answers.") {
		t.Errorf("show of a question with 12 answers = %q", got)
	}
}

func TestAnonymousQuestionFromAPrivateGroupStaysThere(t *testing.T) {
	h := newHarness(t, func(c *config.Config) { c.Groups[1].Private = true }) // bogota
	h.say(t, "+573000000001", "bogota", "hola")
	h.askAnon(t, "+573000000001", "!preguntar anónimo ¿Cómo pagamos el arriendo?", "2") // 1 the Lab, 2 bogota
	if n := countTo(h.tr.messages(), "120363000000000002@g.us", "arriendo"); n != 1 {
		t.Fatalf("the private group got the question %d times, want 1", n)
	}
	for _, text := range []string{"!show Q1", "!find arriendo", "!questions"} {
		h.say(t, amina, "nairobi", text)
		if got := h.lastText(); strings.Contains(got, "pagamos") {
			t.Errorf("%s in another group shows the private group's question: %q", text, got)
		}
	}
}
