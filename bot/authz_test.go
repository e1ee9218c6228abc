package bot

import (
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"labbot/locales"
)

// authzWho is who may run a command: DESIGN.md's "who" column.
type authzWho int

const (
	authzMember authzWho = iota // "all" and "member": anyone in a partner group, staff included
	authzAuthor                 // "author or staff"
	authzStaff
)

// authzTextFn renders a text as actor a reads it.
type authzTextFn func(h *harness, a authzActor) string

// reacted is how the recorder writes labbot's reaction to a command done
// (issue 14): a confirmation with nothing she needs to read.
const reacted = "(reacts ✅)"

// answerConfirmed is how an answer is confirmed: a ✅ in a group, where
// the asker's notice names it; its ID by direct message.
func answerConfirmed(_ *harness, _ authzActor, chat string) string {
	if chat != "" {
		return reacted
	}
	return "*A3*"
}

func authzLit(s string) authzTextFn { return func(*harness, authzActor) string { return s } }

func authzText(id string, data vars) authzTextFn {
	return func(h *harness, a authzActor) string { return h.bot.texts.msg(a.lang, id, data) }
}

// authzRow is one command in the matrix: an example of its use, and who
// may use it where, as DESIGN.md says, written here rather than read from
// the command table, which is what the matrix checks.
type authzRow struct {
	text         string
	who          authzWho
	author       string      // authzAuthor: who shared the item text names
	refusal      authzTextFn // authzAuthor: the refusal, when not remove's
	staffNear    authzTextFn // authzStaff: a member's refusal, when not staff_only (issue 18)
	groupOnly    bool        // in a DM it asks for a group (!setup)
	unregistered bool        // staff may use it in a group that is not a partner group
	want         authzTextFn // a part of the answer where it is allowed
	// wantIn, when set, is want for an answer that depends on the chat.
	wantIn func(h *harness, a authzActor, chat string) string
	// inPrivate, when set, is what becomes of it in the private bogota,
	// where it is allowed: what is written there about a Lab-wide item
	// stays there (an answer is kept in the group, a translation refused).
	inPrivate *authzWant
}

