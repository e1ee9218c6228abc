package export

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
)

// No text a member wrote runs as a formula in a spreadsheet, tags included.
func TestExportCSVGuardsFormulas(t *testing.T) {
	k := Knowledge{
		Groups: []KnowledgeGroup{{Key: "nairobi", Items: []KnowledgeItem{{
			ID: "T1", Kind: "tip", Lang: "en", Author: "@amina", Text: "=1+1", URL: "-2",
			Tags: []string{"=HYPERLINK(\"https://example.org\")", "b"}, Translations: map[string]string{"fr": "+3"},
		}}}},
		Events: []KnowledgeEvent{{ID: "E1", Title: "=t", Description: "\t=d"}},
	}
	var buf bytes.Buffer
	if err := writeCSV(&buf, k); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		for _, c := range row {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				t.Errorf("cell %q would run as a formula", c)
			}
		}
	}
	if !strings.Contains(out, `'=HYPERLINK`) {
		t.Errorf("the tags are not quoted:\n%s", out)
	}
}
