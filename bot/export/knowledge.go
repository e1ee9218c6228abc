// Package export writes the Lab's knowledge base for reports, as JSON,
// CSV or Markdown: names, never phone numbers or chat IDs.
package export

import (
	"encoding/json"
	"time"
)

// DirectGroupName names the group an export makes of what was shared in
// direct messages.
const DirectGroupName = "Lab-wide (shared in direct messages)"

// Knowledge is the Lab's knowledge base as `labbot export` writes it, every
// text already through a privacy.Redactor.
type Knowledge struct {
	Groups []KnowledgeGroup `json:"groups"`
	Events []KnowledgeEvent `json:"events"`
	Polls  []KnowledgePoll  `json:"polls"`
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
// has no Author; one whose author was forgotten has privacy.FormerMember.
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
	File         *KnowledgeFile    `json:"file,omitempty"` // a file shared with it (issue 17)
	Tags         []string          `json:"tags,omitempty"`
	Translations map[string]string `json:"translations,omitempty"`
	// TranslatedBy credits each translation, by language: a name,
	// privacy.FormerMember, or privacy.AMember for the anonymous asker's.
	TranslatedBy map[string]string `json:"translated_by,omitempty"`
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
