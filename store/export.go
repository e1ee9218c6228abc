package store

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"labbot/privacy"
)

const (
	exportGroupsSQL = `SELECT id, key, jid, name, lang, private FROM groups ORDER BY id`
	// exportItemsSQL reads nothing of an anonymous item's author, not even
	// whether she was forgotten.
	exportItemsSQL = `SELECT i.id, i.kind, i.num, i.body, i.url, i.lang, i.anonymous,
		NOT i.anonymous AND i.author_id IS NULL,
		CASE WHEN i.anonymous THEN '' ELSE COALESCE(m.name, '') END,
		COALESCE(i.group_id, 0), COALESCE(i.question_id, 0), i.created_at
		FROM items i LEFT JOIN members m ON m.id = i.author_id
		ORDER BY CASE i.kind WHEN 'T' THEN 0 WHEN 'Q' THEN 1 WHEN 'R' THEN 2 ELSE 3 END, i.num`
	exportTagsSQL         = `SELECT item_id, tag FROM item_tags ORDER BY item_id, tag`
	exportTranslationsSQL = `SELECT item_id, lang, body FROM translations ORDER BY item_id, lang`
	exportEventsSQL       = `SELECT e.num, e.title, e.description, e.starts_at, e.cancelled_at IS NOT NULL,
		COALESCE(g.key, ''), (SELECT COUNT(*) FROM rsvps r WHERE r.event_id = e.id)
		FROM events e LEFT JOIN groups g ON g.id = e.group_id ORDER BY e.num`
	// exportIDsSQL reads the user IDs an export must not let through in any text.
	exportIDsSQL = `SELECT user_id FROM members WHERE user_id LIKE '+%' OR user_id LIKE 'lid:%'`
	// exportForgottenSQL reads the keyed hashes of forgotten members' numbers.
	exportForgottenSQL = `SELECT hash FROM forgotten_numbers`
)

// What an export says instead of a name it must not show.
const (
	DirectGroupName = "Lab-wide (shared in direct messages)"
	FormerMember    = privacy.FormerMember
	AMember         = privacy.AMember
)

// Knowledge is the Lab's knowledge base as `labbot export` writes it, every
// text already through a Redactor: names, never phone numbers or chat IDs.
type Knowledge struct {
	Groups []KnowledgeGroup `json:"groups"`
	Events []KnowledgeEvent `json:"events"`
}

// KnowledgeGroup is a partner group and what was shared in it. The items
// shared in direct messages make one last group, with no key or language.
type KnowledgeGroup struct {
	Key     string          `json:"key"`
	Name    string          `json:"name"`
	Lang    string          `json:"language"`
	Private bool            `json:"private"`
	Items   []KnowledgeItem `json:"items"`
}

// MarshalJSON writes the direct messages' key and language as null: they
// have none, and "" would read as a group keyed so.
func (g KnowledgeGroup) MarshalJSON() ([]byte, error) {
	type plain KnowledgeGroup // without this method
	out := struct {
		Key  *string `json:"key"`
		Lang *string `json:"language"`
		plain
	}{plain: plain(g)}
	if g.Key != "" {
		out.Key, out.Lang = &g.Key, &g.Lang
	}
	return json.Marshal(out)
}

// KnowledgeItem is a tip, question, answer or resource. An anonymous item
// has no Author; one whose author was forgotten has FormerMember.
type KnowledgeItem struct {
	ID           string            `json:"id"`   // T12, as members type it
	Kind         string            `json:"kind"` // tip, question, answer, resource
	Question     string            `json:"question,omitempty"`
	Lang         string            `json:"language"`
	Created      time.Time         `json:"created"`
	Author       string            `json:"author,omitempty"`
	Anonymous    bool              `json:"anonymous,omitempty"`
	Text         string            `json:"text"` // a resource's title
	URL          string            `json:"url,omitempty"`
	Tags         []string          `json:"tags,omitempty"`
	Translations map[string]string `json:"translations,omitempty"`
	Answers      []KnowledgeItem   `json:"answers,omitempty"`
}

