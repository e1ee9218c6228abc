package export

import (
	"encoding/json"
	"io"
	"time"
)

// A Format writes the knowledge base in one file format.
type Format func(w io.Writer, k Knowledge) error

// FormatNamed is the Format `--format` names: json, csv or md.
func FormatNamed(name string) (Format, bool) {
	switch name {
	case "json":
		return writeJSON, true
	case "csv":
		return writeCSV, true
	case "md":
		return markdownEnglish, true
	}
	return nil, false
}

func writeJSON(w io.Writer, k Knowledge) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // "&" and "<" in members' text stay readable
	return enc.Encode(k)
}

// markdownEnglish is the report in English, its times in UTC: what
// `--format md` names when nothing says the Lab's language and zone.
func markdownEnglish(w io.Writer, k Knowledge) error {
	write, err := Markdown("en", time.UTC)
	if err != nil {
		return err
	}
	return write(w, k)
}
