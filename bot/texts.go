package bot

import (
	"slices"
	"sync"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"labbot/locales"
)

// Texts renders labbot's words in the Lab's three languages.
type Texts struct {
	localizers map[string]*i18n.Localizer
	// Messages without data never change: rendered once, kept, since some
	// (help) render several on every command.
	fixed sync.Map // lang + "\x00" + id -> string
}

// vars is what a message's template may refer to.
type vars map[string]any

// NewTexts loads the embedded message files.
func NewTexts() (*Texts, error) {
	bundle, err := locales.NewBundle()
	if err != nil {
		return nil, err
	}
	t := &Texts{localizers: map[string]*i18n.Localizer{}}
	for _, lang := range locales.Languages() {
		t.localizers[lang] = i18n.NewLocalizer(bundle, lang)
	}
	return t, nil
}

// supported reports whether lang is one of the Lab's languages.
func supported(lang string) bool { return slices.Contains(locales.Languages(), lang) }

// msg renders message id in lang. A missing message renders as its ID, which
// the locale tests make sure never ships.
func (t *Texts) msg(lang, id string, data vars) string {
	if data != nil {
		return t.render(lang, &i18n.LocalizeConfig{MessageID: id, TemplateData: data})
	}
	key := lang + "\x00" + id
	if s, ok := t.fixed.Load(key); ok {
		return s.(string)
	}
	s := t.render(lang, &i18n.LocalizeConfig{MessageID: id})
	t.fixed.Store(key, s)
	return s
}

// plural renders message id in lang with the plural form for n; data gets N.
func (t *Texts) plural(lang, id string, n int, data vars) string {
	if data == nil {
		data = vars{}
	}
	data["N"] = n
	return t.render(lang, &i18n.LocalizeConfig{MessageID: id, TemplateData: data, PluralCount: n})
}

func (t *Texts) render(lang string, cfg *i18n.LocalizeConfig) string {
	l, ok := t.localizers[lang]
	if !ok {
		l = t.localizers[locales.Languages()[0]]
	}
	s, err := l.Localize(cfg)
	if err != nil {
		return cfg.MessageID
	}
	return s
}
