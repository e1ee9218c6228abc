package bot

import (
	"context"
	"errors"
	"slices"
	"strings"

	"labbot/privacy"
	"labbot/store"
)

// cmdAnswer answers a question: "answer Q7 TEXT".
func (b *Bot) cmdAnswer(ctx context.Context, r *request) error {
	ref, text := cutWord(r.Inv.Args)
	if ref == "" || text == "" {
		b.wrongUse(r)
		return nil
	}
	q, ok, err := b.findItem(ctx, r, ref)
	if err != nil || !ok {
		return err
	}
	if q.Kind == store.KindQuestion {
		if closed, err := b.closing(ctx, r, q, store.Item{}, text); closed || err != nil {
			return err
		}
	}
	return b.answer(ctx, r, q, text)
}

// answerByQuote answers the question labbot's quoted message carried, when
// a member quote-replies to it with plain text. It reports whether the
// quoted message was one of labbot's questions.
func (b *Bot) answerByQuote(ctx context.Context, r *request) (bool, error) {
	q, err := b.store.ItemByMessage(ctx, r.Msg.QuotedID, r.Msg.Chat)
	if errors.Is(err, store.ErrNotFound) && !r.Msg.Group {
		return b.chooseWhere(ctx, r) // perhaps where her anonymous question goes
	}
	if errors.Is(err, store.ErrNotFound) {
		return b.quotedRemoved(r), nil
	}
	if err != nil || !b.visible(r, q) {
		return false, err
	}
	text := strings.TrimSpace(r.Msg.Text)
	if text == "" {
		return false, nil
	}
	var a store.Item
	if q.Kind == store.KindAnswer && q.QuestionID != 0 { // labbot's notice of an answer
		if a, q, err = b.questionOf(ctx, r, q); err != nil || q.ID == 0 {
			return false, err
		}
	}
	if q.Kind != store.KindQuestion {
		return false, nil
	}
	r.Lang = b.replyLang(r, nil)
	if closed, err := b.closing(ctx, r, q, a, text); closed || err != nil {
		return true, err
	}
	return true, b.answer(ctx, r, q, text)
}

// quotedRemoved tells her, when her quote-reply with text answers a
// question removed since, that it was removed: not silence (issue 18).
func (b *Bot) quotedRemoved(r *request) bool {
	ref, ok := b.removed.lookup(r.Msg.Chat, r.Msg.QuotedID, b.clock.Now())
	if !ok || strings.TrimSpace(r.Msg.Text) == "" {
		return false
	}
	r.Lang = b.replyLang(r, nil)
	b.reply(r, b.texts.msg(r.Lang, "answer.question_removed", vars{"Ref": bold(ref)}))
	return true
}

// questionOf loads answer a's question, when r's reader may see it; a
// zero question when not.
func (b *Bot) questionOf(ctx context.Context, r *request, a store.Item) (store.Item, store.Item, error) {
	q, err := b.store.ItemByID(ctx, a.QuestionID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && !b.visible(r, q)) {
		return a, store.Item{}, nil
	}
	return a, q, err
}

// answer saves text as an answer to q, thanks the member, and tells the
// asker: where she asked, or by direct message if she asked anonymously.
// An answer always carries its author's name, the asker's own included:
// an answer marked anonymous would show everyone who asked.
func (b *Bot) answer(ctx context.Context, r *request, q store.Item, text string) error {
	if q.Kind != store.KindQuestion {
		b.reply(r, b.texts.msg(r.Lang, "answer.not_question", vars{"Ref": bold(q.Ref())}))
		return nil
	}
	if isMeToo(text) {
		return b.wantToKnow(ctx, r, q)
	}
	if b.tooLong(r, text) {
		return nil
	}
	a := newItem(r, store.KindAnswer, text)
	keptHere := placeAnswer(r, q, &a)
	tell, err := b.tellAsker(ctx, r, q, a)
	if err != nil {
		return err
	}
	r.save(a, func(a store.Item) {
		n := len(r.out)
		tell(a)
		notice := slices.Clone(r.out[n:])
		r.out = r.out[:n]
		switch {
		case keptHere:
			b.reply(r, b.texts.msg(r.Lang, "answer.kept_here", vars{"Ref": bold(a.Ref()), "Question": bold(q.Ref()), "Answer": b.answerUsage(r.Lang, q)}))
		case noticeHere(notice, r.Msg.Chat) || r.Msg.Group:
			// In a group a ✅ is enough: the asker's notice names the
			// answer, here or by direct message, and a text would be one
			// more message for everyone.
			b.react(r, reactDone)
		default:
			b.reply(r, b.texts.msg(r.Lang, "answer.saved", vars{"Ref": bold(a.Ref()), "Question": bold(q.Ref())}))
		}
		r.out = append(r.out, notice...)
	})
	return nil
}

