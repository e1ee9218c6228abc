package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"labbot/store/storetest"
)

const zainab = "+15550000777"

// anonLab is a lab where Zainab asked Q1 anonymously and was told, by a
// sensitive direct message now sent, of an answer.
func anonLab(t *testing.T) (*lab, Member, Item) {
	t.Helper()
	return anonLabAt(t, filepath.Join(t.TempDir(), FileName))
}

func anonLabAt(t *testing.T, path string) (*lab, Member, Item) {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	l := labOn(t, s)
	z, _, err := l.SeeMember(ctx, Incoming{Sender: zainab}, "Zainab", l.open.ID, t0)
	if err != nil {
		t.Fatal(err)
	}
	q := l.add(t, Item{Kind: KindQuestion, Body: "How do we pay rent?", AuthorID: z.ID, Anonymous: true, GroupID: l.open.ID})
	l.add(t, Item{Kind: KindAnswer, Body: "A reserve fund", AuthorID: l.ana.ID, QuestionID: q.ID, GroupID: l.open.ID})
	notice := Outgoing{MsgID: "m9", Chat: zainab, Body: "Your question Q1 has a new answer", Sensitive: true, Created: t0}
	if _, err := l.Enqueue(ctx, notice, t0); err != nil {
		t.Fatal(err)
	}
	due, err := l.NextDue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := l.MarkSent(ctx, due.ReplyID, t0); err != nil {
		t.Fatal(err)
	}
	return l, z, q
}

// cells lists every value of every table of the database at path but
// those named, the search index's and SQLite's own, with where it sits.
func cells(t *testing.T, path string, skip ...string) []string {
	t.Helper()
	var out []string
	for _, c := range storetest.Cells(t, path, func(table string) bool {
		return slices.Contains(skip, table) || strings.HasPrefix(table, "items_fts") || strings.HasPrefix(table, "sqlite_")
	}) {
		out = append(out, fmt.Sprintf("%s.%s=%s", c.Table, c.Column, c.Value))
	}
	return out
}

// Issue 13: SELECT … FROM items JOIN members … WHERE anonymous named the
// asker, in labbot.db and in every backup. Read with plain SQL, the file
// ties her to her question nowhere: no author, no number in any table but
// her own member row (and processed_messages, which another part keeps).
func TestAnonymousAskerIsNowhereInTheClear(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	l, z, q := anonLabAt(t, path)
	l.Close()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var named int
	err = db.QueryRow(`SELECT COUNT(*) FROM items i JOIN members m ON m.id = i.author_id WHERE i.anonymous = 1 OR i.id = ?`, q.ID).Scan(&named)
	if err != nil || named != 0 {
		t.Errorf("items names the asker of an anonymous question %d times (%v)", named, err)
	}
	for _, c := range cells(t, path, "members", "group_members", "processed_messages") {
		if strings.Contains(c, zainab) || strings.Contains(c, strings.TrimPrefix(zainab, "+")) {
			t.Errorf("labbot.db holds her number: %s", c)
		}
	}
	var outChat, outBody string
	if err := db.QueryRow(`SELECT chat, body FROM outbox WHERE msg_id = 'm9'`).Scan(&outChat, &outBody); !errors.Is(err, sql.ErrNoRows) {
		t.Errorf("the sent notice stays in the outbox: chat %q, body %q (%v); want it gone", outChat, outBody, err)
	}
	var authors int
	db.QueryRow(`SELECT COUNT(*) FROM items WHERE author_id = ? AND (id = ? OR question_id = ?) AND kind = 'Q'`, z.ID, q.ID, q.ID).Scan(&authors)
	if authors != 0 {
		t.Errorf("her member row is the question's author")
	}
}

