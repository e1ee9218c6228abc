package store

import (
	"context"
	"errors"
	"fmt"
)

const (
	setItemLangSQL = `UPDATE items SET lang = ? WHERE id = ?`
	hasTransSQL    = `SELECT EXISTS (SELECT 1 FROM translations WHERE item_id = ? AND lang = ?)`
)

// ErrTranslatedInto is SetItemLang's refusal: the item has a human
// translation into the language it would be marked as written in.
var ErrTranslatedInto = errors.New("the item has a translation into that language")

// SetItemLang marks the item as written in lang, correcting what labbot
// detected, and re-indexes it (search stems an item's text by its
// language). An item is never marked as written in a language it has a
// translation into: that returns ErrTranslatedInto and changes nothing,
// checked and written in one transaction. ErrNotFound when there is no
// such item.
func (s *Store) SetItemLang(ctx context.Context, itemID int64, lang string) error {
	err := s.tx(ctx, func(tx querier) error {
		var translated bool
		if err := tx.QueryRowContext(ctx, hasTransSQL, itemID, lang).Scan(&translated); err != nil {
			return err
		}
		if translated {
			return ErrTranslatedInto
		}
		res, err := tx.ExecContext(ctx, setItemLangSQL, lang, itemID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		it, err := scanItem(tx.QueryRowContext(ctx, itemByIDSQL, itemID))
		if err != nil {
			return err
		}
		if it.Tags, err = tags(ctx, tx, itemID); err != nil {
			return err
		}
		trans, err := translations(ctx, tx, itemID)
		if err != nil {
			return err
		}
		return index(ctx, tx, it, trans)
	})
	if err != nil && !errors.Is(err, ErrNotFound) && !errors.Is(err, ErrTranslatedInto) {
		return fmt.Errorf("set item language: %w", err)
	}
	return err
}
