package locale

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Code points the Assamese text helpers treat specially.
const (
	zwj         = '\u200D' // ZERO WIDTH JOINER
	zwnj        = '\u200C' // ZERO WIDTH NON-JOINER
	virama      = '\u09CD' // BENGALI SIGN VIRAMA (hasanta)
	khandaTa    = '\u09CE' // BENGALI LETTER KHANDA TA
	bengaliRa   = '\u09B0' // BENGALI LETTER RA, a mistake in Assamese text
	numerator4  = '\u09F7' // BENGALI CURRENCY NUMERATOR FOUR, typed as a danda
	danda       = '\u0964' // DEVANAGARI DANDA, the standard full stop
	oldKhandaTa = "\u09A4\u09CD\u200D"
)

// Normalize prepares text for storage: NFC, and the pre-Unicode-4.1 encoding
// of khanda ta (ত + ্ + ZWJ) replaced by ৎ (U+09CE). Other ZWJ and ZWNJ are
// kept, since they change how the stored text renders.
func Normalize(s string) string {
	s = norm.NFC.String(s)
	if strings.Contains(s, oldKhandaTa) {
		// ৎ has no decomposition and composes with nothing, so the result
		// stays NFC.
		s = strings.ReplaceAll(s, oldKhandaTa, string(khandaTa))
	}
	return s
}

// SearchKey prepares text for a search index or query: Normalize, then ZWJ
// and ZWNJ removed and the look-alike danda ৷ (U+09F7) mapped to । (U+0964)
// where it ends a sentence (before white space or at the end).
func SearchKey(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == zwj || r == zwnj {
			return -1
		}
		return r
	}, Normalize(s))
	if strings.ContainsRune(s, numerator4) {
		rs := []rune(s)
		for i, r := range rs {
			if r == numerator4 && (i+1 == len(rs) || unicode.IsSpace(rs[i+1])) {
				rs[i] = danda
			}
		}
		s = string(rs)
	}
	// Removing a joiner can bring a vowel sign's parts together (ে + া), so
	// compose again.
	return norm.NFC.String(s)
}

// BengaliRa returns the byte offsets of every Bengali র (U+09B0) in s, which
// in Assamese text is almost always a mistake for ৰ (U+09F0). It returns nil
// when there is none.
func BengaliRa(s string) []int {
	var offsets []int
	for i, r := range s {
		if r == bengaliRa {
			offsets = append(offsets, i)
		}
	}
	return offsets
}