// The sealed link tells her of answers while it lasts, and goes when the
// question goes, when its time is up, or when she is forgotten.
func TestAnonymousAskerLinkEnds(t *testing.T) {
	ctx := context.Background()
	t.Run("kept", func(t *testing.T) {
		l, _, q := anonLab(t)
		if user, err := l.AnonAsker(ctx, q.ID, t0); err != nil || user != zainab {
			t.Errorf("AnonAsker = %q, %v; want her", user, err)
		}
	})
	t.Run("removed", func(t *testing.T) {
		l, _, q := anonLab(t)
		if err := l.RemoveItem(ctx, q.ID); err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, l, "anon_askers"); n != 0 {
			t.Errorf("%d links left after the question was removed", n)
		}
	})
	t.Run("expired", func(t *testing.T) {
		l, _, q := anonLab(t)
		later := t0.Add(AskerKeep + time.Millisecond)
		if _, err := l.AnonAsker(ctx, q.ID, later); !errors.Is(err, ErrNotFound) {
			t.Errorf("AnonAsker after AskerKeep: %v; want ErrNotFound", err)
		}
		if err := l.PruneAnon(ctx, later); err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, l, "anon_askers"); n != 0 {
			t.Errorf("%d links left after AskerKeep", n)
		}
	})
	t.Run("key lost", func(t *testing.T) {
		dir := t.TempDir()
		l, _, q := anonLabAt(t, filepath.Join(dir, FileName))
		if err := l.Close(); err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(filepath.Join(dir, KeyFileName)); err != nil {
			t.Fatal(err)
		}
		s, err := Open(ctx, filepath.Join(dir, FileName))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if _, err := s.AnonAsker(ctx, q.ID, t0); !errors.Is(err, ErrNotFound) {
			t.Errorf("AnonAsker under a new key: %v; want ErrNotFound", err)
		}
	})
	t.Run("forgotten", func(t *testing.T) {
		l, z, q := anonLab(t)
		if err := l.AddAnonDraft(ctx, "m20", AnonDraft{UserID: zainab, Text: "draft"}, t0); err != nil {
			t.Fatal(err)
		}
		if err := l.ForgetMember(ctx, z.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := l.AnonAsker(ctx, q.ID, t0); !errors.Is(err, ErrNotFound) {
			t.Errorf("AnonAsker after forget: %v; want ErrNotFound", err)
		}
		if n := countRows(t, l, "anon_drafts"); n != 0 {
			t.Errorf("%d drafts of hers left after forget", n)
		}
	})
}

func countRows(t *testing.T, l *lab, table string) int {
	t.Helper()
	var n int
	if err := l.rdb.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A draft opens for her alone, and not after DraftKeep.
func TestAnonDraftIsHersAlone(t *testing.T) {
	l := newLab(t)
	ctx := context.Background()
	d := AnonDraft{UserID: zainab, Text: "How?", Lang: "fr", Choices: []int64{0, l.open.ID}}
	if err := l.AddAnonDraft(ctx, "m5", d, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := l.TakeAnonDraft(ctx, "m5", "+1", t0); !errors.Is(err, ErrNotFound) {
		t.Errorf("another member opened her draft: %v", err)
	}
	if _, err := l.TakeAnonDraft(ctx, "m5", zainab, t0.Add(DraftKeep+time.Millisecond)); !errors.Is(err, ErrNotFound) {
		t.Errorf("an expired draft opened: %v", err)
	}
	got, err := l.TakeAnonDraft(ctx, "m5", zainab, t0)
	if err != nil || got.Text != "How?" || len(got.Choices) != 2 {
		t.Errorf("TakeAnonDraft = %+v, %v", got, err)
	}
	var sealed []byte
	l.rdb.QueryRow("SELECT sealed FROM anon_drafts").Scan(&sealed)
	if strings.Contains(string(sealed), "How?") || strings.Contains(string(sealed), zainab) {
		t.Errorf("the draft is in the clear: %q", sealed)
	}
}

// A database from before sealing: its anonymous items named their asker.
// Opening it moves the asker into the sealed link, and names nobody.
func TestOpenSealsOldAnonymousAskers(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	s.AddGroup(ctx, Group{Key: "open", JID: "open@g.us", Name: "Open", Lang: "es", TZ: "UTC"}, t0)
	z, _, _ := s.SeeMember(ctx, Incoming{Sender: zainab}, "Zainab", 0, t0)
	q, err := s.AddItem(ctx, Item{Kind: KindQuestion, Body: "old", Lang: "es", Anonymous: true}, t0)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := s.AddItem(ctx, Item{Kind: KindAnswer, Body: "mine", Lang: "es", QuestionID: q.ID}, t0)
	// As labbot wrote them before: the author in the clear, an anonymous
	// answer too, and her translation of her question under her name.
	if _, err := s.exec(ctx, `UPDATE items SET author_id = ?, anonymous = 1 WHERE id IN (?, ?)`, z.ID, q.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.SetTranslation(ctx, q, "en", "old, in English", z.ID, t0); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var named int
	s.rdb.QueryRow(`SELECT COUNT(*) FROM items WHERE author_id IS NOT NULL AND anonymous = 1`).Scan(&named)
	if named != 0 {
		t.Errorf("%d anonymous items still name their author", named)
	}
	if user, err := s.AnonAsker(ctx, q.ID, t0); err != nil || user != zainab {
		t.Errorf("AnonAsker of the old question = %q, %v; want her, sealed", user, err)
	}
	trs, err := s.TranslationsBy(ctx, q.ID)
	if tr := trs["en"]; err != nil || tr.TranslatorID != 0 || tr.Translator != "" || !tr.Anonymous {
		t.Errorf("her old translation = %+v, %v; want it credited to nobody", tr, err)
	}
}
