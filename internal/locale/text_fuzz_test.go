package locale

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// textSeeds are Assamese and mixed strings that reach the text helpers' special cases.
var textSeeds = []string{
	"",
	headline,
	"স\u09A4\u09CD\u200D",                   // old khanda ta
	"\u09A4\u09CD\u200D\u09BE",              // old khanda ta before a vowel sign
	"ক\u09C7\u200C\u09BE",                   // joiner between the parts of a vowel sign
	"ৰাজ্য৷ ২০২৪৷",                          // look-alike danda at ends and inside
	"৷৷\u200D৷",                             // danda look-alikes around a joiner
	"\u09B0 ৰ \u09DC\u09DD\u09DF",           // Bengali ra, Assamese ra, precomposed nukta letters
	"Cafe\u0301 ﬁ \u212B",                   // decomposed accent, ligature, angstrom sign
	"\xff\xfe\xed\xa0\x80 invalid",          // invalid UTF-8 and a surrogate
	"a\u0301\u09CD\u200D\u09A4\u09CD\u200D", // marks on nothing in particular
}

// FuzzNormalize: Normalize gives NFC text without the old khanda-ta encoding, is idempotent,
// keeps valid text valid, and changes only the form, never the text: its NFD is the input's
// with the khanda-ta repair undone.
func FuzzNormalize(f *testing.F) {
	for _, s := range textSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Normalize(s)
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("Normalize(%+q) = %+q: invalid UTF-8", s, got)
		}
		if !utf8.ValidString(s) {
			return // norm passes invalid bytes through; the checks below speak of text
		}
		if !norm.NFC.IsNormalString(got) {
			t.Errorf("Normalize(%+q) = %+q: not NFC", s, got)
		}
		if strings.Contains(got, oldKhandaTa) {
			t.Errorf("Normalize(%+q) = %+q: old khanda ta left", s, got)
		}
		if again := Normalize(got); again != got {
			t.Errorf("Normalize not idempotent on %+q: %+q then %+q", s, got, again)
		}
		undo := strings.ReplaceAll(got, string(khandaTa), oldKhandaTa)
		in := strings.ReplaceAll(norm.NFC.String(s), string(khandaTa), oldKhandaTa)
		if norm.NFD.String(undo) != norm.NFD.String(in) {
			t.Errorf("Normalize(%+q) = %+q changed the text", s, got)
		}
	})
}

// FuzzSearchKey: a search key is normalised text without joiners, with no look-alike danda
// ending a sentence, and making a key of a key changes nothing (queries and the index are
// keyed the same way).
func FuzzSearchKey(f *testing.F) {
	for _, s := range textSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			s = strings.ToValidUTF8(s, "\uFFFD")
		}
		got := SearchKey(s)
		switch {
		case !utf8.ValidString(got):
			t.Fatalf("SearchKey(%+q) = %+q: invalid UTF-8", s, got)
		case !norm.NFC.IsNormalString(got):
			t.Errorf("SearchKey(%+q) = %+q: not NFC", s, got)
		case strings.ContainsAny(got, "\u200C\u200D"):
			t.Errorf("SearchKey(%+q) = %+q: joiner left", s, got)
		case strings.HasSuffix(got, string(numerator4)):
			t.Errorf("SearchKey(%+q) = %+q: ends with ৷", s, got)
		case SearchKey(got) != got:
			t.Errorf("SearchKey not idempotent on %+q: %+q then %+q", s, got, SearchKey(got))
		}
		for _, w := range strings.Fields(got) {
			if strings.HasSuffix(w, string(numerator4)) {
				t.Errorf("SearchKey(%+q) = %+q: word %+q ends with ৷", s, got, w)
			}
		}
	})
}

// FuzzBengaliRa: every offset BengaliRa reports is a র, and it reports every one, so the
// translation lint that relies on it finds each mistake in Assamese output.
func FuzzBengaliRa(f *testing.F) {
	for _, s := range textSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		offs := BengaliRa(s)
		last := -1
		for _, o := range offs {
			r, _ := utf8.DecodeRuneInString(s[o:])
			if r != bengaliRa || o <= last {
				t.Fatalf("BengaliRa(%+q) = %v: offset %d is %+q", s, offs, o, r)
			}
			last = o
		}
		want := 0
		for _, r := range s {
			if r == bengaliRa {
				want++
			}
		}
		if len(offs) != want || (want == 0 && offs != nil) {
			t.Errorf("BengaliRa(%+q) found %d of %d", s, len(offs), want)
		}
	})
}
