package export

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"labbot/locales"
)

// csvHeader names the columns: one row per item (an answer's "question"
// names it), then one per event; a column a row has no use for is empty.
func csvHeader() []string {
	h := []string{"group", "id", "kind", "question", "language", "created", "author", "text", "url", "tags", "file", "file_type", "file_bytes"}
	for _, l := range locales.Languages() {
		h = append(h, "translation_"+l, "translator_"+l)
	}
	return append(h, "description", "starts", "cancelled", "rsvps", "votes", "voters", "closed")
}

func writeCSV(w io.Writer, k Knowledge) error {
	cw := csv.NewWriter(w)
	cw.Write(csvHeader())
	var item func(group string, it KnowledgeItem)
	item = func(group string, it KnowledgeItem) {
		row := []string{group, it.ID, it.Kind, it.Question, it.Lang, it.Created.Format(time.RFC3339),
			cell(it.Author), cell(it.Text), cell(it.URL), cell(strings.Join(it.Tags, " "))}
		row = append(row, fileCells(it.File)...)
		for _, l := range locales.Languages() {
			row = append(row, cell(it.Translations[l]), cell(it.TranslatedBy[l]))
		}
		cw.Write(append(row, "", "", "", "", "", "", ""))
		for _, a := range it.Answers {
			item(group, a)
		}
	}
	for _, g := range k.Groups {
		for _, it := range g.Items {
			item(g.Key, it)
		}
	}
	for _, e := range k.Events {
		row := []string{e.Group, e.ID, "event", "", "", "", "", cell(e.Title), "", "", "", "", ""}
		row = append(row, make([]string, 2*len(locales.Languages()))...)
		cw.Write(append(row, cell(e.Description), e.Start.Format(time.RFC3339), strconv.FormatBool(e.Cancelled), strconv.Itoa(e.RSVPs), "", "", ""))
	}
	for _, p := range k.Polls {
		for _, row := range pollRows(p, len(csvHeader())-3) {
			cw.Write(row)
		}
	}
	cw.Flush()
	return cw.Error()
}

// cell keeps a member's text from running as a formula when the file is
// opened in a spreadsheet: a text starting = + - @ gets a leading quote.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// fileCells are an item's file columns: its name, type and size.
func fileCells(f *KnowledgeFile) []string {
	if f == nil {
		return []string{"", "", ""}
	}
	return []string{cell(f.Name), f.Type, strconv.FormatInt(f.Size, 10)}
}
