package store

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// An anonymous question keeps who asked it only sealed, and only while the
// link serves her: to tell her of answers and to let her remove it. Most
// answers come within the first weeks (the weekly digest shows a question
// as open until it has one); after AskerKeep she is told of no more, and
// only staff may remove it.
const (
	AskerKeep = 90 * 24 * time.Hour
	// DraftKeep is how long an anonymous question waits for her to say
	// where it goes; then it is dropped, unposted.
	DraftKeep = 24 * time.Hour

	// sealContext derives the sealing key from the stranger key, so one
	// key does not serve two purposes.
	sealContext = "anon-asker-v1"

	askerUserSQL   = `SELECT user_id FROM members WHERE id = ?`
	addAskerSQL    = `INSERT INTO anon_askers (item_id, sealed, until) VALUES (?, ?, ?)`
	askerSQL       = `SELECT sealed FROM anon_askers WHERE item_id = ? AND until >= ?`
	allAskersSQL   = `SELECT item_id, sealed FROM anon_askers`
	dropAskerSQL   = `DELETE FROM anon_askers WHERE item_id = ?`
	pruneAskersSQL = `DELETE FROM anon_askers WHERE until < ?`
	addDraftSQL    = `INSERT INTO anon_drafts (msg_id, sealed, until) VALUES (?, ?, ?)`
	draftSQL       = `SELECT sealed FROM anon_drafts WHERE msg_id = ? AND until >= ?`
	allDraftsSQL   = `SELECT msg_id, sealed FROM anon_drafts`
	dropDraftSQL   = `DELETE FROM anon_drafts WHERE msg_id = ?`
	pruneDraftsSQL = `DELETE FROM anon_drafts WHERE until < ?`
	// unnameTranslationsSQL credits to nobody what an anonymous item's
	// author translated of it, as a translation by its asker is now saved.
	unnameTranslationsSQL = `UPDATE translations SET anonymous = 1, translator_id = NULL WHERE item_id = ? AND translator_id = ?`
	oldAnonymousSQL       = `SELECT id, kind, author_id, created_at FROM items WHERE anonymous = 1 AND author_id IS NOT NULL`
	unnameItemSQL         = `UPDATE items SET author_id = NULL WHERE id = ?`
)

// sealer is the AEAD that seals anonymous askers: AES-256-GCM under a
// subkey of the stranger key, which is kept out of labbot.db.
func sealer(ctx context.Context, q querier) (cipher.AEAD, error) {
	key, err := strangerKey(ctx, q)
	if err != nil {
		return nil, err
	}
	return subkeyAEAD(key, sealContext)
}

// subkeyAEAD is AES-256-GCM under HMAC(key, purpose): each purpose its own
// key, drawn from the one in labbot.key.
func subkeyAEAD(key []byte, purpose string) (cipher.AEAD, error) {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(purpose))
	block, err := aes.NewCipher(mac.Sum(nil))
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// seal encrypts plain, bound to what it is about (a row cannot be moved
// to another question).
func seal(aead cipher.AEAD, plain []byte, about string) []byte {
	nonce := make([]byte, aead.NonceSize())
	rand.Read(nonce)
	return aead.Seal(nonce, nonce, plain, []byte(about))
}

func unseal(aead cipher.AEAD, sealed []byte, about string) ([]byte, error) {
	n := aead.NonceSize()
	if len(sealed) < n {
		return nil, errors.New("sealed value too short")
	}
	return aead.Open(nil, sealed[:n], sealed[n:], []byte(about))
}

func askerAbout(itemID int64) string { return "asker:" + strconv.FormatInt(itemID, 10) }
func draftAbout(msgID string) string { return "draft:" + msgID }

// sealAsker keeps, sealed, who asked anonymous question itemID, until
// until. The item itself names nobody.
func sealAsker(ctx context.Context, tx querier, itemID, memberID int64, until time.Time) error {
	var user string
	if err := tx.QueryRowContext(ctx, askerUserSQL, memberID).Scan(&user); err != nil {
		return notFoundIsNil(err) // forgotten meanwhile: nobody to keep
	}
	aead, err := sealer(ctx, tx)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, addAskerSQL, itemID, seal(aead, []byte(user), askerAbout(itemID)), ms(until))
	return err
}

// AnonAsker returns the user ID of who asked anonymous question itemID,
// while labbot keeps the link; ErrNotFound once it does not.
func (s *Store) AnonAsker(ctx context.Context, itemID int64, now time.Time) (string, error) {
	user, err := s.openSealed(ctx, askerAbout(itemID), askerSQL, itemID, ms(now))
	if err != nil && !errors.Is(err, ErrNotFound) {
		return "", fmt.Errorf("anonymous asker: %w", err)
	}
	return string(user), err
}

// openSealed reads the one sealed value query finds and opens it, bound
// to about; ErrNotFound when there is none, or it no longer opens (its key
// file was lost): such a value serves nobody, as if it were gone.
func (s *Store) openSealed(ctx context.Context, about, query string, args ...any) ([]byte, error) {
	var plain []byte
	err := s.tx(ctx, func(tx querier) error {
		var sealed []byte
		if err := tx.QueryRowContext(ctx, query, args...).Scan(&sealed); err != nil {
			return notFound(err)
		}
		aead, err := sealer(ctx, tx)
		if err != nil {
			return err
		}
		if plain, err = unseal(aead, sealed, about); err != nil {
			return ErrNotFound
		}
		return nil
	})
	return plain, err
}

