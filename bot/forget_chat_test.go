package bot

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"labbot/store"
)

// Found by the outside review: after !forget, a plain "thanks" to labbot
// by direct message is a stranger's message, refused politely; the
// refusal stayed in the outbox with her number, so labbot.db named her
// again though she sent no command. Sent, it keeps neither her number nor
// its text.
func TestForgottenMembersPlainChatLeavesNoNumber(t *testing.T) {
	h, beth := withATip(t)
	h.say(t, beth, "nairobi", "!forget")
	n := len(h.tr.messages())
	h.say(t, beth, "", "thanks, bye")
	if got := len(h.tr.messages()) - n; got != 1 {
		t.Fatalf("%d messages answered her plain chat, want the one refusal", got)
	}
	if h.closedDBNames(t, beth) {
		t.Error("labbot.db names her after her plain chat")
	}
}

// bethKE is a member with a Kenyan number, as partners in nairobi have.
const bethKE = "+254700000020"

// withATip is a harness where bethKE has shared a tip in nairobi.
func withATip(t *testing.T) (*harness, string) {
	h := newHarness(t, nil)
	h.say(t, bethKE, "nairobi", "!tip Keep a copy of your papers")
	return h, bethKE
}

// closedDBNames closes h's store and reports whether labbot.db's bytes
// hold number, with or without its +.
func (h *harness) closedDBNames(t *testing.T, number string) bool {
	t.Helper()
	if err := h.store.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(h.path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Contains(raw, []byte(number[1:]))
}

// Issue 18: after !forget, her next direct message is told she is
// forgotten and how to come back (a command in her group), in words every
// stranger gets (told to her number alone, they would tell whoever holds
// it now that she was in the Lab: outside review); it brings her back no
// more than the refusal did, and labbot.db still names her nowhere, also
// after a restart.
func TestForgottenMemberIsToldSheIsForgotten(t *testing.T) {
	path := filepath.Join(t.TempDir(), store.FileName)
	h, err := buildHarness(path, t0, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	const beth = bethKE
	h.say(t, beth, "nairobi", "!tip Keep a copy of your papers")
	h.say(t, beth, "nairobi", "!forget")
	h.say(t, beth, "", "hello?")
	told := h.lastText()
	for _, want := range []string{"If you asked me to forget you, I did", "Si me pediste que te olvidara, ya lo hice", "*!help*", "*!ayuda*", "*!aide*"} {
		if !strings.Contains(told, want) {
			t.Errorf("her DM after !forget got %q, want %q in it", told, want)
		}
	}
	if _, err := h.store.MemberByUser(context.Background(), beth); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("her DM after !forget brought her back: %v", err)
	}
	now := h.clock.Now()
	h.store.Close()
	if raw, err := os.ReadFile(path); err != nil || bytes.Contains(raw, []byte(beth[1:])) {
		t.Fatalf("labbot.db names her after she was told she is forgotten (%v)", err)
	}
	// A restart a day later: still told, from the hash forget keeps.
	h, err = buildHarness(path, now.Add(strangerEvery), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer h.store.Close()
	h.n = 100 // new message IDs: the first run's are handled
	h.say(t, beth, "", "!help")
	if got := h.lastText(); !strings.Contains(got, "If you asked me to forget you, I did") {
		t.Errorf("her DM after a restart got %q, want that she is forgotten", got)
	}
	// Coming back is what the text says: a command in her group.
	h.say(t, beth, "nairobi", "!help")
	h.say(t, beth, "", "!help")
	if got := h.lastText(); !strings.Contains(got, "!tip") {
		t.Errorf("after a command in her group, her DM got %q, want the help", got)
	}
}

// Found by the outside trial of issue 18: !forget said twice, the second
// within the repeat limit, brought her back (a command in her group) and
// was then silenced as a repeat, leaving her a member again. Said again,
// it forgets again, in any of the three words, and brings nobody back.
func TestForgetTwiceStaysForgotten(t *testing.T) {
	h, beth := withATip(t)
	for _, word := range []string{"!forget", "!forget", "!olvidar", "!oublier"} {
		h.say(t, beth, "nairobi", word)
		if _, err := h.store.MemberByUser(context.Background(), beth); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("after %s she is a member again (%v)", word, err)
		}
	}
	if h.closedDBNames(t, beth) {
		t.Fatal("labbot.db names her after !forget said again")
	}
}

// Found by the outside review: the loose forms (issue 18) ran !forget, which
// cannot be undone, on "! forget it, we'll sort it out tomorrow" or
// "!olvidar.". Chat stays chat; a loose !forget alone is asked about.
func TestLooseForgetForgetsNobody(t *testing.T) {
	h, beth := withATip(t)
	for _, text := range []string{"! forget it, we'll sort it out tomorrow", "!olvidar.", "!forget?", "! oublier"} {
		h.say(t, beth, "nairobi", text)
		if _, err := h.store.MemberByUser(context.Background(), beth); err != nil {
			t.Fatalf("%q forgot her (%v)", text, err)
		}
	}
	if got := h.lastText(); !strings.Contains(got, "*!oublier*") {
		t.Errorf("a loose !oublier got %q, want did you mean *!oublier*", got)
	}
}

// Found by the outside review: a forgotten member's typo in her group
// ("!tpi …") is chat from someone labbot does not know. A "did you mean"
// would quote her message, and its outbox row name her again.
func TestForgottenMembersTypoLeavesNoNumber(t *testing.T) {
	h, beth := withATip(t)
	h.say(t, beth, "nairobi", "!forget")
	n := len(h.tr.messages())
	h.say(t, beth, "nairobi", "!tpi Ask for receipts")
	if got := len(h.tr.messages()) - n; got != 0 {
		t.Errorf("her typo after !forget got %d replies (%q), want none", got, h.lastText())
	}
	// Her unsure "!forget?" is asked about, and the quote that asks is
	// blanked once sent like forget's own reply (second outside review).
	for _, text := range []string{"!forget?", "!olvidar.", "! oublier"} {
		h.say(t, beth, "nairobi", text)
	}
	if h.closedDBNames(t, beth) {
		t.Fatal("labbot.db names her after her typo")
	}
}