func authzRows() map[string]authzRow {
	return map[string]authzRow{
		"help": {text: "!help", want: authzText("help.intro", nil)},
		"tip":  {text: "!tip Ask the girls before planning #education", want: authzLit("*T3*")},
		"ask":  {text: "!ask Who has a good volunteer contract?", want: authzLit("*Q3*")},
		"answer": {text: "!answer Q1 We ask at the market", wantIn: answerConfirmed, inPrivate: &authzWant{out: authzAllowed, not: "market",
			text: func(h *harness, a authzActor) string {
				return h.bot.texts.msg(a.lang, "answer.kept_here", vars{"Ref": "*A3*", "Question": "*Q1*", "Answer": h.bot.cmdWord(a.lang, "answer") + " Q1 …"})
			}}},
		"questions": {text: "!questions", want: authzLit("*Q1*")},
		"solved": {text: "!solved A1", who: authzAuthor, author: amina, want: authzLit("*A1*"),
			refusal: authzText("solved.not_yours", vars{"Question": "*Q1*"})},
		"find":      {text: "!find receipt", want: authzLit("*T1*")},
		"resource":  {text: "!resource https://example.org/guide Volunteer guide #volunteers", want: authzLit("*R2*")},
		"resources": {text: "!resources", want: authzLit("*R1*")},
		"show":      {text: "!show T1", want: authzLit("Keep every receipt in one folder")},
		"translate": {text: "!translate T1 fr Gardez chaque reçu dans un dossier", want: authzLit(reacted), inPrivate: &authzWant{out: authzRefused, text: func(h *harness, a authzActor) string {
			return h.bot.texts.msg(a.lang, "translate.private_group", vars{"Ref": "*T1*", "Lang": h.bot.langName(a.lang, "fr")})
		}}},
		"remove": {text: "!remove T1", who: authzAuthor, author: amina, want: authzLit(reacted)},
		"digest": {text: "!digest", want: authzText("digest.tips", nil)},
		"subscribe": {text: "!subscribe", wantIn: func(h *harness, a authzActor, chat string) string {
			switch {
			case a.user == amina: // subscribed in the fixtures
				return h.bot.texts.msg(a.lang, "subscribe.already", vars{"Stop": h.bot.cmdWord(a.lang, "unsubscribe")})
			case chat == "":
				return h.bot.texts.msg(a.lang, "subscribe.done", vars{"Stop": h.bot.cmdWord(a.lang, "unsubscribe")})
			case a.staff: // she wrote labbot in the fixtures
				return h.bot.texts.msg(a.lang, "subscribe.done_group", vars{"Stop": h.bot.cmdWord(a.lang, "unsubscribe")})
			}
			// Never wrote labbot: WhatsApp would refuse the digest.
			return h.bot.texts.msg(a.lang, "subscribe.dm_first", vars{"Usage": h.bot.usage(a.lang, "subscribe", false)})
		}},
		"unsubscribe": {text: "!unsubscribe", want: func(h *harness, a authzActor) string {
			if a.user == amina {
				return reacted
			}
			return h.bot.texts.msg(a.lang, "unsubscribe.none", vars{"Start": h.bot.cmdWord(a.lang, "subscribe")})
		}},
		"events": {text: "!events", want: authzLit("Budget webinar")},
		"rsvp":   {text: "!rsvp E1", want: authzLit("*Budget webinar*")},
		"lang":   {text: "!lang fr", want: authzLit(reacted)},
		"forget": {text: "!forget", want: authzText("forget.done", nil)},
		"event": {text: "!event 2026-12-22 15:00 Peer circle", who: authzStaff, want: authzLit("*E3*"),
			staffNear: func(h *harness, a authzActor) string { // one letter from !events: pointed there
				return h.bot.texts.msg(a.lang, "command.staff_only_near", vars{"Word": "*!event*", "Usage": "*!events*",
					"Summary": h.bot.texts.msg(a.lang, "cmd.events.summary", nil)})
			}},
		"cancel": {text: "!cancel E1", who: authzStaff, want: func(h *harness, a authzActor) string {
			return h.bot.texts.plural(a.lang, "event.cancelled", 3, vars{"Ref": "*E1*"})
		}},
		"announce": {text: "!announce [en] The portal is open [es] El portal está abierto [fr] Le portail est ouvert", who: authzStaff,
			want: func(h *harness, a authzActor) string {
				return h.bot.texts.plural(a.lang, "announce.sending", 3, vars{"Ref": "*N2*"})
			}},
		"setup": {text: "!setup en Africa/Nairobi", who: authzStaff, groupOnly: true, unregistered: true, want: func(h *harness, a authzActor) string {
			return h.bot.texts.msg(a.lang, "setup.done", vars{"Lang": h.bot.langName(a.lang, "en"), "Zone": "Nairobi"})
		}},
		// Issue 17: a poll is asked in a group; by direct message she is told so.
		"poll": {text: "!poll When? | Monday | Friday", wantIn: func(h *harness, a authzActor, chat string) string {
			if chat != "" {
				return "📊"
			}
			return h.bot.texts.msg(a.lang, "poll.in_group", vars{"Usage": h.bot.usage(a.lang, "poll", true)})
		}},
		"stats": {text: "!stats", who: authzStaff, want: authzText("stats.by_lang", nil)}, // in a group, by DM
		"join":  {text: "!join https://chat.whatsapp.com/AbCdEfGhIjK", who: authzStaff, want: authzText("join.done", nil)},
	}
}

// authzOutcome is what becomes of a message.
type authzOutcome int

const (
	authzAllowed         authzOutcome = iota
	authzRefused                      // one answer, the refusal; nothing else changes
	authzStrangerRefused              // the trilingual refusal once, then silence; nothing kept of her
	authzIgnored                      // no answer; nothing kept
)

type authzWant struct {
	out  authzOutcome
	text authzTextFn // allowed: a part of an answer; refused: the refusal
	not  string      // allowed: in no message
}

