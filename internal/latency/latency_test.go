package latency

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// ms makes timings of 1..n milliseconds, shuffled.
func ms(n int) []time.Duration {
	d := make([]time.Duration, n)
	for i := range d {
		d[i] = time.Duration(i+1) * time.Millisecond
	}
	rand.New(rand.NewPCG(1, 2)).Shuffle(n, func(i, j int) { d[i], d[j] = d[j], d[i] })
	return d
}

func TestPercentile(t *testing.T) {
	tests := []struct {
		name string
		d    []time.Duration
		p    float64
		want time.Duration // 0: refused
		err  string
	}{
		{"p99 of 1,000 is the 990th", ms(1000), 99, 990 * time.Millisecond, ""},
		{"p99 of 1,001 rounds the rank up", ms(1001), 99, 991 * time.Millisecond, ""},
		{"p99 of 2,000", ms(2000), 99, 1980 * time.Millisecond, ""},
		// Here the ranks (n−1)·p/100 and n·p/100 of the old helpers give 1,039 and 1,041 ms.
		{"p99 of 1,050 is the 1,040th", ms(1050), 99, 1040 * time.Millisecond, ""},
		{"p90 of 105 is the 95th", ms(105), 90, 95 * time.Millisecond, ""},
		{"p50 of 1,000 is the 500th, not an average", ms(1000), 50, 500 * time.Millisecond, ""},
		{"p50 of 21 is the middle one", ms(21), 50, 11 * time.Millisecond, ""},
		{"p50 of 20, the fewest", ms(20), 50, 10 * time.Millisecond, ""},
		{"p90 of 100", ms(100), 90, 90 * time.Millisecond, ""},
		{"p99.9 of 10,000", ms(10_000), 99.9, 9990 * time.Millisecond, ""},
		{"p1 of 1,000 is the 10th", ms(1000), 1, 10 * time.Millisecond, ""},
		{"ties", []time.Duration{5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 7}, 50, 5, ""},
		{"p99 of 999 is refused", ms(999), 99, 0, "at least 1000"},
		{"p99 of a dozen is refused", ms(12), 99, 0, "at least 1000"},
		{"p50 of 19 is refused", ms(19), 50, 0, "at least 20"},
		{"p99.9 of 9,999 is refused", ms(9999), 99.9, 0, "at least 10000"},
		{"none", nil, 50, 0, "at least 20"},
		{"p100 is refused", ms(1000), 100, 0, "below 100"},
		{"p0 is refused", ms(1000), 0, 0, "above 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := append([]time.Duration(nil), tt.d...)
			got, err := Percentile(tt.d, tt.p)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("Percentile(%d timings, %v) = %v, %v; want an error saying %q", len(tt.d), tt.p, got, err, tt.err)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Percentile(%d timings, %v) = %v, %v; want %v", len(tt.d), tt.p, got, err, tt.want)
			}
			for i := range before {
				if tt.d[i] != before[i] {
					t.Fatal("Percentile reordered its argument")
				}
			}
		})
	}
}

func TestMinSamples(t *testing.T) {
	for _, tt := range []struct {
		p    float64
		want int
	}{{99, 1000}, {50, 20}, {90, 100}, {95, 200}, {99.9, 10_000}, {1, 11}, {100, 0}, {0, 0}} {
		if got := MinSamples(tt.p); got != tt.want {
			t.Errorf("MinSamples(%v) = %d, want %d", tt.p, got, tt.want)
		}
	}
}

// TestMinSamplesLeavesATail checks the documented reason for the minimum:
// at the fewest timings accepted, at least MinTail lie beyond the percentile.
func TestMinSamplesLeavesATail(t *testing.T) {
	for _, p := range []float64{1, 25, 50, 75, 90, 95, 99, 99.5, 99.9} {
		n := MinSamples(p)
		got, err := Percentile(ms(n), p)
		if err != nil {
			t.Fatalf("p%v of %d: %v", p, n, err)
		}
		if beyond := n - int(got/time.Millisecond); beyond < MinTail {
			t.Errorf("p%v of %d timings: %d beyond it, want at least %d", p, n, beyond, MinTail)
		}
	}
}

// TestMillisStops checks that a benchmark asking too much of too few
// timings stops instead of reporting.
func TestMillisStops(t *testing.T) {
	var ft fatalTB
	func() {
		defer func() { recover() }()
		Millis(&ft, ms(12), 99)
	}()
	if !ft.failed {
		t.Error("Millis reported p99 of 12 timings")
	}
	if got := Millis(t, ms(1000), 99); got != 990 {
		t.Errorf("Millis(p99 of 1..1000 ms) = %v, want 990", got)
	}
}

// fatalTB records a Fatal and stops its caller as testing does.
type fatalTB struct {
	testing.TB
	failed bool
}

func (f *fatalTB) Helper() {}
func (f *fatalTB) Fatal(args ...any) {
	f.failed = true
	panic("fatal")
}
