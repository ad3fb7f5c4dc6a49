package translation

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/batori-news/batori/internal/locale"
)

// Code points the output normalisation treats specially (assamese.md C2).
const (
	numeratorFour = '\u09F7' // BENGALI CURRENCY NUMERATOR FOUR, typed as a danda
	danda         = '\u0964' // DEVANAGARI DANDA, the standard full stop
)

// NormalizeSource prepares text before it is sent or looked up in the translation memory:
// NFC (with the old khanda-ta encoding repaired), so that the same sentence typed two ways is
// one memory entry.
func NormalizeSource(s string) string { return locale.Normalize(s) }

// NormalizeOutput cleans an engine's answer in the target language: NFC; for Assamese also
// the old khanda-ta encoding repaired and the look-alike danda ৷ (U+09F7) replaced by । (U+0964)
// where it ends a sentence; and white space trimmed from both ends.
func NormalizeOutput(s string, target locale.Lang) string {
	if target != locale.Assamese {
		return strings.TrimSpace(norm.NFC.String(s))
	}
	return strings.TrimSpace(fixDanda(locale.Normalize(s)))
}

// fixDanda maps ৷ to । before white space, the end of the text, or a placeholder or tag
// (which end a run of text inside a segment). Elsewhere ৷ may be the numeral it is.
func fixDanda(s string) string {
	if !strings.ContainsRune(s, numeratorFour) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		if r == numeratorFour {
			next, _ := utf8.DecodeRuneInString(s[i+utf8.RuneLen(r):])
			if i+utf8.RuneLen(r) == len(s) || unicode.IsSpace(next) || next == phOpen || next == '<' {
				r = danda
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Lint checks one translated segment: in Assamese output every Bengali র (U+09B0), which
// is almost always a mistake for ৰ, and for each glossary term whose source spelling occurs in
// source, that its target spelling occurs in out. The warnings carry segment as their Segment.
func Lint(segment, source, out string, terms []Term, src, tgt locale.Lang) []Warning {
	var ws []Warning
	if tgt == locale.Assamese {
		if offs := locale.BengaliRa(out); offs != nil {
			ws = append(ws, Warning{Kind: WarnBengaliRa, Segment: segment, Offsets: offs, Text: out})
		}
	}
	for _, t := range terms {
		if containsTerm(source, t.Source, src) && !containsTerm(out, t.Target, tgt) {
			ws = append(ws, Warning{Kind: WarnGlossary, Segment: segment, Term: t, Text: out})
		}
	}
	return ws
}

// containsTerm reports whether term occurs in text as written in lang. English terms match
// whole words, ignoring case ("Chief Minister", "chief minister"). Assamese terms match at the
// start of a word, since case endings attach to the name (গুৱাহাটীত is গুৱাহাটী + ত).
func containsTerm(text, term string, lang locale.Lang) bool {
	term = strings.TrimSpace(norm.NFC.String(term))
	if term == "" {
		return false
	}
	text = norm.NFC.String(text)
	if lang != locale.Assamese {
		text, term = strings.ToLower(text), strings.ToLower(term)
	}
	for from := 0; from < len(text); {
		i := strings.Index(text[from:], term)
		if i < 0 {
			return false
		}
		i += from
		end := i + len(term)
		before, _ := utf8.DecodeLastRuneInString(text[:i])
		after, _ := utf8.DecodeRuneInString(text[end:])
		startOK := i == 0 || !isWordRune(before)
		endOK := end == len(text) || !isWordRune(after) || lang == locale.Assamese
		if startOK && endOK {
			return true
		}
		_, size := utf8.DecodeRuneInString(text[i:])
		from = i + size
	}
	return false
}

// isWordRune: letters, marks (Assamese vowel signs and the virama are marks) and digits.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r)
}

// WarningKind says what a Warning is about.
type WarningKind string

// The kinds of Warning.
const (
	// WarnMarkup: the engine mangled a segment's inline markup; the segment was translated
	// again as plain text, and its links and emphasis were dropped.
	WarnMarkup WarningKind = "markup"
	// WarnBengaliRa: the Assamese output has Bengali র (U+09B0) where ৰ (U+09F0) is meant.
	WarnBengaliRa WarningKind = "bengali-ra"
	// WarnGlossary: a glossary term of the source is not written as the glossary says.
	WarnGlossary WarningKind = "glossary"
)

// Warning is something an editor should check in a machine translation.
type Warning struct {
	Kind WarningKind
	// Segment is the ID of the segment concerned ("s3", "s3.1" for a part of a fallback;
	// "text" for TranslateText).
	Segment string
	// Offsets are the byte offsets in Text of each Bengali র (WarnBengaliRa).
	Offsets []int
	// Term is the glossary entry not followed (WarnGlossary).
	Term Term
	// Text is the segment's translation as plain text.
	Text string
}