// AnonDraft is an anonymous question waiting for where it goes: the
// choices she was offered, in order (0 for the whole Lab, else a group).
type AnonDraft struct {
	UserID  string  `json:"u"`
	Text    string  `json:"t"`
	Lang    string  `json:"l"`
	Choices []int64 `json:"c"`
}

// AddAnonDraft keeps d, sealed, under labbot's message msgID that offered
// her the choices, for DraftKeep.
func (s *Store) AddAnonDraft(ctx context.Context, msgID string, d AnonDraft, now time.Time) error {
	plain, err := json.Marshal(d)
	if err != nil {
		return err
	}
	err = s.tx(ctx, func(tx querier) error {
		aead, err := sealer(ctx, tx)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, addDraftSQL, msgID, seal(aead, plain, draftAbout(msgID)), ms(now.Add(DraftKeep)))
		return err
	})
	if err != nil {
		return fmt.Errorf("add anonymous draft: %w", err)
	}
	return nil
}

// TakeAnonDraft returns the draft labbot's message msgID offered to
// userID; ErrNotFound when there is none for her (or it expired).
func (s *Store) TakeAnonDraft(ctx context.Context, msgID, userID string, now time.Time) (AnonDraft, error) {
	var d AnonDraft
	plain, err := s.openSealed(ctx, draftAbout(msgID), draftSQL, msgID, ms(now))
	if err == nil {
		err = json.Unmarshal(plain, &d)
	}
	if err == nil && d.UserID != userID {
		return AnonDraft{}, ErrNotFound
	}
	if err != nil && !errors.Is(err, ErrNotFound) {
		return AnonDraft{}, fmt.Errorf("anonymous draft: %w", err)
	}
	return d, err
}

// DropAnonDraft forgets the draft under msgID (she chose, or posting it
// is under way): it is posted at most once.
func (s *Store) DropAnonDraft(ctx context.Context, msgID string) error {
	return s.update(ctx, "drop anonymous draft", dropDraftSQL, msgID)
}

// PruneAnon forgets the askers kept past their date and the drafts never
// chosen for.
func (s *Store) PruneAnon(ctx context.Context, now time.Time) error {
	return s.tx(ctx, func(tx querier) error {
		if _, err := tx.ExecContext(ctx, pruneAskersSQL, ms(now)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, pruneDraftsSQL, ms(now))
		return err
	})
}

// forgetAsker drops every anonymous link and draft that names userID: the
// rows are few, and sealed, so each is opened to see whose it is.
func forgetAsker(ctx context.Context, tx querier, userID string) error {
	return eachAnonOf(ctx, tx, userID, func(_ cipher.AEAD, id int64) error {
		_, err := tx.ExecContext(ctx, dropAskerSQL, id)
		return err
	}, func(_ cipher.AEAD, key string, _ AnonDraft) error {
		_, err := tx.ExecContext(ctx, dropDraftSQL, key)
		return err
	})
}

// eachAnonOf calls asker for each anonymous question whose sealed asker
// is userID, and draft for each of her sealed drafts, with the sealer that
// opened them. Rows that no longer open are no one's.
func eachAnonOf(ctx context.Context, tx querier, userID string,
	asker func(aead cipher.AEAD, itemID int64) error, draft func(aead cipher.AEAD, key string, d AnonDraft) error) error {
	aead, err := sealer(ctx, tx)
	if err != nil {
		return err
	}
	askers, err := sealedRows(ctx, tx, allAskersSQL)
	if err != nil {
		return err
	}
	for _, a := range askers {
		id, _ := strconv.ParseInt(a.key, 10, 64)
		if user, err := unseal(aead, a.sealed, askerAbout(id)); err == nil && string(user) == userID {
			if err := asker(aead, id); err != nil {
				return err
			}
		}
	}
	drafts, err := sealedRows(ctx, tx, allDraftsSQL)
	if err != nil {
		return err
	}
	for _, d := range drafts {
		var dr AnonDraft
		if plain, err := unseal(aead, d.sealed, draftAbout(d.key)); err == nil && json.Unmarshal(plain, &dr) == nil && dr.UserID == userID {
			if err := draft(aead, d.key, dr); err != nil {
				return err
			}
		}
	}
	return nil
}

type sealedRow struct {
	key    string
	sealed []byte
}

func sealedRows(ctx context.Context, tx querier, query string) ([]sealedRow, error) {
	return queryAll(ctx, tx, func(row scanner) (sealedRow, error) {
		var r sealedRow
		err := row.Scan(&r.key, &r.sealed)
		return r, err
	}, query)
}

// sealOldAskers moves the askers of anonymous items saved before askers
// were sealed out of items.author_id: a question's asker into a sealed
// link (until its date), an answer's author nowhere (she answered her own
// question; it shows no name and needs no link). It runs at every open,
// and finds nothing once done.
func (s *Store) sealOldAskers(ctx context.Context) error {
	err := s.tx(ctx, func(tx querier) error {
		type old struct {
			id, author, created int64
			kind                string
		}
		rows, err := queryAll(ctx, tx, func(row scanner) (old, error) {
			var o old
			err := row.Scan(&o.id, &o.kind, &o.author, &o.created)
			return o, err
		}, oldAnonymousSQL)
		if err != nil {
			return err
		}
		for _, o := range rows {
			if o.kind == KindQuestion {
				if err := sealAsker(ctx, tx, o.id, o.author, fromMS(o.created).Add(AskerKeep)); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, unnameTranslationsSQL, o.id, o.author); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, unnameItemSQL, o.id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("seal old anonymous askers: %w", err)
	}
	return nil
}
