package bot

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"labbot/store"
)

// A question stays open until its asker (or staff) marks the answer that
// solved it (issue 15). A "+1" or "gracias" to it is no answer: it counts
// one more member who wants to know (metoo.go). An answered question
// nobody marked solved for unsolvedAfter is shown as such, not hidden.

// unsolvedAfter is how long after its newest answer a question that is
// not marked solved is shown as "answered, not yet solved": two weeks
// give its asker time to try what she was told.
const unsolvedAfter = 14 * 24 * time.Hour

// isSolvedWord reports whether text is only the solved command's word, in
// any language or another form of it (resuelto, résolu), without its
// prefix: what she quotes to labbot's notice of an answer.
func (b *Bot) isSolvedWord(text string) bool {
	e, ok := b.commands.lookup(fold(strings.Trim(strings.TrimSpace(text), "!.¡ ✅")))
	return ok && e.cmd.Key == "solved"
}

// wantToKnow counts r's member among those who want to know q's answer,
// instead of saving her "+1" as an answer. The asker of a question asked
// with her name is not counted; anyone's "+1" to an anonymous question is
// (it has no author), hers too, so that the count says nothing of who
// asked. Every member gets the same answer, with no count: it would show
// whose "+1" was not counted. In a group that answer is a 🙋 reaction:
// a "+1" is chat, and a text for each would flood the group.
func (b *Bot) wantToKnow(ctx context.Context, r *request, q store.Item) error {
	if q.AuthorID != r.Member.ID {
		if _, err := b.store.WantToKnow(ctx, q.ID, r.Member.ID); err != nil {
			return err
		}
	}
	if r.Msg.Group {
		// In a group a reaction says "noted" without a bubble for everyone.
		b.react(r, reactWants)
		return nil
	}
	b.reply(r, b.texts.msg(r.Lang, "wants.noted", vars{"Question": bold(q.Ref()), "Answer": b.answerUsage(r.Lang, q)}))
	return nil
}

// cmdSolved marks the answer that solved a question: "solved A3", or the
// word alone in a quote-reply to labbot's notice of that answer.
func (b *Bot) cmdSolved(ctx context.Context, r *request) error {
	ref, _ := cutWord(r.Inv.Args)
	var a store.Item
	switch {
	case ref != "":
		var ok bool
		var err error
		if a, ok, err = b.findItem(ctx, r, ref); err != nil || !ok {
			return err
		}
	case r.Msg.QuotedID != "":
		it, err := b.store.ItemByMessage(ctx, r.Msg.QuotedID, r.Msg.Chat)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		if err == nil && b.visible(r, it) {
			a = it
		}
	}
	if a.Kind == store.KindQuestion { // "solved Q1": its one answer, or which
		_, err := b.closing(ctx, r, a, store.Item{}, "solved")
		return err
	}
	if a.Kind != store.KindAnswer || a.QuestionID == 0 {
		b.wrongUse(r)
		return nil
	}
	q, err := b.store.ItemByID(ctx, a.QuestionID)
	if err != nil {
		return err
	}
	return b.solve(ctx, r, q, a)
}