// KnowledgeEvent is an event, with the key of the private group it belongs
// to ("" when Lab-wide) and how many said they will attend.
type KnowledgeEvent struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Start       time.Time `json:"starts"`
	Cancelled   bool      `json:"cancelled"`
	RSVPs       int       `json:"rsvps"`
	Group       string    `json:"group,omitempty"`
}

var kindNames = map[string]string{KindTip: "tip", KindQuestion: "question", KindAnswer: "answer", KindResource: "resource"}

// exportRow is an item as read, before its answers find it.
type exportRow struct {
	KnowledgeItem
	id, groupID, questionID int64
}

// Knowledge reads the whole knowledge base in one transaction, so that
// labbot's writes meanwhile cannot leave an answer without its question.
// Groups come in the order they were registered, items by kind and number.
// No text holds the number of a member, present or forgotten, nor any of
// alsoRedact (staff phones from the config, say, who may never have
// written to labbot).
func (r *Reader) Knowledge(ctx context.Context, alsoRedact ...string) (Knowledge, error) {
	k, err := r.knowledge(ctx, alsoRedact)
	if err != nil {
		return Knowledge{}, fmt.Errorf("read knowledge: %w", err)
	}
	return k, nil
}

func (r *Reader) knowledge(ctx context.Context, alsoRedact []string) (Knowledge, error) {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return Knowledge{}, err
	}
	defer tx.Rollback()
	groups, err := queryAll(ctx, tx, scanExportGroup, exportGroupsSQL)
	if err != nil {
		return Knowledge{}, err
	}
	red, err := exportRedactor(ctx, tx, groups, alsoRedact)
	if err != nil {
		return Knowledge{}, err
	}
	tags := map[int64][]string{}
	err = eachRow(ctx, tx, exportTagsSQL, func(row scanner) error {
		var id int64
		var tag string
		err := row.Scan(&id, &tag)
		tags[id] = append(tags[id], red.Text(tag))
		return err
	})
	if err != nil {
		return Knowledge{}, err
	}
	trans := map[int64]map[string]string{}
	err = eachRow(ctx, tx, exportTranslationsSQL, func(row scanner) error {
		var id int64
		var lang, body string
		err := row.Scan(&id, &lang, &body)
		if trans[id] == nil {
			trans[id] = map[string]string{}
		}
		trans[id][lang] = red.Text(body)
		return err
	})
	if err != nil {
		return Knowledge{}, err
	}
	items, err := queryAll(ctx, tx, func(row scanner) (exportRow, error) { return scanExportItem(row, red) }, exportItemsSQL)
	if err != nil {
		return Knowledge{}, err
	}
	for i := range items {
		items[i].Tags, items[i].Translations = tags[items[i].id], trans[items[i].id]
	}
	events, err := queryAll(ctx, tx, func(row scanner) (KnowledgeEvent, error) { return scanExportEvent(row, red) }, exportEventsSQL)
	if err != nil {
		return Knowledge{}, err
	}
	if events == nil {
		events = []KnowledgeEvent{} // [], not null, for programs that read the JSON
	}
	return Knowledge{Groups: nest(groups, items, red), Events: events}, nil
}

