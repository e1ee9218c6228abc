// Package latency holds the one percentile the benchmarks report, so that
// every p50 and p99 in docs/PERFORMANCE.md means the same thing.
//
// The p-th percentile of n timings is the nearest-rank one: sorted from
// fastest to slowest, the timing at rank ⌈p·n/100⌉ (counting from 1), the
// smallest timing that at least p% of them do not exceed. It is a timing
// that was measured, never an interpolation.
//
// A percentile of too few timings says little: the p99 of a dozen is their
// slowest but one or two. Percentile refuses fewer than MinSamples(p), the
// count that leaves at least MinTail timings beyond the percentile (1,000
// for p99, 20 for p50), so that no single outlier decides it.
package latency

import (
	"fmt"
	"math"
	"slices"
	"testing"
	"time"
)

// MinTail is how many timings must lie beyond a percentile for it to be
// reported.
const MinTail = 10

// MinSamples is the fewest timings Percentile accepts for the p-th
// percentile: MinTail·100/(100−p), rounded up. It is 0 for a p out of
// (0, 100), which Percentile refuses whatever the count.
func MinSamples(p float64) int {
	if !(p > 0 && p < 100) {
		return 0
	}
	return int(math.Ceil(MinTail*100/(100-p) - 1e-6))
}

// Percentile is the nearest-rank p-th percentile of d (0 < p < 100; the
// 100th is the slowest, slices.Max). d is left as it was.
func Percentile(d []time.Duration, p float64) (time.Duration, error) {
	if !(p > 0 && p < 100) {
		return 0, fmt.Errorf("percentile %v: want one above 0 and below 100", p)
	}
	if min := MinSamples(p); len(d) < min {
		return 0, fmt.Errorf("p%v of %d timings: it needs at least %d", p, len(d), min)
	}
	sorted := slices.Clone(d)
	slices.Sort(sorted)
	rank := int(math.Ceil(p*float64(len(sorted))/100 - 1e-6)) // p·n/100 may be whole but for rounding
	return sorted[max(rank, 1)-1], nil
}

// Millis is Percentile in milliseconds, for a benchmark's metric; it
// stops tb's test when Percentile refuses.
func Millis(tb testing.TB, d []time.Duration, p float64) float64 {
	tb.Helper()
	v, err := Percentile(d, p)
	if err != nil {
		tb.Fatal(err)
	}
	return float64(v) / float64(time.Millisecond)
}

// ReportVsRaw reports a search's timings (name: "find", "search") beside
// its two raw baselines, on b: the p50s, their ratios, and the p99s of the
// search and of the baseline doing the same work.
func ReportVsRaw(b *testing.B, name string, search, same, all []time.Duration) {
	p50, same50, all50 := Millis(b, search, 50), Millis(b, same, 50), Millis(b, all, 50)
	b.ReportMetric(p50, name+"_p50_ms")
	b.ReportMetric(same50, "raw_same_p50_ms")
	b.ReportMetric(all50, "raw_bm25all_p50_ms")
	b.ReportMetric(p50/same50, "ratio_vs_same")
	b.ReportMetric(p50/all50, "ratio_vs_bm25all")
	b.ReportMetric(Millis(b, search, 99), name+"_p99_ms")
	b.ReportMetric(Millis(b, same, 99), "raw_same_p99_ms")
}
