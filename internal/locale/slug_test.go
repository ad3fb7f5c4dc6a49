package locale

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

const headline = "অসমৰ মুখ্যমন্ত্ৰীয়ে গুৱাহাটীত সাংবাদিক সন্মিলন কৰিলে"

func TestSlug(t *testing.T) {
	tests := []struct {
		name string
		in   string
		max  int
		want string
	}{
		{"english headline", "Don't panic: Assam’s CM says 'all's well' after floods!", 0,
			"dont-panic-assams-cm-says-alls-well-after-floods"},
		{"accents stripped", "Café in Zürich — crème brûlée, São Paulo", 0, "cafe-in-zurich-creme-brulee-sao-paulo"},
		{"letters without decomposition", "Straße Łódź Æsir Øresund", 0, "strasse-lodz-aesir-oresund"},
		{"compatibility forms", "ＡＰＳＣ ﬁnal", 0, "apsc-final"},
		{"numbers kept", "Budget 2024-25: ₹1.5 lakh crore", 0, "budget-2024-25-1-5-lakh-crore"},
		{"only punctuation", " -- ?! … ", 0, ""},
		{"empty", "", 20, ""},
		{"assamese headline keeps marks", headline, 0, norm.NFC.String(strings.ReplaceAll(headline, " ", "-"))},
		{"assamese with danda and quotes", "“অসম” আৰু উত্তৰ-পূব। ২০২৪৷", 0, "অসম-আৰু-উত্তৰ-পূব-২০২৪"},
		{"precomposed ya-nukta", "মুখ্যমন্ত্ৰী\u09DFে", 0, "মুখ্যমন্ত্ৰী\u09AF\u09BCে"},
		{"ZWJ stripped", "ৰ\u200D্যাব", 0, "ৰ্যাব"},
		{"ZWNJ stripped", "ক্\u200Cষ", 0, "ক্ষ"},
		{"word-final virama dropped", "ক্ খ্", 0, "ক-খ"},
		{"assamese apostrophe", "কি হ’ল", 0, "কি-হল"},
		{"mixed scripts", "IIT গুৱাহাটীৰ Report", 0, "iit-গুৱাহাটীৰ-report"},
		{"invalid utf-8", "ab\xffcd", 0, "ab-cd"},
		{"cut at last hyphen", "Floods hit Dhemaji and Lakhimpur", 20, "floods-hit-dhemaji"},
		{"cut exactly at hyphen", "Floods hit Dhemaji", 10, "floods-hit"},
		{"fits exactly", "Floods hit", 10, "floods-hit"},
		{"long first word cut", "Supercalifragilistic news", 5, "super"},
		{"assamese cut at hyphen", headline, 20, "অসমৰ-মুখ্যমন্ত্ৰীয়ে"},
		{"assamese cut before vowel sign", "মুখ্যমন্ত্ৰীয়ে", 2, "মু"},
		{"assamese cut never after virama", "মুখ্যমন্ত্ৰীয়ে", 4, "মু"},
		{"assamese cut keeps conjunct", "মুখ্যমন্ত্ৰীয়ে", 5, "মুখ্য"},
		{"assamese cut skips virama and conjunct", "মুখ্যমন্ত্ৰীয়ে", 9, "মুখ্যম"},
		{"assamese cut keeps nukta", "মুখ্যমন্ত্ৰীয়ে", 13, "মুখ্যমন্ত্ৰী"},
		{"no room for a syllable", "মুখ্য", 1, ""},
		{"negative max means no limit", "a b", -1, "a-b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Slug(tt.in, tt.max)
			if got != tt.want {
				t.Errorf("Slug(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
			}
			checkSlug(t, tt.in, tt.max, got)
		})
	}
}

// checkSlug asserts the properties every slug has.
func checkSlug(t *testing.T, in string, max int, got string) {
	t.Helper()
	switch {
	case !utf8.ValidString(got):
		t.Errorf("Slug(%q, %d) = %q: invalid UTF-8", in, max, got)
	case !norm.NFC.IsNormalString(got):
		t.Errorf("Slug(%q, %d) = %+q: not NFC", in, max, got)
	case strings.HasPrefix(got, "-") || strings.HasSuffix(got, "-"):
		t.Errorf("Slug(%q, %d) = %q: leading or trailing -", in, max, got)
	case strings.Contains(got, "--"):
		t.Errorf("Slug(%q, %d) = %q: contains --", in, max, got)
	case max > 0 && utf8.RuneCountInString(got) > max:
		t.Errorf("Slug(%q, %d) = %q: %d runes", in, max, got, utf8.RuneCountInString(got))
	case strings.HasSuffix(got, "\u09CD"):
		t.Errorf("Slug(%q, %d) = %+q: ends with a virama", in, max, got)
	case strings.ContainsAny(got, "\u200C\u200D"):
		t.Errorf("Slug(%q, %d) = %+q: contains a joiner", in, max, got)
	}
	// The charset: "-" between words of lower-case letters, numbers and the marks on them;
	// nothing a URL would need to escape apart from non-ASCII letters.
	for _, r := range got {
		if r != '-' && !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.IsMark(r) || r >= 'A' && r <= 'Z' {
			t.Errorf("Slug(%q, %d) = %+q: holds %+q", in, max, got, r)
			return
		}
	}
}

func TestSlugAssameseEveryLength(t *testing.T) {
	full := Slug(headline, 0)
	for max := 1; max <= utf8.RuneCountInString(full)+1; max++ {
		got := Slug(headline, max)
		checkSlug(t, headline, max, got)
		if !strings.HasPrefix(full, got) {
			t.Errorf("Slug(headline, %d) = %q is not a prefix of %q", max, got, full)
		}
	}
}

func FuzzSlug(f *testing.F) {
	for _, s := range []string{headline, "Don't panic: Assam’s CM", "ৰ\u200D্যাব", "\u09DF", "ক্ খ্",
		"Café", "স\u09A4\u09CD\u200D", "-", "৷", "ি", "্", "a\u0301\u09CD"} {
		f.Add(s, 0)
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		checkSlug(t, s, max, Slug(s, max))
	})
}