// exportRedactor removes members' numbers, groups' chat IDs, alsoRedact,
// and the numbers of forgotten members.
func exportRedactor(ctx context.Context, tx querier, groups []exportGroup, alsoRedact []string) (privacy.Redactor, error) {
	text := func(row scanner) (s string, err error) { return s, row.Scan(&s) }
	ids, err := queryAll(ctx, tx, text, exportIDsSQL)
	if err != nil {
		return privacy.Redactor{}, err
	}
	for _, g := range groups {
		ids = append(ids, g.jid)
	}
	red := privacy.NewRedactor(append(ids, alsoRedact...))
	hashes, err := queryAll(ctx, tx, text, exportForgottenSQL)
	if err != nil || len(hashes) == 0 {
		return red, err
	}
	// ForgetMember made the key before it kept the first hash.
	var key string
	if err := tx.QueryRowContext(ctx, getStateSQL, strangerKeyName).Scan(&key); err != nil {
		return privacy.Redactor{}, fmt.Errorf("the key of forgotten numbers: %w", err)
	}
	k, err := hex.DecodeString(key)
	if err != nil {
		return privacy.Redactor{}, fmt.Errorf("the key of forgotten numbers: %w", err)
	}
	red.Forget(k, hashes)
	return red, nil
}

// nest puts answers under their questions, and every other item in its
// group; items shared in direct messages go to one last group, if any.
func nest(groups []exportGroup, items []exportRow, red privacy.Redactor) []KnowledgeGroup {
	refs := map[int64]string{}
	for _, it := range items {
		refs[it.id] = it.ID
	}
	answers := map[int64][]KnowledgeItem{}
	for _, it := range items {
		if it.questionID != 0 {
			it.Question = refs[it.questionID]
			answers[it.questionID] = append(answers[it.questionID], it.KnowledgeItem)
		}
	}
	out := make([]KnowledgeGroup, 0, len(groups)+1)
	at := map[int64]int{}
	for i, g := range groups {
		at[g.id] = i
		out = append(out, KnowledgeGroup{Key: red.Text(g.key), Name: red.Text(g.name), Lang: g.lang, Private: g.private, Items: []KnowledgeItem{}})
	}
	direct := KnowledgeGroup{Name: DirectGroupName, Items: []KnowledgeItem{}}
	for _, it := range items {
		if it.questionID != 0 {
			continue
		}
		it.Answers = answers[it.id]
		if i, ok := at[it.groupID]; ok {
			out[i].Items = append(out[i].Items, it.KnowledgeItem)
		} else {
			direct.Items = append(direct.Items, it.KnowledgeItem)
		}
	}
	if len(direct.Items) > 0 {
		out = append(out, direct)
	}
	return out
}

type exportGroup struct {
	id                   int64
	key, jid, name, lang string
	private              bool
}

func scanExportGroup(row scanner) (g exportGroup, err error) {
	return g, row.Scan(&g.id, &g.key, &g.jid, &g.name, &g.lang, &g.private)
}

// scanExportItem reads an item and redacts it; its author is a display
// name, FormerMember, or nobody at all when she asked anonymously.
func scanExportItem(row scanner, red privacy.Redactor) (exportRow, error) {
	var it exportRow
	var kind, body, url, name string
	var num, created int64
	var forgotten bool
	err := row.Scan(&it.id, &kind, &num, &body, &url, &it.Lang, &it.Anonymous, &forgotten, &name,
		&it.groupID, &it.questionID, &created)
	it.ID, it.Kind = fmt.Sprintf("%s%d", kind, num), kindNames[kind]
	it.Text, it.URL = red.Text(body), red.Text(url)
	it.Created = fromMS(created).Truncate(time.Second)
	switch {
	case it.Anonymous:
	case forgotten:
		it.Author = FormerMember
	default:
		it.Author = red.Name(name)
	}
	return it, err
}

func scanExportEvent(row scanner, red privacy.Redactor) (e KnowledgeEvent, err error) {
	var num, start int64
	err = row.Scan(&num, &e.Title, &e.Description, &start, &e.Cancelled, &e.Group, &e.RSVPs)
	e.ID, e.Start = fmt.Sprintf("E%d", num), fromMS(start).Truncate(time.Second)
	e.Title, e.Description, e.Group = red.Text(e.Title), red.Text(e.Description), red.Text(e.Group)
	return e, err
}

// eachRow runs query and hands every row to fn.
func eachRow(ctx context.Context, db querier, query string, fn func(scanner) error) error {
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