// expect is what DESIGN.md says happens when a writes row's command in chat.
func (row authzRow) expect(a authzActor, chat string) authzWant {
	switch {
	case chat == authzUnregistered && !(a.staff && row.unregistered):
		return authzWant{out: authzIgnored}
	case a.stranger:
		return authzWant{out: authzStrangerRefused}
	case row.who == authzStaff && !a.staff && row.staffNear != nil:
		return authzWant{out: authzRefused, text: row.staffNear}
	case row.who == authzStaff && !a.staff:
		return authzWant{out: authzRefused, text: authzText("command.staff_only", nil)}
	case row.groupOnly && chat == "":
		return authzWant{out: authzRefused, text: authzText("setup.in_group", nil)}
	case row.who == authzAuthor && !a.staff && a.user != row.author && row.refusal != nil:
		return authzWant{out: authzRefused, text: row.refusal}
	case row.who == authzAuthor && !a.staff && a.user != row.author:
		return authzWant{out: authzRefused, text: authzText("remove.not_yours", vars{"Ref": "*T1*"})}
	case row.inPrivate != nil && chat == "bogota":
		return *row.inPrivate
	}
	if row.wantIn != nil {
		return authzWant{out: authzAllowed, text: func(h *harness, a authzActor) string { return row.wantIn(h, a, chat) }}
	}
	return authzWant{out: authzAllowed, text: row.want}
}

type authzCase struct {
	name  string
	actor authzActor
	chat  string
	text  string
	want  authzWant
}

// authzReachCases reach across groups: T2 and E2 are bogota's alone.
func authzReachCases() []authzCase {
	actors := map[string]authzActor{}
	for _, a := range authzActors() {
		actors[a.name] = a
	}
	notFound := authzWant{out: authzRefused, text: authzText("item.not_found", vars{"Ref": "T2"})}
	noEvent := authzWant{out: authzRefused, text: func(h *harness, a authzActor) string {
		return h.bot.texts.msg(a.lang, "event.not_found", vars{"Ref": "E2", "Events": h.bot.cmdWord(a.lang, "events")})
	}}
	ok := func(s string) authzWant { return authzWant{out: authzAllowed, text: authzLit(s)} }
	removed := authzWant{out: authzAllowed, text: authzLit(reacted)}
	var cases []authzCase
	for _, c := range []struct {
		actor, chat, text string
		want              authzWant
	}{
		{"member A", "nairobi", "!show T2", notFound},
		{"member A", "", "!show T2", notFound},
		{"member B", "bogota", "!show T2", ok("Our emergency fund")},
		{"member B", "", "!show T2", ok("Our emergency fund")},
		{"staff", "nairobi", "!show T2", notFound},
		// In a DM she reads it as a member of bogota, where she created E2.
		{"staff", "", "!show T2", ok("Our emergency fund")},
		{"member A", "nairobi", "!find budget", authzWant{out: authzAllowed, text: authzLit("*T1*"), not: "*T2*"}},
		{"member A", "", "!find budget", authzWant{out: authzAllowed, text: authzLit("*T1*"), not: "*T2*"}},
		{"member B", "bogota", "!find budget", ok("*T2*")},
		{"member B", "", "!find budget", ok("*T2*")},
		{"member A", "nairobi", "!translate T2 fr Notre fonds d'urgence", notFound},
		{"member A", "", "!remove T2", notFound},
		{"member B", "bogota", "!remove T2", removed},
		{"staff", "nairobi", "!remove T2", removed},
		{"member A", "nairobi", "!events", authzWant{out: authzAllowed, text: authzLit("Budget webinar"), not: "Care circle"}},
		{"member B", "", "!events", ok("Care circle")},
		{"member A", "nairobi", "!rsvp E2", noEvent},
		{"member A", "", "!rsvp E2", noEvent},
		{"member A", "nairobi", "!digest", authzWant{out: authzAllowed, text: authzText("digest.tips", nil), not: "emergency fund"}},
		{"member B", "bogota", "!digest", ok("emergency fund")},
	} {
		cases = append(cases, authzCase{name: "reach " + strings.TrimPrefix(c.text, "!") + "/" + c.actor + "/" + authzChatName(c.chat),
			actor: actors[c.actor], chat: c.chat, text: c.text, want: c.want})
	}
	return cases
}

