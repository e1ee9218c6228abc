package export

import (
	"fmt"
	"labbot/internal/place"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nicksnyder/go-i18n/v2/i18n"

	"labbot/locales"
	"labbot/privacy"
)

// bundle is the catalog the bot speaks from, loaded once.
var bundle = sync.OnceValues(locales.NewBundle)

// words renders a report's words from the catalog in one language, and
// its dates in the Lab's time zone. The first message that fails to
// render is kept in err: a report never ships a message ID.
type words struct {
	lang string
	l    *i18n.Localizer
	zone *time.Location
	err  error
}

func newWords(lang string, zone *time.Location) (*words, error) {
	if !slices.Contains(locales.Languages(), lang) {
		return nil, fmt.Errorf("no report language %q (want %s)", lang, strings.Join(locales.Languages(), ", "))
	}
	b, err := bundle()
	if err != nil {
		return nil, err
	}
	if zone == nil {
		zone = time.UTC
	}
	return &words{l: i18n.NewLocalizer(b, lang), lang: lang, zone: zone}, nil
}

func (w *words) say(id string, data map[string]any) string {
	return w.render(&i18n.LocalizeConfig{MessageID: id, TemplateData: data})
}

// count renders plural message id for n, which it gets as N.
func (w *words) count(id string, n int) string {
	return w.render(&i18n.LocalizeConfig{MessageID: id, TemplateData: map[string]any{"N": n}, PluralCount: n})
}

func (w *words) render(cfg *i18n.LocalizeConfig) string {
	s, err := w.l.Localize(cfg)
	if err != nil {
		if w.err == nil {
			w.err = fmt.Errorf("message %s: %w", cfg.MessageID, err)
		}
		return cfg.MessageID
	}
	return s
}

// langName names a language code as the report's reader says it: French,
// francés, français. A code labbot does not speak stays as it is.
func (w *words) langName(code string) string {
	if !slices.Contains(locales.Languages(), code) {
		return code
	}
	return w.say("lang.name."+code, nil)
}

// person is a name as the report shows it: the privacy filter's "a former
// member" and "a member" in the report's language.
func (w *words) person(name string) string {
	switch name {
	case privacy.FormerMember:
		return w.say("name.former", nil)
	case privacy.AMember:
		return w.say("name.member", nil)
	}
	return oneLine(name)
}

// date is t's day in the Lab's zone, spelled out: 7 December 2026.
func (w *words) date(t time.Time) string {
	t = t.In(w.zone)
	day := strconv.Itoa(t.Day())
	if t.Day() == 1 {
		day = w.say("date.first_day", nil)
	}
	month := w.say("date.month."+strings.ToLower(t.Month().String()[:3]), nil)
	return w.say("export.date", map[string]any{"Day": day, "Month": month, "Year": t.Year()})
}

// when is t's date and time in the Lab's zone, with the zone's offset at
// that time: 9 December 2026, 18:00 UTC+3.
func (w *words) when(t time.Time) string {
	t = t.In(w.zone)
	clock := w.say("date.time", map[string]any{"H": t.Hour(), "HH": fmt.Sprintf("%02d", t.Hour()), "MM": fmt.Sprintf("%02d", t.Minute())})
	return w.say("export.when", map[string]any{"Date": w.date(t), "Time": clock, "Zone": place.Offset(t)})
}
