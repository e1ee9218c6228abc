package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
)

// A sensitive row (see Outgoing.Sensitive) and a ForgetBatch one wait in
// the outbox sealed: its chat, body, quote and audience member are kept
// only in the sealed column, under a subkey of labbot.key, so that a copy
// of labbot.db taken while it waits (a backup, WhatsApp down, a pause)
// names nobody. Claim opens it for the sender; a reply handed to the
// sender in memory never needs opening. Other rows pay nothing.

// outboxContext derives the outbox's sealing key from the one in
// labbot.key, apart from the anonymous askers' (sealContext).
const outboxContext = "outbox-v1"

const (
	// pendingSealedSQL lists the sealed rows not sent yet, for forget:
	// they can only be told apart by opening them.
	pendingSealedSQL = `SELECT id, msg_id, sealed FROM outbox WHERE sealed IS NOT NULL AND sent_at IS NULL`
	dropRowSQL       = `DELETE FROM outbox WHERE id = ?`
)

// ErrSealLost is a sealed outbox row that no longer opens: labbot.key was
// lost or replaced since it was queued. The sender gives up on it.
var ErrSealLost = errors.New("store: a sealed outbox row no longer opens (labbot.key lost or replaced)")

// sealedFields is what a sealed row keeps out of its columns.
type sealedFields struct {
	Chat        string `json:"c"`
	Body        string `json:"b,omitempty"`
	QuoteSender string `json:"qs,omitempty"`
	QuoteAddr   string `json:"qa,omitempty"`
	QuoteText   string `json:"qt,omitempty"`
	Member      int64  `json:"m,omitempty"`
}

// sealsRow reports whether m waits sealed.
func (m Outgoing) sealsRow() bool { return m.Sensitive || m.Batch == ForgetBatch }

func outboxAbout(msgID string) string { return "outbox:" + msgID }

// sealRow returns m as its columns keep it, with what names its reader
// moved into the sealed value; m itself when it is not sealed.
func sealRow(ctx context.Context, tx querier, m Outgoing) (Outgoing, []byte, error) {
	if !m.sealsRow() {
		return m, nil, nil
	}
	key, err := strangerKey(ctx, tx)
	if err != nil {
		return m, nil, err
	}
	aead, err := subkeyAEAD(key, outboxContext)
	if err != nil {
		return m, nil, err
	}
	plain, err := json.Marshal(sealedFields{Chat: m.Chat, Body: m.Body, QuoteSender: m.QuoteSender,
		QuoteAddr: m.QuoteAddr, QuoteText: m.QuoteText, Member: m.Audience.Member})
	if err != nil {
		return m, nil, err
	}
	sealed := seal(aead, plain, outboxAbout(m.MsgID))
	m.Chat, m.Body, m.QuoteSender, m.QuoteAddr, m.QuoteText, m.Audience.Member = "", "", "", "", "", 0
	return m, sealed, nil
}

// openRow fills m's sealed fields in from sealed.
func openRow(key []byte, m *Outgoing, sealed []byte) error {
	f, err := openFields(key, m.MsgID, sealed)
	if err != nil {
		return fmt.Errorf("outbox row %d: %w", m.ID, ErrSealLost)
	}
	m.Chat, m.Body, m.QuoteSender, m.QuoteAddr, m.QuoteText, m.Audience.Member = f.Chat, f.Body, f.QuoteSender, f.QuoteAddr, f.QuoteText, f.Member
	return nil
}

func openFields(key []byte, msgID string, sealed []byte) (sealedFields, error) {
	var f sealedFields
	aead, err := subkeyAEAD(key, outboxContext)
	if err != nil {
		return f, err
	}
	plain, err := unseal(aead, sealed, outboxAbout(msgID))
	if err != nil {
		return f, err
	}
	return f, json.Unmarshal(plain, &f)
}

// dropSealedTo deletes the sealed rows not sent yet to userID (her chat,
// or quoting her): the rows are few, and each is opened to see whose it
// is. A row that no longer opens is left to the sender, which gives up on
// it.
func dropSealedTo(ctx context.Context, tx querier, userID string) error {
	key, err := strangerKey(ctx, tx)
	if err != nil {
		return err
	}
	return eachSealed(ctx, tx, key, func(r sealedOutRow, f sealedFields) error {
		if f.Chat != userID && f.QuoteSender != userID {
			return nil
		}
		_, err := tx.ExecContext(ctx, dropRowSQL, r.id)
		return err
	})
}

// eachSealed calls fn with each sealed row still to send, opened under
// key; a row that no longer opens is left to the sender, which gives up
// on it.
func eachSealed(ctx context.Context, tx querier, key []byte, fn func(r sealedOutRow, f sealedFields) error) error {
	rows, err := pendingSealed(ctx, tx)
	if err != nil {
		return err
	}
	for _, r := range rows {
		f, err := openFields(key, r.msgID, r.sealed)
		if err != nil {
			continue
		}
		if err := fn(r, f); err != nil {
			return err
		}
	}
	return nil
}

// sealedOutRow is an outbox row waiting sealed.
type sealedOutRow struct {
	id     int64
	msgID  string
	sealed []byte
}

func pendingSealed(ctx context.Context, tx querier) ([]sealedOutRow, error) {
	return queryAll(ctx, tx, func(sc scanner) (sealedOutRow, error) {
		var r sealedOutRow
		err := sc.Scan(&r.id, &r.msgID, &r.sealed)
		return r, err
	}, pendingSealedSQL)
}

const (
	// oldSealRowsSQL finds the rows queued before rows were sealed, still
	// waiting with their reader in the clear.
	oldSealRowsSQL = `SELECT id, msg_id, chat, body, quote_sender, quote_addr, quote_text, COALESCE(audience_member, 0), batch, sensitive
		FROM outbox WHERE (sensitive OR ` + isForgetRow + `) AND sealed IS NULL AND chat <> ''
			AND sent_at IS NULL AND failed_at IS NULL`
	sealOldRowSQL = `UPDATE outbox SET chat = '', body = '', quote_sender = '', quote_addr = '', quote_text = '', audience_member = NULL,
		sealed = ? WHERE id = ?`
)

// sealOldRows seals the rows an older labbot queued in the clear and did
// not send: it runs at every open, and finds nothing once done.
func (s *Store) sealOldRows(ctx context.Context) error {
	n := 0
	err := s.tx(ctx, func(tx querier) error {
		rows, err := queryAll(ctx, tx, func(row scanner) (Outgoing, error) {
			var m Outgoing
			err := row.Scan(&m.ID, &m.MsgID, &m.Chat, &m.Body, &m.QuoteSender, &m.QuoteAddr, &m.QuoteText, &m.Audience.Member, &m.Batch, &m.Sensitive)
			return m, err
		}, oldSealRowsSQL)
		if err != nil {
			return err
		}
		for _, m := range rows {
			_, sealed, err := sealRow(ctx, tx, m)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, sealOldRowSQL, sealed, m.ID); err != nil {
				return err
			}
		}
		n = len(rows)
		return nil
	})
	if err == nil && n > 0 {
		err = s.truncateWAL(ctx)
	}
	if err != nil {
		return fmt.Errorf("seal old outbox rows: %w", err)
	}
	return nil
}
