package export

import (
	"context"
	"time"

	"labbot/privacy"
	"labbot/store"
)

// kindName is how an export names an item's kind, for readers who do not
// know the letters members type.
func kindName(kind string) string {
	switch kind {
	case store.KindTip:
		return "tip"
	case store.KindQuestion:
		return "question"
	case store.KindAnswer:
		return "answer"
	case store.KindResource:
		return "resource"
	}
	return ""
}

// Read reads the knowledge base from r in one snapshot, so labbot's writes
// meanwhile cannot leave an answer without its question. Groups come in
// the order they were registered, items by kind and number. No text holds
// the number of a member, present or forgotten, a group's chat ID, nor
// any of alsoRedact (staff phones from the config, say, who may never
// have written to labbot).
func Read(ctx context.Context, r *store.Reader, alsoRedact ...string) (Knowledge, error) {
	s, err := r.Snapshot(ctx)
	if err != nil {
		return Knowledge{}, err
	}
	return build(s, alsoRedact), nil
}

// build redacts s and nests it: answers under their questions, every
// other item in its group, and those shared in direct messages in one
// last group, if any.
func build(s store.Snapshot, alsoRedact []string) Knowledge {
	red := redactor(s, alsoRedact)
	refs := map[int64]string{}
	for _, it := range s.Items {
		refs[it.ID] = it.Ref()
	}
	answers := map[int64][]KnowledgeItem{}
	for _, it := range s.Items {
		if it.QuestionID != 0 {
			a := item(it, s.Translations[it.ID], s.Translators[it.ID], red)
			a.Question = refs[it.QuestionID]
			answers[it.QuestionID] = append(answers[it.QuestionID], a)
		}
	}
	groups := make([]KnowledgeGroup, 0, len(s.Groups)+1)
	at := map[int64]int{}
	keys := map[int64]string{}
	for i, g := range s.Groups {
		at[g.ID], keys[g.ID] = i, g.Key
		groups = append(groups, KnowledgeGroup{Key: red.Text(g.Key), Name: red.Text(g.Name), Lang: g.Lang, Private: g.Private, Items: []KnowledgeItem{}})
	}
	direct := KnowledgeGroup{Name: DirectGroupName, Items: []KnowledgeItem{}}
	for _, it := range s.Items {
		if it.QuestionID != 0 {
			continue
		}
		k := item(it, s.Translations[it.ID], s.Translators[it.ID], red)
		k.Answers = answers[it.ID]
		if i, ok := at[it.GroupID]; ok {
			groups[i].Items = append(groups[i].Items, k)
		} else {
			direct.Items = append(direct.Items, k)
		}
	}
	if len(direct.Items) > 0 {
		groups = append(groups, direct)
	}
	events := []KnowledgeEvent{} // [], not null, for programs that read the JSON
	for _, e := range s.Events {
		events = append(events, KnowledgeEvent{ID: e.Ref(), Title: red.Text(e.Title), Description: red.Text(e.Description),
			Start: e.Start.Truncate(time.Second), Cancelled: e.Cancelled, RSVPs: s.RSVPs[e.ID], Group: red.Text(keys[e.GroupID])})
	}
	chats := map[string]string{}
	for _, g := range s.Groups {
		chats[g.JID] = g.Key
	}
	return Knowledge{Groups: groups, Events: events, Polls: polls(s, chats, red)}
}

// redactor removes members' numbers, groups' chat IDs, alsoRedact, and
// the numbers of forgotten members.
func redactor(s store.Snapshot, alsoRedact []string) privacy.Redactor {
	ids := append([]string{}, s.UserIDs...)
	for _, g := range s.Groups {
		ids = append(ids, g.JID)
	}
	red := privacy.NewRedactor(append(ids, alsoRedact...))
	if len(s.Forgotten) > 0 {
		red.Forget(s.ForgottenKey, s.Forgotten)
	}
	return red
}

// item is it as an export shows it, redacted; its author is a display
// name, privacy.FormerMember, or nobody at all when she asked anonymously.
func item(it store.Item, translations map[string]string, by map[string]store.Translator, red privacy.Redactor) KnowledgeItem {
	k := KnowledgeItem{ID: it.Ref(), Kind: kindName(it.Kind), Lang: it.Lang, Created: it.Created.Truncate(time.Second),
		Anonymous: it.Anonymous, Text: red.Text(it.Body), URL: red.Text(it.URL),
		File: knowledgeFile(it.File, red)}
	switch {
	case it.Anonymous:
	case it.AuthorID == 0:
		k.Author = privacy.FormerMember
	default:
		k.Author = red.Name(it.AuthorName)
	}
	for _, t := range it.Tags {
		k.Tags = append(k.Tags, red.Text(t))
	}
	if translations != nil {
		k.Translations, k.TranslatedBy = map[string]string{}, map[string]string{}
		for lang, body := range translations {
			k.Translations[lang], k.TranslatedBy[lang] = red.Text(body), translatorName(by[lang], red)
		}
	}
	return k
}

// translatorName credits a translation as the rest of the export credits
// authors: her display name, a former member, or, for the anonymous
// asker's own translation, a member (her name would name the asker).
func translatorName(t store.Translator, red privacy.Redactor) string {
	switch {
	case t.Anonymous:
		return privacy.AMember
	case t.ID == 0:
		return privacy.FormerMember
	}
	return red.Name(t.Name)
}
