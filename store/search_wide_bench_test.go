package store

import (
	"context"
	"slices"
	"testing"
	"time"
)

// wideQueries are glossary words the generated items hardly hold: a
// search for one finds fewer than five and widens to the other concepts
// of its subject, the costliest search there is (docs/SEARCH.md).
var wideQueries = []string{"hameçonnage", "tontine", "burnout", "midwife", "phishing", "doula", "tontine burnout"}

// BenchmarkSearchWide1M times the widened search among a million items:
// go test -tags sqlite_fts5 -run '^$' -bench 'Search1M|SearchWide1M' -benchtime 300x ./store
func BenchmarkSearchWide1M(b *testing.B) {
	db := benchStore(b, 1_000_000)
	var lat []time.Duration
	for i := 0; b.Loop(); i++ {
		t := time.Now()
		if _, err := db.Search(context.Background(), db.viewer, wideQueries[i%len(wideQueries)], 5); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t))
	}
	slices.Sort(lat)
	at := func(p int) float64 {
		i := max((len(lat)*p+99)/100-1, 0)
		return float64(lat[i].Microseconds()) / 1000
	}
	b.ReportMetric(at(50), "p50_ms")
	b.ReportMetric(at(99), "p99_ms")
}
