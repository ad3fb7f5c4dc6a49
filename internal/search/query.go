package search

import (
	"strings"
	"unicode/utf8"

	"github.com/batori-news/batori/internal/fielderr"
)

// Limits of a query, told to the person searching when passed.
const (
	// MaxQueryRunes bounds what may be typed in the search box.
	MaxQueryRunes = 100
	// MaxQueryWords bounds the words of a query.
	MaxQueryWords = 12
)

// Query is what someone searches for: words every result holds, and words none holds (typed
// with a leading minus: flood -Assam). Each word is the list of its forms (its key and stems);
// a story holding any one of them holds the word.
type Query struct {
	// Text is the query as typed, trimmed; the search box shows it again.
	Text    string
	Words   [][]string
	Without [][]string
}

// ParseQuery reads a query as typed. Punctuation and quotes are word separators; a query of
// punctuation alone is empty. A query too long or of too many words is a *fielderr.Error on
// field "q".
func ParseQuery(text string) (Query, error) {
	text = strings.TrimSpace(text)
	q := Query{Text: text}
	if n := utf8.RuneCountInString(text); n > MaxQueryRunes {
		return q, fielderr.NewProblem("q", fielderr.Problem{Code: fielderr.TooLong, Max: MaxQueryRunes})
	}
	seen := map[string]bool{}
	n := 0
	for _, chunk := range strings.Fields(text) {
		without := false
		if rest, ok := cutMinus(chunk); ok {
			without, chunk = true, rest
		}
		for _, w := range words(chunk) {
			k := w.key
			if without {
				k = "-" + k
			}
			if seen[k] {
				continue
			}
			seen[k] = true
			if n++; n > MaxQueryWords {
				return q, fielderr.NewProblem("q", fielderr.Problem{Code: fielderr.TooMany, Max: MaxQueryWords})
			}
			if without {
				q.Without = append(q.Without, forms(w.key))
			} else {
				q.Words = append(q.Words, forms(w.key))
			}
		}
	}
	return q, nil
}

// cutMinus takes a leading minus (ASCII or U+2212) off a chunk that has more after it.
func cutMinus(chunk string) (string, bool) {
	for _, m := range []string{"-", "\u2212"} {
		if rest, ok := strings.CutPrefix(chunk, m); ok && rest != "" {
			return rest, true
		}
	}
	return chunk, false
}

// Empty reports whether the query has no word to look for (words to leave out alone find
// nothing).
func (q Query) Empty() bool { return len(q.Words) == 0 }

// Key is the query as the index sees it, the same for every way of typing it (either ra,
// either digits, any case): for logs and anything keyed by query.
func (q Query) Key() string {
	var parts []string
	for _, w := range q.Words {
		parts = append(parts, w[0])
	}
	for _, w := range q.Without {
		parts = append(parts, "-"+w[0])
	}
	return strings.Join(parts, " ")
}

// fts is the query as an FTS5 expression on the text's columns: each word a group of its
// quoted forms, the groups joined by AND, the words left out after NOT. Keys hold letters,
// marks and digits only, so quoting cannot be escaped from.
//
// Words are looked for in the text's columns only, never among the filters' facets; only a
// form that looks like a facet's token carries the column filter that says so. A column
// filter on every word would make FTS5 read the positions of every story it walks past, to
// tell which columns hold the word.
func (q Query) fts() string {
	parts := make([]string, len(q.Words))
	for i, w := range q.Words {
		parts[i] = q.group(w)
	}
	expr := "(" + strings.Join(parts, " AND ") + ")"
	for _, w := range q.Without {
		expr += " NOT " + q.group(w)
	}
	return "(" + expr + ")"
}

// group is one word of the query as an FTS5 expression: its quoted forms joined by OR.
func (Query) group(forms []string) string {
	quoted := make([]string, len(forms))
	facetLike := false
	for i, f := range forms {
		quoted[i] = `"` + f + `"`
		facetLike = facetLike || strings.HasPrefix(f, facetPrefix)
	}
	g := "(" + strings.Join(quoted, " OR ") + ")"
	if facetLike {
		g = "({head meta body} : " + g + ")"
	}
	return g
}

// tsquery is the query as a PostgreSQL tsquery literal, in the same shape as fts.
func (q Query) tsquery() string {
	group := func(forms []string) string {
		quoted := make([]string, len(forms))
		for i, f := range forms {
			quoted[i] = "'" + f + "'"
		}
		return "(" + strings.Join(quoted, " | ") + ")"
	}
	var parts []string
	for _, w := range q.Words {
		parts = append(parts, group(w))
	}
	for _, w := range q.Without {
		parts = append(parts, "!"+group(w))
	}
	return strings.Join(parts, " & ")
}

// allForms lists every form of the query's words, for highlighting.
func (q Query) allForms() map[string]bool {
	out := map[string]bool{}
	for _, w := range q.Words {
		for _, f := range w {
			out[f] = true
		}
	}
	return out
}