// authzAnonCases hold what member A does about Q2, which she asked
// anonymously, against what others do: in a group nobody's reply differs
// (remove is refused alike and sent to a DM, answers are credited), and a
// near miss of the anonymity word saves nothing.
func authzAnonCases() []authzCase {
	actors := map[string]authzActor{}
	for _, a := range authzActors() {
		actors[a.name] = a
	}
	refused := func(id string, data func(h *harness, a authzActor) vars) authzWant {
		return authzWant{out: authzRefused, text: func(h *harness, a authzActor) string { return h.bot.texts.msg(a.lang, id, data(h, a)) }}
	}
	groupRemove := refused("remove.anon_in_group", func(h *harness, a authzActor) vars {
		return vars{"Usage": h.bot.cmdWord(a.lang, "remove") + " Q2"}
	})
	near := func(id string) authzWant {
		return refused(id, func(h *harness, a authzActor) vars {
			return vars{"Anon": h.bot.anonUsage(a.lang), "Ask": h.bot.cmdWord(a.lang, "ask")}
		})
	}
	removed := authzWant{out: authzAllowed, text: authzLit(reacted)}
	credited := authzWant{out: authzAllowed, text: authzLit(reacted), not: "anonymous"}
	notHers := refused("solved.not_yours", func(*harness, authzActor) vars { return vars{"Question": "*Q2*"} })
	solved := authzWant{out: authzAllowed, text: func(h *harness, a authzActor) string {
		return h.bot.texts.msg(a.lang, "solved.done", vars{"Question": "*Q2*", "Answer": "*A2*"})
	}}
	var cases []authzCase
	for _, c := range []struct {
		actor, chat, text string
		want              authzWant
	}{
		{"member A", "nairobi", "!remove Q2", groupRemove},
		{"member B", "bogota", "!remove Q2", groupRemove},
		{"staff", "nairobi", "!remove Q2", groupRemove},
		{"member A", "", "!remove Q2", removed},
		{"member B", "", "!remove Q2", refused("remove.not_yours", func(*harness, authzActor) vars { return vars{"Ref": "*Q2*"} })},
		{"staff", "", "!remove Q2", removed},
		// What solved her anonymous question: she marks it by direct
		// message only; in a group she is refused as any member is.
		{"member A", "nairobi", "!solved A2", notHers},
		{"member B", "bogota", "!solved A2", notHers},
		{"member A", "", "!solved A2", solved},
		{"member B", "", "!solved A2", notHers},
		{"staff", "nairobi", "!solved A2", solved},
		{"member A", "nairobi", "!answer Q2 Walk in pairs", credited},
		{"staff", "nairobi", "!answer Q2 Walk in pairs", credited},
		{"member A", "nairobi", "!ask anon Is this safe?", refused("ask.anon_in_group", func(h *harness, a authzActor) vars {
			return vars{"Usage": h.bot.anonUsage(a.lang)}
		})},
		{"member A", "nairobi", "!ask anonimous Is this safe?", near("ask.anon_near_group")},
		{"member B", "", "!preguntar anónim ¿Es seguro?", near("ask.anon_near")},
		{"staff", "", "!ask anonymus Is this safe?", near("ask.anon_near")},
	} {
		cases = append(cases, authzCase{name: "anon " + strings.TrimPrefix(c.text, "!") + "/" + c.actor + "/" + authzChatName(c.chat),
			actor: actors[c.actor], chat: c.chat, text: c.text, want: c.want})
	}
	return cases
}

// TestAuthorizationMatrix runs every command in a group and in a DM, by a
// stranger, a member of the Lab-wide nairobi, a member of the private
// bogota and staff, each on a fresh bot, and checks it is allowed or
// refused as DESIGN.md says, and that a refusal changes nothing.
func TestAuthorizationMatrix(t *testing.T) {
	rows := authzRows()
	var cases []authzCase
	for _, cmd := range commandTable() {
		row, ok := rows[cmd.Key]
		if !ok {
			t.Errorf("command %s has no case in the authorization matrix", cmd.Key)
			continue
		}
		delete(rows, cmd.Key)
		for _, a := range authzActors() {
			for _, chat := range a.chats {
				cases = append(cases, authzCase{name: cmd.Key + "/" + a.name + "/" + authzChatName(chat),
					actor: a, chat: chat, text: row.text, want: row.expect(a, chat)})
			}
		}
	}
	for key := range rows {
		t.Errorf("the matrix has a case for %s, which is no command", key)
	}
	tp := newAuthzTemplate(t)
	for _, c := range slices.Concat(cases, authzReachCases(), authzAnonCases(), authzHelpCases()) {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel() // each on a bot and a database of its own
			c.run(t, tp)
		})
	}
}

