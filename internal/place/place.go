// Package place names the place a time zone keeps the time of, as a
// member reads it: "Bogotá", "Nueva York", "Bruxelles", not the zone
// database's "America/Bogota"; and a zone that names no place by its
// offset from UTC ("UTC", "UTC-5").
package place

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// regions are the first parts of the zone names that name a place
// ("Africa/Dakar"); others ("UTC", "Etc/GMT+5", "US/Eastern", "EST5EDT")
// name none a member would know.
var regions = map[string]bool{
	"Africa": true, "America": true, "Antarctica": true, "Arctic": true, "Asia": true,
	"Atlantic": true, "Australia": true, "Europe": true, "Indian": true, "Pacific": true,
}

// names are the places whose name differs by language or needs an accent
// (the rest are the zone's last word with its underscores as spaces).
// Places French names with an article (Le Caire) are left out: "heure de
// Le Caire" would be wrong.
var names = map[string][3]string{ // en, es, fr
	"Bogota":         {"Bogotá", "Bogotá", "Bogota"},
	"Sao_Paulo":      {"São Paulo", "São Paulo", "São Paulo"},
	"Asuncion":       {"Asunción", "Asunción", "Asuncion"},
	"Mexico_City":    {"Mexico City", "Ciudad de México", "Mexico"},
	"Panama":         {"Panama", "Panamá", "Panama"},
	"New_York":       {"New York", "Nueva York", "New York"},
	"London":         {"London", "Londres", "Londres"},
	"Paris":          {"Paris", "París", "Paris"},
	"Brussels":       {"Brussels", "Bruselas", "Bruxelles"},
	"Geneva":         {"Geneva", "Ginebra", "Genève"},
	"Zurich":         {"Zurich", "Zúrich", "Zurich"},
	"Port-au-Prince": {"Port-au-Prince", "Puerto Príncipe", "Port-au-Prince"},
	"Algiers":        {"Algiers", "Argel", "Alger"},
	"Tunis":          {"Tunis", "Túnez", "Tunis"},
	"Johannesburg":   {"Johannesburg", "Johannesburgo", "Johannesburg"},
	"Addis_Ababa":    {"Addis Ababa", "Adís Abeba", "Addis-Abeba"},
	"Dar_es_Salaam":  {"Dar es Salaam", "Dar es-Salam", "Dar es Salam"},
}

// Name is the place loc keeps the time of, in lang ("Bogotá", "Nueva
// York", "Dakar"), and true; or, for a zone that names no place, its
// offset from UTC at t ("UTC", "UTC-5"), and false.
func Name(lang string, loc *time.Location, t time.Time) (string, bool) {
	name := loc.String()
	region, _, _ := strings.Cut(name, "/")
	i := strings.LastIndexByte(name, '/')
	if !regions[region] || i < 0 {
		return Offset(t.In(loc)), false
	}
	city := name[i+1:]
	if n, ok := names[city]; ok {
		switch lang {
		case "es":
			return n[1], true
		case "fr":
			return n[2], true
		}
		return n[0], true
	}
	return strings.ReplaceAll(city, "_", " "), true
}

// Offset is t's zone as an offset from UTC: UTC, UTC+3, UTC-5, UTC+5:30.
func Offset(t time.Time) string {
	_, secs := t.Zone()
	if secs == 0 {
		return "UTC"
	}
	sign := "+"
	if secs < 0 {
		sign, secs = "-", -secs
	}
	s := "UTC" + sign + strconv.Itoa(secs/3600)
	if m := secs % 3600 / 60; m != 0 {
		s += fmt.Sprintf(":%02d", m)
	}
	return s
}
