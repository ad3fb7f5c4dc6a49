package comments

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"

	"github.com/batori-news/batori/internal/locale"
)

// Bounds of the blocklist.
const (
	maxBlocklist  = 1000
	maxBlockEntry = 100
)

// matchKey is the form in which the blocklist and a comment are compared: the search key
// (NFC, no joiners, the Assamese danda), case-folded, Bengali র read as Assamese ৰ (people
// type one for the other), and every run of white space one space.
func matchKey(s string) string {
	s = cases.Fold().String(locale.SearchKey(s))
	s = strings.ReplaceAll(s, "\u09B0", "\u09F0")
	return strings.Join(strings.Fields(s), " ")
}

// wordRune reports whether r belongs to a word. Assamese vowel signs, the virama and the nukta
// are marks, not letters, and must not end a word.
func wordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) || unicode.IsNumber(r)
}

// NormalizeBlocklist cleans blocklist entries as editors type them: one per line, trimmed,
// NFC, single spaces, duplicates (as matched) and entries with no word left out, sorted.
func NormalizeBlocklist(entries []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, e := range entries {
		e = cleanLine(e)
		prefix := strings.HasSuffix(e, "*")
		e = strings.TrimSpace(strings.TrimRight(e, "*"))
		if e == "" || utf8.RuneCountInString(e) > maxBlockEntry || strings.IndexFunc(e, wordRune) < 0 {
			continue
		}
		if prefix {
			e += "*"
		}
		k := matchKey(e)
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, e)
	}
	slices.Sort(out)
	return out
}

// blockEntry is a compiled blocklist entry.
type blockEntry struct {
	word   string
	key    string
	prefix bool
}

type blocklist []blockEntry

func compileBlocklist(entries []string) blocklist {
	var out blocklist
	for _, e := range entries {
		prefix := strings.HasSuffix(e, "*")
		k := matchKey(strings.TrimRight(e, "*"))
		if k != "" {
			out = append(out, blockEntry{word: e, key: k, prefix: prefix})
		}
	}
	return out
}

// match returns the first entry found in text as a whole word or phrase (or a word's start, for
// an entry ending in *).
func (b blocklist) match(text string) (string, bool) {
	if len(b) == 0 {
		return "", false
	}
	t := matchKey(text)
	for _, e := range b {
		for from := 0; from < len(t); {
			i := strings.Index(t[from:], e.key)
			if i < 0 {
				break
			}
			start, end := from+i, from+i+len(e.key)
			before, _ := utf8.DecodeLastRuneInString(t[:start])
			after, _ := utf8.DecodeRuneInString(t[end:])
			if (start == 0 || !wordRune(before)) && (e.prefix || end == len(t) || !wordRune(after)) {
				return e.word, true
			}
			_, size := utf8.DecodeRuneInString(t[start:])
			from = start + size
		}
	}
	return "", false
}

// Blocked reports whether text holds one of the blocklist entries, and which, matching as
// Post does.
func Blocked(entries []string, text string) (string, bool) {
	return compileBlocklist(entries).match(text)
}
