package locale

import (
	"testing"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/number"
)

func TestDigits(t *testing.T) {
	tests := []struct {
		lang   Lang
		digits DigitStyle
		in     string
		want   string
	}{
		{Assamese, NativeDigits, "0123456789", "০১২৩৪৫৬৭৮৯"},
		{Assamese, NativeDigits, "15-08-2024, 2:05", "১৫-০৮-২০২৪, ২:০৫"},
		{Assamese, NativeDigits, "৫ and x", "৫ and x"},
		{Assamese, LatinDigits, "2024", "2024"},
		{English, NativeDigits, "2024", "2024"},
		{Assamese, NativeDigits, "", ""},
	}
	for _, tt := range tests {
		if got := New(tt.lang, nil, tt.digits).Digits(tt.in); got != tt.want {
			t.Errorf("%s/%s Digits(%q) = %q, want %q", tt.lang, tt.digits, tt.in, got, tt.want)
		}
	}
}

func TestNumber(t *testing.T) {
	tests := []struct {
		n                     int64
		en, asNative, asLatin string
	}{
		{0, "0", "০", "0"},
		{7, "7", "৭", "7"},
		{999, "999", "৯৯৯", "999"},
		{1000, "1,000", "১,০০০", "1,000"},
		{99999, "99,999", "৯৯,৯৯৯", "99,999"},
		{100000, "100,000", "১,০০,০০০", "1,00,000"},
		{1234567, "1,234,567", "১২,৩৪,৫৬৭", "12,34,567"},
		{-1234567, "-1,234,567", "-১২,৩৪,৫৬৭", "-12,34,567"},
		{10000000, "10,000,000", "১,০০,০০,০০০", "1,00,00,000"},
	}
	en := New(English, nil, NativeDigits)
	asNative := New(Assamese, nil, NativeDigits)
	asLatin := New(Assamese, nil, LatinDigits)
	for _, tt := range tests {
		if got := en.Number(tt.n); got != tt.en {
			t.Errorf("en Number(%d) = %q, want %q", tt.n, got, tt.en)
		}
		if got := asNative.Number(tt.n); got != tt.asNative {
			t.Errorf("as native Number(%d) = %q, want %q", tt.n, got, tt.asNative)
		}
		if got := asLatin.Number(tt.n); got != tt.asLatin {
			t.Errorf("as latin Number(%d) = %q, want %q", tt.n, got, tt.asLatin)
		}
	}
}

// TestNumberSmall: below a thousand Number writes the digits itself; it must write what the
// formatter writes, in every language and digit style.
func TestNumberSmall(t *testing.T) {
	for _, l := range []*Locale{New(English, nil, ""), New(Assamese, nil, NativeDigits), New(Assamese, nil, LatinDigits)} {
		for n := int64(-3); n <= 1200; n++ {
			if got, want := l.Number(n), l.printer.Sprint(number.Decimal(n)); got != want {
				t.Errorf("%s Number(%d) = %q, the formatter writes %q", l.lang, n, got, want)
			}
			if got, want := l.arg(int(n)), l.printer.Sprint(number.Decimal(int(n))); got != want {
				t.Errorf("%s arg(%d) = %q, the formatter writes %q", l.lang, n, got, want)
			}
		}
	}
	for _, lang := range []Lang{English, Assamese} {
		for n := int64(-3); n <= 1200; n++ {
			if got, want := pluralForm(lang, n), plural.Cardinal.MatchPlural(language.Make(string(lang)), int(min(max(n, -n), 1_000_000)), 0, 0, 0, 0); got != want {
				t.Errorf("%s pluralForm(%d) = %v, want %v", lang, n, got, want)
			}
		}
	}
}
