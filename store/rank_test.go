package store

import (
	"context"
	"testing"
)

// TestSearchRanking checks labrank's order, through Search: a rarer word
// weighs more, a word said more often counts more but less than a word
// more, a resource's title (its text) weighs most, and ties go to the
// newest.
func TestSearchRanking(t *testing.T) {
	tests := []struct {
		name  string
		items []Item // added in order: the last is the newest
		query string
		want  string
	}{
		{"a rarer word weighs more",
			[]Item{
				{Kind: KindTip, Body: "water pumps"}, {Kind: KindTip, Body: "small grants"},
				{Kind: KindTip, Body: "water tanks"}, {Kind: KindTip, Body: "rain water"},
			},
			"water grants", "T2 T4 T3 T1"}, // no tip has both words: any of them
		{"said twice beats said once",
			[]Item{{Kind: KindTip, Body: "funding funding circles"}, {Kind: KindTip, Body: "funding circles"}},
			"funding", "T1 T2"},
		{"a title beats a body",
			[]Item{{Kind: KindResource, Body: "Budget template", URL: "https://example.org/b"}, {Kind: KindTip, Body: "our budget"}},
			"budget", "R1 T1"},
		{"ties go to the newest",
			[]Item{{Kind: KindTip, Body: "ask the landlord"}, {Kind: KindTip, Body: "call the landlord"}},
			"landlord", "T2 T1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLab(t)
			for _, it := range tt.items {
				l.add(t, it)
			}
			got, err := l.Search(context.Background(), Viewer{GroupID: l.open.ID}, tt.query, 5)
			if err != nil || refs(got) != tt.want {
				t.Errorf("Search(%q) = %q, %v; want %s", tt.query, refs(got), err, tt.want)
			}
		})
	}
}
