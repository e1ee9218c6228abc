package bot

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"labbot/bot/config"
	"labbot/store"
	"labbot/store/labdata"
)

// benchZones are the zones the benchmark's groups are spread over: the
// Lab's, from UTC+8 to UTC-5, so their Mondays at 09:00 fall at 13
// different instants.
var benchZones = []string{"Asia/Manila", "Africa/Nairobi", "Europe/Paris", "Africa/Dakar", "America/Bogota"}

// BenchmarkWeeklyDigest200Groups builds and queues the weekly digests of
// 200 groups in 5 zones and 3 languages (1 in 10 private) from a week with
// 20,000 new items, the job's whole run for one Monday. It reports
// ms/run, the figure docs/PERFORMANCE.md holds to under 200.
func BenchmarkWeeklyDigest200Groups(b *testing.B) {
	const groups, items = 200, 20000
	ctx := context.Background()
	monday := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	after, now := monday.Add(-12*time.Hour), monday.Add(23*time.Hour)
	h := newHarnessFrom(b, filepath.Join(b.TempDir(), store.FileName), after, func(c *config.Config) {
		c.Groups = nil
		for i := range groups {
			zone := benchZones[i%len(benchZones)]
			loc, _ := time.LoadLocation(zone)
			c.Groups = append(c.Groups, config.Group{Key: fmt.Sprintf("g%d", i), JID: fmt.Sprintf("g%d@g.us", i),
				Name: fmt.Sprintf("Group %d", i), Language: labdata.Langs()[i%3], Timezone: zone, Location: loc, Private: i%10 == 9})
		}
		c.Reminders.Grace = 48 * time.Hour // every Monday of the run is due, none is late
	})
	all, err := h.store.Groups(ctx)
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	for it := range labdata.Items(1, items) {
		g := all[i%len(all)]
		created := monday.Add(-6 * 24 * time.Hour).Add(time.Duration(i) * 25 * time.Second) // spread over the week
		_, err := h.store.AddItem(ctx, store.Item{Kind: it.Kind, Body: it.Body, URL: it.URL, Lang: it.Lang, Tags: it.Tags,
			GroupID: g.ID, Private: g.Private}, created)
		if err != nil {
			b.Fatal(err)
		}
		i++
	}
	raw, err := sql.Open("sqlite3", h.path)
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	queued := 0
	b.ResetTimer()
	for b.Loop() {
		if err := h.bot.postDigests(ctx, after, now); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		var n int
		if err := raw.QueryRow(`SELECT COUNT(DISTINCT chat) FROM outbox WHERE bulk = 1`).Scan(&n); err != nil {
			b.Fatal(err)
		}
		queued = n
		// The next run queues them all again.
		if _, err := raw.Exec(`DELETE FROM schedule_runs; DELETE FROM outbox`); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	if queued != groups {
		b.Fatalf("digests queued for %d groups, want %d", queued, groups)
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/run")
}
