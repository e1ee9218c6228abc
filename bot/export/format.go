package export

import (
	"encoding/json"
	"io"
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
		return writeMarkdown, true
	}
	return nil, false
}

func writeJSON(w io.Writer, k Knowledge) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // "&" and "<" in members' text stay readable
	return enc.Encode(k)
}
