package translation_test

import (
	"slices"
	"testing"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/translation"
)

func TestNormalizeOutput(t *testing.T) {
	tests := []struct {
		in   string
		tgt  locale.Lang
		want string
	}{
		// ৷ (U+09F7) ends a sentence before a space, the end, or markup; elsewhere it stays.
		{"  অসম৷ গুৱাহাটী৷  ", locale.Assamese, "অসম। গুৱাহাটী।"},
		{"মূল্য ৷৹", locale.Assamese, "মূল্য ৷৹"},
		{"⟦1⟧অসম৷⟦/1⟧", locale.Assamese, "⟦1⟧অসম।⟦/1⟧"},
		{"<b>অসম৷</b>", locale.Assamese, "<b>অসম।</b>"},
		// NFC: য + ় stays decomposed (a composition exclusion), ে + া composes to ো.
		{"\u09DF \u09C7\u09BE", locale.Assamese, "\u09AF\u09BC \u09CB"},
		// The old khanda ta (ত + ্ + ZWJ) becomes ৎ.
		{"উৎ\u09A4\u09CD\u200D", locale.Assamese, "উৎ\u09CE"},
		// English output: NFC and trim only.
		{" cafe\u0301 ৷ ", locale.English, "café ৷"},
	}
	for _, tt := range tests {
		if got := translation.NormalizeOutput(tt.in, tt.tgt); got != tt.want {
			t.Errorf("NormalizeOutput(%q, %s) = %q, want %q", tt.in, tt.tgt, got, tt.want)
		}
	}
}

func TestLint(t *testing.T) {
	terms := []translation.Term{
		{Source: "Guwahati", Target: "গুৱাহাটী"},
		{Source: "Chief Minister", Target: "মুখ্যমন্ত্ৰী"},
		{Source: "Congress", Target: "কংগ্ৰেছ"},
		{Source: "India", Target: "ভাৰত"},
	}
	src := "The chief minister spoke in Guwahati about the Congress and Indian tea."
	// গুৱাহাটীত (with the locative ending) follows the glossary; কংগ্রেছ has Bengali র and
	// misses the glossary spelling; "Indian" is not the term India; মুখ্যমন্ত্ৰী is missing.
	out := "মন্ত্ৰীয়ে গুৱাহাটীত কংগ্রেছৰ বিষয়ে কলে।"
	ws := translation.Lint("s1", src, out, terms, locale.English, locale.Assamese)
	var kinds []translation.WarningKind
	var missing []string
	for _, w := range ws {
		kinds = append(kinds, w.Kind)
		if w.Segment != "s1" {
			t.Errorf("warning for segment %q", w.Segment)
		}
		switch w.Kind {
		case translation.WarnGlossary:
			missing = append(missing, w.Term.Source)
		case translation.WarnBengaliRa:
			if len(w.Offsets) != 1 || out[w.Offsets[0]:w.Offsets[0]+3] != "র" {
				t.Errorf("Bengali ra offsets %v", w.Offsets)
			}
		}
	}
	if !slices.Equal(missing, []string{"Chief Minister", "Congress"}) {
		t.Errorf("glossary misses %v, want Chief Minister and Congress", missing)
	}
	if !slices.Contains(kinds, translation.WarnBengaliRa) {
		t.Error("Bengali ra not flagged")
	}

	// Assamese to English: the Assamese term is found with its case ending, the English one
	// as a whole word in any case.
	back := []translation.Term{{Source: "গুৱাহাটী", Target: "Guwahati"}}
	if ws := translation.Lint("t", "গুৱাহাটীত বৰষুণ", "Rain in GUWAHATI", back, locale.Assamese, locale.English); ws != nil {
		t.Errorf("unexpected warnings %+v", ws)
	}
	if ws := translation.Lint("t", "গুৱাহাটীত বৰষুণ", "Rain in Gauhati", back, locale.Assamese, locale.English); len(ws) != 1 {
		t.Errorf("warnings %+v, want the glossary one", ws)
	}
}

func TestTermsIn(t *testing.T) {
	terms := []translation.Term{{Source: "United States", Target: "মাৰ্কিন যুক্তৰাষ্ট্ৰ"}, {Source: "Assam", Target: "অসম"}, {Source: "Iran", Target: "ইৰান"}}
	got := translation.TermsIn(terms, locale.English, "Assam and the United States.", "Nothing here; Iranian is not Iran's")
	if len(got) != 3 {
		t.Errorf("TermsIn = %v", got)
	}
	if got := translation.TermsIn(terms, locale.English, "Assamese tea"); got != nil {
		t.Errorf("TermsIn matched inside a word: %v", got)
	}
}