func (c authzCase) run(t *testing.T, tp authzTemplate) {
	h := tp.harness(t)
	chat := h.authzChat(t, c.actor.user, c.chat)
	if c.want.out == authzAllowed {
		h.authzSay(t, c.actor.user, c.chat, c.text)
		c.checkAllowed(t, h, chat, h.tr.messages())
		return
	}
	v := openAuthzDB(t, h.path)
	state, outbox, processed := v.state(t), v.outbox(t), v.processed(t)
	h.authzSay(t, c.actor.user, c.chat, c.text)
	sent := h.tr.messages()
	var queued []authzOutRow // what a refusal may queue: the refusal itself
	switch c.want.out {
	case authzIgnored:
		if len(sent) > 0 {
			t.Errorf("labbot answered %d times, want silence: %q", len(sent), sent[0].Text)
		}
	case authzRefused:
		want := c.want.text(h, c.actor)
		authzOnlySent(t, sent, chat, want)
		queued = []authzOutRow{{chat, want}}
	case authzStrangerRefused:
		authzOnlySent(t, sent, chat, h.authzStrangerText(c.text))
		queued = nil                                // sent, and dropped: no row keeps her number
		h.authzSay(t, c.actor.user, c.chat, c.text) // again, the same day
		if n := len(h.tr.messages()); n != 1 {
			t.Errorf("the stranger got %d messages the same day, want the one refusal", n)
		}
	}
	if c.actor.stranger {
		if kept := v.mentions(t, strings.TrimPrefix(c.actor.user, "+1")); len(kept) > 0 {
			t.Errorf("labbot kept the stranger's number: %q", kept)
		}
	}
	after := v.state(t)
	for _, table := range slices.Sorted(maps.Keys(state)) {
		if !reflect.DeepEqual(after[table], state[table]) {
			t.Errorf("refused, yet %s changed:\nbefore %q\nafter  %q", table, state[table], after[table])
		}
	}
	if got := v.outbox(t); len(got) < len(outbox) || !slices.Equal(got[:len(outbox)], outbox) {
		t.Errorf("refused, yet messages queued before changed")
	}
	if got := v.queuedAfter(t, len(outbox)); !slices.Equal(got, queued) {
		t.Errorf("refused, yet queued %q; want %q", got, queued)
	}
	if c.want.out != authzRefused && !slices.Equal(v.processed(t), processed) {
		t.Errorf("a message labbot does not answer was marked handled: %q", v.processed(t))
	}
}

// authzOnlySent checks that sent is one text message to chat, saying want.
func authzOnlySent(t *testing.T, sent []sentMsg, chat, want string) {
	t.Helper()
	if len(sent) != 1 || sent[0].To.Chat != chat || sent[0].Text != want || sent[0].Doc != nil {
		var got []string
		for _, m := range sent {
			got = append(got, m.To.Chat+": "+m.Text)
		}
		t.Errorf("labbot sent %q, want only %q to %s", got, want, chat)
	}
}

// checkAllowed checks that she was answered in chat (or, for what is hers
// alone, by DM) as the command does, and refused nothing.
func (c authzCase) checkAllowed(t *testing.T, h *harness, chat string, sent []sentMsg) {
	t.Helper()
	want := c.want.text(h, c.actor)
	refusals := []string{h.authzStrangerText(c.text)}
	for _, lang := range locales.Languages() {
		refusals = append(refusals, h.bot.texts.msg(lang, "command.staff_only", nil), h.bot.texts.msg(lang, "error.internal", nil))
	}
	answered, says := false, false
	for _, m := range sent {
		answered = answered || m.To.Chat == chat
		says = says || (m.To.Chat == chat || m.To.Chat == c.actor.user) && strings.Contains(m.Text, want)
		if slices.Contains(refusals, m.Text) {
			t.Errorf("refused: %q", m.Text)
		}
		if c.want.not != "" && strings.Contains(m.Text, c.want.not) {
			t.Errorf("%q reached %s: %q", c.want.not, m.To.Chat, m.Text)
		}
	}
	if !answered || !says {
		var got []string
		for _, m := range sent {
			got = append(got, m.To.Chat+": "+m.Text)
		}
		t.Errorf("labbot sent %q; want an answer in %s saying %q", got, chat, want)
	}
}
