package locale

import (
	"strings"

	"golang.org/x/text/cases"
)

// Code points SearchFold maps.
const (
	assameseRa = '\u09F0' // ৰ
	assameseWa = '\u09F1' // ৱ
	bengaliBa  = '\u09AC' // ব
)

// caseFold folds Latin (and every other cased script) for matching; it keeps no state between
// calls, so one value serves every caller.
var caseFold = cases.Fold()

// SearchFold is SearchKey made forgiving, for the words of a search index and of the queries
// matched against it: the Bengali র (U+09B0) becomes the Assamese ৰ (U+09F0), ৱ (U+09F1)
// and ব (U+09AC) become one letter (ব), since writers and readers type either and the
// difference cannot be told mechanically (see assamese.md); Assamese and Devanagari digits
// become Latin ones; and cased letters are case-folded. Index and query must go through the
// same function.
func SearchFold(s string) string {
	s = SearchKey(s)
	s = strings.Map(func(r rune) rune {
		switch {
		case r == bengaliRa:
			return assameseRa
		case r == assameseWa:
			return bengaliBa
		case r >= '০' && r <= '৯':
			return '0' + (r - '০')
		case r >= '\u0966' && r <= '\u096F':
			return '0' + (r - '\u0966')
		}
		return r
	}, s)
	return caseFold.String(s)
}
