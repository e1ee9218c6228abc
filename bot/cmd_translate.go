package bot

import (
	"context"
	"errors"
	"slices"

	"labbot/privacy"
	"labbot/store"
)

// cmdTranslate adds a human translation: "translate T12 es TEXT". A
// translation is credited to who wrote it, and a later one never silently
// takes an earlier one's place: only the item's author, staff, or the
// earlier translator herself replace it, and the earlier translator is
// told. The author hears of every translation others make of her item.
func (b *Bot) cmdTranslate(ctx context.Context, r *request) error {
	ref, rest := cutWord(r.Inv.Args)
	code, text := cutWord(rest)
	if saysNothing(text) {
		b.wrongUse(r)
		return nil
	}
	lang, ok := langNames[fold(code)]
	if !ok {
		b.reply(r, b.texts.msg(r.Lang, "translate.bad_lang", vars{"Usage": b.usage(r.Lang, "translate", true)}))
		return nil
	}
	if b.tooLong(r, text) {
		return nil
	}
	it, ok, err := b.findItem(ctx, r, ref)
	if err != nil || !ok {
		return err
	}
	data := vars{"Ref": bold(it.Ref()), "Lang": b.langName(r.Lang, lang)}
	if leavesGroup(r, it) {
		b.reply(r, b.texts.msg(r.Lang, "translate.private_group", data))
		return nil
	}
	if it.Lang == lang {
		data["Fix"] = b.cmdWord(r.Lang, "lang") + " " + it.Ref() + " " + b.texts.msg(r.Lang, "cmd.lang.args", nil)
		b.reply(r, b.texts.msg(r.Lang, "translate.same", data))
		return nil
	}
	// On an anonymous question, in a group, only staff replace: letting
	// its author (or a translation credited to nobody, hers) do what
	// others may not would name her there. By direct message she may.
	own := !it.Anonymous || r.Group == nil
	author, err := b.isAuthor(ctx, r, it)
	if err != nil {
		return err
	}
	// The anonymous asker's own translation, sent by direct message, is
	// credited to nobody: her name under her question would name her. In
	// a group, where everyone saw her send it, she is credited like anyone
	// (as her answers are): the one translation credited to nobody would
	// name her there.
	t := store.Translation{Lang: lang, Body: privacy.StripBidi(text), TranslatorID: r.Member.ID, Anonymous: author && it.Anonymous && r.Group == nil}
	prev, saved, err := b.store.AddTranslation(ctx, it, t, func(prev store.Translation) bool {
		return r.Staff || own && (author || prev.TranslatorID == r.Member.ID)
	}, b.clock.Now())
	if err != nil {
		return err
	}
	if !saved {
		data["Name"] = b.translatorName(r.Lang, prev)
		b.reply(r, b.texts.msg(r.Lang, "translate.exists", data))
		return nil
	}
	b.react(r, reactDone)
	// Her translation credited to nobody is hers, to the millisecond: once
	// sent, the reaction keeps neither her number nor the message it marks.
	r.out[len(r.out)-1].Sensitive = t.Anonymous
	told := []int64{0, r.Member.ID} // nobody (forgotten), and not herself
	if prev.Lang != "" && !slices.Contains(told, prev.TranslatorID) {
		// Only the author, staff or she herself replace: naming the
		// anonymous asker who did would unmask her.
		key := "translate.replaced"
		if t.Anonymous {
			key = "translate.replaced_by_member"
		}
		if err := b.tellOfTranslation(ctx, r, prev.TranslatorID, key, it, t); err != nil {
			return err
		}
		told = append(told, prev.TranslatorID)
	}
	if !slices.Contains(told, it.AuthorID) {
		return b.tellOfTranslation(ctx, r, it.AuthorID, "translate.new", it, t)
	}
	return nil
}

// tellOfTranslation lets a member know, by direct message in her language,
// of r's translation t of it (message key): the item's author of a new
// one, an earlier translator that hers was replaced. Someone forgotten,
// or no longer in the private group it belongs to, is not told.
func (b *Bot) tellOfTranslation(ctx context.Context, r *request, memberID int64, key string, it store.Item, t store.Translation) error {
	m, err := b.store.MemberByID(ctx, memberID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	groups, err := b.store.MemberGroups(ctx, m.ID)
	if err != nil {
		return err
	}
	if it.Private && !slices.ContainsFunc(groups, func(g store.Group) bool { return g.ID == it.GroupID }) {
		return nil
	}
	lang := b.memberLang(m, groups)
	data := vars{"Name": b.creditName(lang, r.Member.Name, r.Member.UserID), "Ref": bold(it.Ref()), "Lang": b.langName(lang, t.Lang),
		"Text": quoted(t.Body), "Usage": b.cmdWord(lang, "translate") + " " + it.Ref() + " " + t.Lang + " …"}
	// Checked again as it leaves: she may leave the private group first.
	r.out = append(r.out, store.Outgoing{Chat: m.UserID, Body: b.texts.msg(lang, key, data),
		Audience: audienceOf(m.ID, privateGroup(it))})
	return nil
}
