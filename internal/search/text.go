package search

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/batori-news/batori/internal/locale"
)

// The index and the queries see text as words: runs of letters, combining marks (the vowel
// signs, virama and nukta that Assamese words are made of) and decimal digits. Joiners inside a
// word belong to it (and are dropped by locale.SearchFold); an apostrophe between letters
// (don't, হ’ল) and a comma between digits (১২,৩৪,৫৬৭ or 1,234,567) do too, and are dropped
// from the word's key. Each word's key is locale.SearchFold of its text; Assamese keys also
// give their stems (stem.go).

// maxWordRunes bounds a word's key; longer runs (a URL's remains, a line of digits) are not
// words anyone searches for.
const maxWordRunes = 64

// span is one word of a text: its byte range in the text and its key.
type span struct {
	start, end int
	key        string
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || unicode.Is(unicode.Nd, r)
}

func isJoiner(r rune) bool { return r == '\u200C' || r == '\u200D' }

func isApostrophe(r rune) bool { return r == '\'' || r == '\u2019' }

// words splits text into its words with their keys, in order.
func words(text string) []span { return splitWords(text, wordKey) }

// splitWords is words with the keys made by key.
func splitWords(text string, key func(string) string) []span {
	var out []span
	start := -1
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		inWord := isWordRune(r) || start >= 0 && isJoiner(r)
		if !inWord && start >= 0 && i+n < len(text) {
			// An apostrophe between letters or a comma between digits keeps the word going.
			next, _ := utf8.DecodeRuneInString(text[i+n:])
			prev, _ := utf8.DecodeLastRuneInString(text[:i])
			if isApostrophe(r) && unicode.IsLetter(next) && (unicode.IsLetter(prev) || unicode.IsMark(prev)) ||
				r == ',' && unicode.Is(unicode.Nd, next) && unicode.Is(unicode.Nd, prev) {
				inWord = true
			}
		}
		switch {
		case inWord && start < 0:
			start = i
		case !inWord && start >= 0:
			out = appendWord(out, text, start, i, key)
			start = -1
		}
		i += n
	}
	if start >= 0 {
		out = appendWord(out, text, start, len(text), key)
	}
	return out
}

func appendWord(out []span, text string, start, end int, key func(string) string) []span {
	k := key(text[start:end])
	if k == "" {
		return out
	}
	return append(out, span{start: start, end: end, key: k})
}

// wordKey is the folded form of one word, without the apostrophes and commas words may hold,
// and without an English possessive 's.
func wordKey(w string) string {
	k := fold(w)
	k = strings.TrimSuffix(strings.TrimSuffix(k, "'s"), "\u2019s")
	k = strings.Map(func(r rune) rune {
		if r == ',' || isApostrophe(r) {
			return -1
		}
		return r
	}, k)
	if k == "" || utf8.RuneCountInString(k) > maxWordRunes {
		return ""
	}
	// A key must start with a letter or digit: a stray mark (a vowel sign after a joiner was
	// dropped) is no word.
	if r, _ := utf8.DecodeRuneInString(k); unicode.IsMark(r) {
		return ""
	}
	return k
}

// fold is locale.SearchFold, with a short cut for plain ASCII words (most English text), which
// only need lower case.
func fold(w string) string {
	for i := 0; i < len(w); i++ {
		if w[i] >= utf8.RuneSelf {
			return locale.SearchFold(w)
		}
	}
	return strings.ToLower(w)
}

// forms is a word's key followed by its stems, each once.
func forms(key string) []string {
	out := []string{key}
	for _, s := range stems(key) {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// terms is what the index holds of a text: every word's forms, in order.
func terms(text string) []string {
	var out []string
	for _, w := range words(text) {
		out = append(out, forms(w.key)...)
	}
	return out
}
