package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Assamese has no stemmer in SQLite or PostgreSQL, and its nouns carry case endings and
// classifiers written onto the word: গুৱাহাটীত (in Guwahati), অসমৰ (of Assam), অসমলৈ (to
// Assam), ছাত্ৰসকলৰ (of the students). A light stripper takes off one case ending, then one
// classifier or plural marker, and the index holds the word and each stem; a query word
// matches any of its own forms. So গুৱাহাটীত finds গুৱাহাটী and গুৱাহাটীৰ, and the reverse.
// A stripped word may collide with an unrelated short word (ভাৰত → ভাৰ); ranking puts the
// stories holding the very form typed first, as they match more of its forms.
//
// The endings are written as locale.SearchFold leaves them: ৱ is ব there.

// caseEndings are taken off first, longest first.
var caseEndings = []string{
	"তকৈ",  // comparative: অসমতকৈ
	"েৰে",  // instrumental after a consonant: কলমেৰে
	"ৰপৰা", // ablative written together
	"লৈকে", // terminative: আজিলৈকে
	"লৈ",   // allative: অসমলৈ
	"ৰে",   // instrumental after a vowel
	"য়ে",  // ergative after a vowel: মুখ্যমন্ত্ৰীয়ে
	"বে",   // ergative after a vowel, ৱে folded: টোৱে
	"ত",    // locative: গুৱাহাটীত
	"ৰ",    // genitive: অসমৰ
	"ক",    // accusative: ৰামক
	"ে",    // ergative after a consonant: ৰামে
}

// classifiers are taken off second, longest first; a number takes them too (১,২০০টা, ২১খন).
var classifiers = []string{
	"বিলাক", "গৰাকী", "সমূহ", "সকল", "বোৰ", "খিনি", "জনী", "জন", "খন", "টো", "টা", "টি", "ডাল", "বিধ", "হঁত",
}

// minStemRunes keeps a stem from shrinking to a letter or two.
const minStemRunes = 2

// stems lists the stems of a word's key: for an Assamese word, the key without its case
// ending, then without its classifier as well; for an English one, the singular of a plural
// (floods → flood, cities → city), left alone in words of four letters or fewer (news, bus).
func stems(key string) []string {
	if !assamese(key) {
		return englishStem(key)
	}
	var out []string
	w := key
	if s, ok := strip(w, caseEndings); ok {
		out = append(out, s)
		w = s
	}
	if s, ok := strip(w, classifiers); ok {
		out = append(out, s)
	}
	return out
}

// strip takes the first of endings that w ends with off w, when enough of a word is left.
func strip(w string, endings []string) (string, bool) {
	for _, e := range endings {
		s, ok := strings.CutSuffix(w, e)
		if !ok || utf8.RuneCountInString(s) < minStemRunes {
			continue
		}
		last, _ := utf8.DecodeLastRuneInString(s)
		if last == '\u09CD' {
			// An ending after a virama is the end of a conjunct, not an ending.
			continue
		}
		if first, _ := utf8.DecodeRuneInString(s); unicode.IsMark(first) {
			continue
		}
		return s, true
	}
	return "", false
}

// assamese reports whether w is written in the Bengali-Assamese script.
func assamese(w string) bool {
	for _, r := range w {
		if r >= '\u0980' && r <= '\u09FF' {
			return true
		}
	}
	return false
}

// englishStem is the singular of a longer plain-Latin plural, if key looks like one.
func englishStem(key string) []string {
	if len(key) < 5 {
		return nil
	}
	for _, r := range key {
		if r < 'a' || r > 'z' {
			return nil
		}
	}
	switch {
	case strings.HasSuffix(key, "ies"):
		return []string{key[:len(key)-3] + "y"}
	case strings.HasSuffix(key, "ss"), strings.HasSuffix(key, "us"), strings.HasSuffix(key, "is"):
		return nil
	case strings.HasSuffix(key, "s"):
		return []string{key[:len(key)-1]}
	}
	return nil
}
