package bot

import (
	"context"
	"errors"
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
	return b.answer(ctx, r, q, text)
}

// answerByQuote answers the question labbot's quoted message carried, when
// a member quote-replies to it with plain text. It reports whether the
// quoted message was one of labbot's questions.
func (b *Bot) answerByQuote(ctx context.Context, r *request) (bool, error) {
	q, err := b.store.ItemByMessage(ctx, r.Msg.QuotedID, r.Msg.Chat)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil || q.Kind != store.KindQuestion || !b.visible(r, q) {
		return false, err
	}
	text := strings.TrimSpace(r.Msg.Text)
	if text == "" {
		return false, nil
	}
	r.Lang = b.replyLang(r, nil)
	return true, b.answer(ctx, r, q, text)
}

// answer saves text as an answer to q, thanks the member, and tells the
// asker: where she asked, or by direct message if she asked anonymously.
func (b *Bot) answer(ctx context.Context, r *request, q store.Item, text string) error {
	if q.Kind != store.KindQuestion {
		b.reply(r, b.texts.msg(r.Lang, "answer.not_question", vars{"Ref": bold(q.Ref())}))
		return nil
	}
	if b.tooLong(r, text) {
		return nil
	}
	a := newItem(r, store.KindAnswer, text)
	a.QuestionID, a.GroupID, a.Private = q.ID, q.GroupID, q.Private
	// She who asked without her name answers without it too.
	a.Anonymous = q.Anonymous && q.AuthorID == r.Member.ID
	tell := func(store.Item) {}
	if q.AuthorID != 0 && q.AuthorID != r.Member.ID {
		var err error
		if tell, err = b.tellAsker(ctx, r, q); err != nil {
			return err
		}
	}
	r.save(a, func(a store.Item) {
		b.reply(r, b.texts.msg(r.Lang, "answer.saved", vars{"Ref": bold(a.Ref()), "Question": bold(q.Ref())}))
		tell(a)
	})
	return nil
}

// tellAsker returns what lets the author of q know of an answer, in her
// language, once the answer is numbered.
func (b *Bot) tellAsker(ctx context.Context, r *request, q store.Item) (func(a store.Item), error) {
	asker, err := b.store.MemberByID(ctx, q.AuthorID)
	if errors.Is(err, store.ErrNotFound) {
		return func(store.Item) {}, nil
	}
	if err != nil {
		return nil, err
	}
	groups, err := b.store.MemberGroups(ctx, asker.ID)
	if err != nil {
		return nil, err
	}
	lang := asker.Lang
	if !supported(lang) {
		lang = q.Lang // the language she asked in
	}
	// Where she asked, when she asked with her name: a quote-reply to the
	// notice answers again. Otherwise by direct message, linked to
	// nothing: what she replies there is hers.
	key, to, itemID := "answer.notify", asker.UserID, int64(0)
	for _, g := range groups {
		if g.ID == q.GroupID && !q.Anonymous && !privacy.NameIsNumber(asker.Name) {
			key, to, itemID = "answer.notify_group", g.JID, q.ID
			break
		}
	}
	return func(a store.Item) {
		data := vars{"Name": b.personName(lang, asker.Name), "Question": bold(q.Ref()), "Ref": bold(a.Ref()), "Text": quoted(a.Body)}
		r.out = append(r.out, store.Outgoing{Chat: to, Body: b.texts.msg(lang, key, data), ItemID: itemID})
	}, nil
}
