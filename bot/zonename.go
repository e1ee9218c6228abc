package bot

import (
	"strings"
	"time"
	"unicode/utf8"
)

// placeNames are the places of the zones the Lab's groups use, as each
// language writes them, where that is not the zone's own last word with
// its underscores as spaces ("America/Bogota" is Bogotá; "Africa/Dakar"
// is Dakar in every language).
var placeNames = map[string][3]string{ // en, es, fr
	"Bogota":         {"Bogotá", "Bogotá", "Bogota"},
	"Sao_Paulo":      {"São Paulo", "São Paulo", "São Paulo"},
	"Asuncion":       {"Asunción", "Asunción", "Asuncion"},
	"Mexico_City":    {"Mexico City", "Ciudad de México", "Mexico"},
	"Panama":         {"Panama", "Panamá", "Panama"},
	"Havana":         {"Havana", "La Habana", "La Havane"},
	"New_York":       {"New York", "Nueva York", "New York"},
	"London":         {"London", "Londres", "Londres"},
	"Paris":          {"Paris", "París", "Paris"},
	"Brussels":       {"Brussels", "Bruselas", "Bruxelles"},
	"Geneva":         {"Geneva", "Ginebra", "Genève"},
	"Zurich":         {"Zurich", "Zúrich", "Zurich"},
	"Port-au-Prince": {"Port-au-Prince", "Puerto Príncipe", "Port-au-Prince"},
	"Cairo":          {"Cairo", "El Cairo", "Le Caire"},
	"Algiers":        {"Algiers", "Argel", "Alger"},
	"Tunis":          {"Tunis", "Túnez", "Tunis"},
	"Johannesburg":   {"Johannesburg", "Johannesburgo", "Johannesburg"},
	"Addis_Ababa":    {"Addis Ababa", "Adís Abeba", "Addis-Abeba"},
	"Dar_es_Salaam":  {"Dar es Salaam", "Dar es-Salam", "Dar es Salam"},
}

// placeName names the place a zone keeps the time of, in lang: "Bogotá",
// "Nueva York", "Dakar"; a zone that names no place ("UTC",
// "Etc/GMT+5") keeps its name.
func placeName(lang string, loc *time.Location) string {
	name := loc.String()
	i := strings.LastIndexByte(name, '/')
	if i < 0 || strings.HasPrefix(name, "Etc/") {
		return name
	}
	city := name[i+1:]
	if names, ok := placeNames[city]; ok {
		switch lang {
		case "es":
			return names[1]
		case "fr":
			return names[2]
		}
		return names[0]
	}
	return strings.ReplaceAll(city, "_", " ")
}

// zoneTime says whose clock a time is on, after it: "Bogotá time", "hora
// de Bogotá", "heure de Dakar", "heure d'Abidjan" (French elides before a
// vowel: date.zone_time_vowel).
func (b *Bot) zoneTime(lang string, loc *time.Location) string {
	place := placeName(lang, loc)
	key := "date.zone_time"
	if first, _ := utf8.DecodeRuneInString(fold(place)); strings.ContainsRune("aeiou", first) {
		key = "date.zone_time_vowel"
	}
	return b.texts.msg(lang, key, vars{"Place": place})
}
