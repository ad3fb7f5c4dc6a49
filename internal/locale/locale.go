// Package locale formats Batori's user-facing text for English and Assamese
// readers: translated messages, numbers, dates and relative times in a time
// zone, plus the Assamese text helpers (normalisation, search keys, slugs,
// and the Bengali-ra lint).
package locale

import (
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Locale formats messages, numbers and times for one language in one time zone.
// A Locale is immutable and safe for concurrent use.
type Locale struct {
	lang     Lang
	zone     *time.Location
	native   bool
	printer  *message.Printer
	messages map[string]string
}

// New returns a Locale for lang in zone. digits applies to Assamese only;
// English always uses Latin digits. An unknown lang falls back to English, an
// unknown digit style to CLDR's Assamese default (native), and a nil zone to UTC.
func New(lang Lang, zone *time.Location, digits DigitStyle) *Locale {
	if lang != Assamese {
		lang = English
	}
	if zone == nil {
		zone = time.UTC
	}
	l := &Locale{lang: lang, zone: zone, messages: catalog(lang)}
	switch {
	case lang == English:
		l.printer = message.NewPrinter(language.English)
	case digits == LatinDigits:
		l.printer = message.NewPrinter(language.MustParse("as-u-nu-latn"))
	default:
		l.native = true
		l.printer = message.NewPrinter(language.MustParse("as-u-nu-beng"))
	}
	return l
}

// IndiaZone returns Asia/Kolkata, or a fixed UTC+5:30 zone named IST when the
// system has no time zone database. It reads the database on each call, so
// call it once at start-up.
func IndiaZone() *time.Location {
	if z, err := time.LoadLocation("Asia/Kolkata"); err == nil {
		return z
	}
	return time.FixedZone("IST", 5*3600+30*60)
}

// Lang returns the locale's language.
func (l *Locale) Lang() Lang { return l.lang }

// Zone returns the time zone the locale shows times in.
func (l *Locale) Zone() *time.Location { return l.zone }

// UsesNativeDigits reports whether the locale writes Assamese digits.
func (l *Locale) UsesNativeDigits() bool { return l.native }

// HTMLLang returns the value for the lang attribute of <html>: "en" or "as".
func (l *Locale) HTMLLang() string { return string(l.lang) }

// LangName returns the name of a language in the locale's language, for
// language switchers: "Assamese" on English pages, "অসমীয়া" on Assamese ones.
func (l *Locale) LangName(of Lang) string {
	names := langNames[l.lang]
	if n, ok := names[of]; ok {
		return n
	}
	return string(of)
}

// langNames holds CLDR's language names (languages.json) for the site languages.
var langNames = map[Lang]map[Lang]string{
	English:  {English: "English", Assamese: "Assamese"},
	Assamese: {English: "ইংৰাজী", Assamese: "অসমীয়া"},
}
