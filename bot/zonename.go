package bot

import (
	"strings"
	"time"
	"unicode/utf8"

	"labbot/internal/place"
)

// placeName names the place loc keeps the time of, in lang: "Bogotá",
// "Nueva York", "Dakar"; a zone that names no place, by its offset from
// UTC now ("UTC", "UTC-5").
func (b *Bot) placeName(lang string, loc *time.Location) string {
	name, _ := place.Name(lang, loc, b.clock.Now())
	return name
}

// zoneTime says whose clock a time is on, after it: "Bogotá time", "hora
// de Bogotá", "heure de Dakar", "heure d'Abidjan" (French elides before a
// vowel: date.zone_time_vowel), "heure UTC" (date.zone_offset).
func (b *Bot) zoneTime(lang string, loc *time.Location) string {
	name, isPlace := place.Name(lang, loc, b.clock.Now())
	key := "date.zone_time"
	if first, _ := utf8.DecodeRuneInString(fold(name)); !isPlace {
		key = "date.zone_offset"
	} else if strings.ContainsRune("aeiou", first) {
		key = "date.zone_time_vowel"
	}
	return b.texts.msg(lang, key, vars{"Place": name})
}
