package locale

import (
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

// Slug makes a readable URL slug of at most maxRunes runes (no limit when
// maxRunes <= 0) from a headline or name, following assamese.md C5.
//
// Latin text becomes lowercase ASCII words ("Café" → "cafe", apostrophes
// dropped: "Assam's" → "assams"). Assamese and other scripts stay in Unicode:
// NFC, ZWJ and ZWNJ removed, combining marks kept, a word-final virama
// dropped. Runs of anything else become one "-". A long slug is cut at the
// last "-" that fits, or failing that at a character boundary that never
// separates a consonant from its vowel sign, nukta or virama. Compatibility
// characters are folded (fullwidth letters, ligatures) on the way. The result
// may be "".
func Slug(s string, maxRunes int) string {
	// Apostrophes and joiners sit inside words: drop them, keep the word
	// whole. This comes before NFKD, which turns ´ into a space and an accent.
	s = strings.Map(func(r rune) rune {
		if r == zwj || r == zwnj || isApostrophe(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, " "))
	// Decompose so accents on Latin letters can be dropped; NFC per word
	// recomposes the marks that are kept.
	s = cases.Lower(language.Und).String(norm.NFKD.String(s))

	var words []string
	var w strings.Builder
	flush := func() {
		if word := trimVirama(norm.NFC.String(w.String())); word != "" {
			words = append(words, word)
		}
		w.Reset()
	}
	stripMarks := true // marks on a Latin or Common base, or on none, go
	for _, r := range s {
		switch {
		case unicode.IsMark(r):
			if !stripMarks || !unicode.In(r, unicode.Inherited, unicode.Common, unicode.Latin) {
				w.WriteRune(r)
			}
		case r != numerator4 && (unicode.IsLetter(r) || unicode.IsNumber(r)):
			stripMarks = unicode.In(r, unicode.Latin, unicode.Common)
			if unicode.Is(unicode.Latin, r) {
				w.WriteString(foldLatin(r))
			} else {
				w.WriteRune(r)
			}
		default:
			flush()
			stripMarks = true
		}
	}
	flush()
	return cutSlug(strings.Join(words, "-"), maxRunes)
}

// cutSlug shortens slug to at most max runes, preferring the last "-" that
// fits and otherwise a boundary inside a word that keeps syllables whole.
func cutSlug(slug string, max int) string {
	rs := []rune(slug)
	if max <= 0 || len(rs) <= max {
		return slug
	}
	for i := max; i > 0; i-- {
		if rs[i] == '-' {
			return string(rs[:i])
		}
	}
	// No "-" fits, so rs[:max] is part of the first word.
	for i := max; i > 0; i-- {
		if !unicode.IsMark(rs[i]) && rs[i-1] != virama {
			return norm.NFC.String(string(rs[:i]))
		}
	}
	return ""
}

// trimVirama drops viramas ending a word: a slug word ending in one reads as
// cut off, and a slug must never end with one.
func trimVirama(word string) string {
	return strings.TrimRight(word, string(virama))
}

// isApostrophe reports whether r is an apostrophe or a look-alike used as one.
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '\u2019', '\u02BC', '\u2018', '`', '\u00B4':
		return true
	}
	return false
}

// foldLatin writes a decomposed, lower-cased Latin letter in ASCII where
// there is a conventional spelling; other letters are kept.
func foldLatin(r rune) string {
	if r < 0x80 {
		return string(r)
	}
	switch r {
	case 'ß':
		return "ss"
	case 'æ':
		return "ae"
	case 'œ':
		return "oe"
	case 'ø':
		return "o"
	case 'ł':
		return "l"
	case 'đ', 'ð':
		return "d"
	case 'þ':
		return "th"
	case 'ı':
		return "i"
	case 'ħ':
		return "h"
	}
	return string(r)
}