// closing takes what says a question is solved, instead of saving it as
// an answer: the word "solved" from anyone (who may mark it, else she is
// told who can), and from the asker, a short thanks or "that worked". Of
// answer a when she quoted labbot's notice of it; else of the question's
// one answer; with several, she is told to name it. It reports whether
// text was that.
func (b *Bot) closing(ctx context.Context, r *request, q, a store.Item, text string) (bool, error) {
	word := b.isSolvedWord(text)
	if !word {
		if !saysSolved(text) || r.Staff && q.AuthorID != r.Member.ID {
			return false, nil
		}
		if asker, err := b.maySolve(ctx, r, q); err != nil || !asker {
			return false, err
		}
	}
	if a.ID == 0 {
		answers, err := b.store.Answers(ctx, q.ID)
		if err != nil {
			return false, err
		}
		answers = slices.DeleteFunc(answers, func(it store.Item) bool { return !b.visible(r, it) })
		switch {
		case len(answers) == 0 && !word:
			return false, nil
		case len(answers) == 0:
			b.reply(r, b.texts.msg(r.Lang, "solved.none", vars{"Question": bold(q.Ref())}))
		case len(answers) > 1:
			b.reply(r, b.texts.msg(r.Lang, "solved.which", vars{"Question": bold(q.Ref()),
				"Usage": b.cmdWord(r.Lang, "solved") + " " + answers[len(answers)-1].Ref()}))
		}
		if len(answers) != 1 {
			// Only an anonymous question's asker has her thanks answered
			// so: the reply is blanked once sent, as solve's is.
			which := &r.out[len(r.out)-1]
			which.Sensitive = q.Anonymous
			return true, nil
		}
		a = answers[0]
	}
	return true, b.solve(ctx, r, q, a)
}

// solve marks a as what solved q, when r's member may.
func (b *Bot) solve(ctx context.Context, r *request, q, a store.Item) error {
	may, err := b.maySolve(ctx, r, q)
	if err != nil {
		return err
	}
	if !may {
		b.reply(r, b.texts.msg(r.Lang, "solved.not_yours", vars{"Question": bold(q.Ref())}))
		return nil
	}
	if err := b.store.Solve(ctx, q.ID, a.ID); err != nil {
		return err
	}
	b.reply(r, b.texts.msg(r.Lang, "solved.done", vars{"Question": bold(q.Ref()), "Answer": bold(a.Ref())}))
	// Her direct chat, told that she marked an anonymous question, ties
	// her to it: blanked once sent, as her notices are.
	r.out[len(r.out)-1].Sensitive = q.Anonymous
	return nil
}

// maySolve reports whether r's member may mark what solved q: staff, or
// its asker. An anonymous asker may only by direct message: in a group,
// she gets the refusal any other member gets, and labbot does not even
// look who asked.
func (b *Bot) maySolve(ctx context.Context, r *request, q store.Item) (bool, error) {
	switch {
	case r.Staff:
		return true, nil
	case q.Anonymous && r.Group != nil:
		return false, nil
	case q.Anonymous:
		asker, ok, err := b.asker(ctx, q)
		return ok && asker.ID == r.Member.ID, err
	}
	return q.AuthorID != 0 && q.AuthorID == r.Member.ID, nil
}

// questionStatus is where q stands, in lang, as lists show it: its
// answers, "answered, not yet solved" once they are old, and how many
// others want to know; "" for a new question nobody else asked for.
func (b *Bot) questionStatus(ctx context.Context, lang string, q store.Item) (string, error) {
	st, err := b.store.QuestionState(ctx, q.ID)
	if err != nil {
		return "", err
	}
	var parts []string
	switch {
	case st.SolvedBy != 0:
		parts = append(parts, b.texts.msg(lang, "questions.solved_by", vars{"Answer": bold("A" + strconv.FormatInt(st.SolvedBy, 10))}))
	case st.Answers > 0 && b.clock.Now().Sub(st.LastAnswer) >= unsolvedAfter:
		parts = append(parts, b.texts.msg(lang, "questions.unsolved", nil))
	case st.Answers > 0:
		parts = append(parts, b.texts.plural(lang, "questions.answers", st.Answers, nil))
	}
	if st.Wants > 0 {
		parts = append(parts, b.texts.plural(lang, "questions.wants", st.Wants, nil))
	}
	return strings.Join(parts, " · "), nil
}

// questionLine is a question in a list, with where it stands underneath.
func (b *Bot) questionLine(ctx context.Context, lang string, q store.Item) (string, error) {
	line, err := b.itemLine(ctx, lang, q)
	if err != nil {
		return "", err
	}
	status, err := b.questionStatus(ctx, lang, q)
	if status != "" {
		line += "\n   ↳ " + status
	}
	return line, err
}
