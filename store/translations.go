package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

const (
	// translationColumns name who translated: her display name, none
	// when she is the anonymous asker of the item (a credit would name
	// her: the translation keeps no translator), and translator 0 when she
	// was forgotten.
	translationColumns = `t.item_id, t.lang, t.body, COALESCE(t.translator_id, 0), COALESCE(tm.name, ''),
		COALESCE(tm.user_id, ''), t.anonymous`
	translationFrom = ` FROM translations t JOIN items ti ON ti.id = t.item_id
		LEFT JOIN members tm ON tm.id = t.translator_id`
	itemTranslationsSQL = `SELECT ` + translationColumns + translationFrom + ` WHERE t.item_id = ? ORDER BY t.lang`
	oneTranslationSQL   = `SELECT ` + translationColumns + translationFrom + ` WHERE t.item_id = ? AND t.lang = ?`
)

// Translation is a human translation of an item, and who wrote it.
type Translation struct {
	ItemID         int64
	Lang           string
	Body           string
	TranslatorID   int64  // 0 when she asked to be forgotten, or is the item's anonymous asker
	Translator     string // her display name; "" when forgotten, or the item's anonymous asker
	TranslatorUser string // her user ID, so that staff are credited as staff
	Anonymous      bool   // written by the item's anonymous asker: credited to "a member", linked to nobody
}

func scanTranslation(row scanner) (Translation, error) {
	var t Translation
	return t, row.Scan(&t.ItemID, &t.Lang, &t.Body, &t.TranslatorID, &t.Translator, &t.TranslatorUser, &t.Anonymous)
}

// TranslationsBy returns an item's human translations, with who wrote
// each, by language.
func (s *Store) TranslationsBy(ctx context.Context, itemID int64) (map[string]Translation, error) {
	trs, err := queryAll(ctx, s.rdb, scanTranslation, itemTranslationsSQL, itemID)
	if err != nil {
		return nil, fmt.Errorf("translations: %w", err)
	}
	out := make(map[string]Translation, len(trs))
	for _, t := range trs {
		out[t.Lang] = t
	}
	return out, nil
}

// AddTranslation saves t as the translation of it into t.Lang, and makes
// it searchable, when it has none in that language yet, or when mayReplace
// says the one there may go. It returns the one it found (Lang "" for
// none) and whether t was saved. The look and the write are one
// transaction: two members translating at once cannot both replace.
func (s *Store) AddTranslation(ctx context.Context, it Item, t Translation, mayReplace func(prev Translation) bool, now time.Time) (prev Translation, saved bool, err error) {
	err = s.tx(ctx, func(tx querier) error {
		prev, err = scanTranslation(tx.QueryRowContext(ctx, oneTranslationSQL, it.ID, t.Lang))
		switch {
		case errors.Is(err, sql.ErrNoRows):
			prev = Translation{}
		case err != nil:
			return err
		case !mayReplace(prev):
			return nil
		}
		saved = true
		return setTranslation(ctx, tx, it, t, now)
	})
	if err != nil {
		return Translation{}, false, fmt.Errorf("add translation: %w", err)
	}
	return prev, saved, nil
}
