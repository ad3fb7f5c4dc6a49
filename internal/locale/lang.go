package locale

import (
	"strings"

	"golang.org/x/text/language"
)

// Lang is a language the site publishes in, as a BCP 47 base code.
type Lang string

// The languages Batori publishes in.
const (
	// English is the English edition.
	English Lang = "en"
	// Assamese is the Assamese (অসমীয়া) edition.
	Assamese Lang = "as"
)

// Langs lists the site's languages, English first.
func Langs() []Lang { return []Lang{English, Assamese} }

// ParseLang reads a language code such as "en", "as", "as-IN" or "EN-in" and
// reports whether it names one of the site's languages.
func ParseLang(s string) (Lang, bool) {
	tag, err := language.Parse(strings.TrimSpace(s))
	if err != nil {
		return "", false
	}
	// Base guesses "en" for "und" with low confidence; only an explicit
	// language subtag counts.
	base, conf := tag.Base()
	if conf != language.Exact {
		return "", false
	}
	switch Lang(base.String()) {
	case English:
		return English, true
	case Assamese:
		return Assamese, true
	}
	return "", false
}

// LangFromAcceptLanguage picks the first site language in an HTTP
// Accept-Language header, honouring q-values.
func LangFromAcceptLanguage(header string) (Lang, bool) {
	tags, _, err := language.ParseAcceptLanguage(header)
	if err != nil {
		return "", false
	}
	for _, t := range tags {
		if l, ok := ParseLang(t.String()); ok {
			return l, true
		}
	}
	return "", false
}

// Other returns the site's other language: English for Assamese and the reverse.
func (l Lang) Other() Lang {
	if l == Assamese {
		return English
	}
	return Assamese
}

// String returns the language code.
func (l Lang) String() string { return string(l) }

// DigitStyle chooses the digits Assamese pages are written with.
type DigitStyle string

// The digit styles. CLDR's default for Assamese is native; Assamese news
// sites use both.
const (
	// NativeDigits writes Bengali-Assamese digits ০–৯.
	NativeDigits DigitStyle = "native"
	// LatinDigits writes ASCII digits 0–9.
	LatinDigits DigitStyle = "latin"
)

// ParseDigitStyle reads "native" or "latin" (also the CLDR numbering system
// names "beng" and "latn"), case-insensitively.
func ParseDigitStyle(s string) (DigitStyle, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "native", "beng":
		return NativeDigits, true
	case "latin", "latn":
		return LatinDigits, true
	}
	return "", false
}