// noticeHere reports whether the asker's notice of an answer is posted in
// chat, where the answer was written: it names the answer and its question
// there, so a reaction on hers is all the one who answered needs.
func noticeHere(notice []store.Outgoing, chat string) bool {
	return len(notice) == 1 && notice[0].Chat == chat
}

// tellAsker returns what lets the asker of q know of an answer, in her
// language, once the answer is numbered: nothing when she answered it
// herself, labbot no longer knows who asked, or the answer (placed as it
// will be saved) is kept in a private group she is not in. For an
// anonymous question, "nothing" is a cover: a row that goes through the
// outbox as her notice would and is sent nowhere, so that whoever reads
// the outbox (a backup) cannot tell her answer by the notice it lacks.
func (b *Bot) tellAsker(ctx context.Context, r *request, q, placed store.Item) (func(a store.Item), error) {
	none := func(store.Item) {}
	if q.Anonymous {
		none = func(store.Item) { r.out = append(r.out, store.Outgoing{Sensitive: true}) }
	}
	asker, ok, err := b.asker(ctx, q)
	if err != nil || !ok || asker.ID == r.Member.ID {
		return none, err
	}
	groups, err := b.store.MemberGroups(ctx, asker.ID)
	private := privateGroup(placed)
	if err != nil || !inGroup(groups, private) {
		return none, err
	}
	lang := asker.Lang
	if !supported(lang) {
		lang = q.Lang // the language she asked in
	}
	// Where she asked, when she asked with her name: a quote-reply to the
	// notice answers again. Otherwise by direct message, linked to
	// nothing (what she replies there is hers), and blanked in the outbox
	// once sent: it ties her to the question.
	out := store.Outgoing{Chat: asker.UserID, Sensitive: q.Anonymous}
	key := "answer.notify"
	for _, g := range groups {
		if g.ID == q.GroupID && !q.Anonymous && !privacy.NameIsNumber(asker.Name) && !b.claimsStaff(asker.Name) && (private == 0 || private == g.ID) {
			key, out = "answer.notify_group", store.Outgoing{Chat: g.JID}
			break
		}
	}
	return func(a store.Item) {
		// A notice of an answer to a question asked with her name is
		// linked to the answer: her "solved" in reply marks it, other
		// words answer again. An anonymous asker's names nothing: she
		// writes the command, with the answer's ID.
		hint := b.texts.msg(lang, "answer.solved_hint", vars{"Usage": b.cmdWord(lang, "solved") + " " + a.Ref()})
		if !q.Anonymous {
			out.ItemID = a.ID
			hint = b.texts.msg(lang, "answer.solved_hint_reply", vars{"Word": bold(b.commands.byKey("solved").Words[lang])})
		}
		out.Body = b.texts.msg(lang, key, vars{"Name": b.personName(lang, asker.Name), "Question": bold(q.Ref()), "Ref": bold(a.Ref()), "Text": quoted(a.Body)}) +
			"\n\n" + hint
		if out.Chat == asker.UserID {
			out.Audience = audienceOf(asker.ID, private)
		}
		r.out = append(r.out, out)
	}, nil
}

// asker is who asked q, while labbot knows: the author of a question
// asked with her name, or the sealed link of an anonymous one.
func (b *Bot) asker(ctx context.Context, q store.Item) (store.Member, bool, error) {
	var m store.Member
	var err error
	switch {
	case q.Anonymous:
		var user string
		if user, err = b.store.AnonAsker(ctx, q.ID, b.clock.Now()); err == nil {
			m, err = b.store.MemberByUser(ctx, user)
		}
	case q.AuthorID != 0:
		m, err = b.store.MemberByID(ctx, q.AuthorID)
	default:
		return m, false, nil
	}
	if errors.Is(err, store.ErrNotFound) {
		return m, false, nil
	}
	return m, err == nil, err
}
