package locale

import (
	"slices"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"ascii unchanged", "Guwahati", "Guwahati"},
		{"old khanda ta", "স\u09A4\u09CD\u200D", "স\u09CE"},
		{"old khanda ta mid-word", "উ\u09A4\u09CD\u200Dপাদন", "উ\u09CEপাদন"},
		{"ta virama without ZWJ stays", "\u09A4\u09CD", "\u09A4\u09CD"},
		{"ZWJ kept elsewhere", "ৰ\u200D্যাব", "ৰ\u200D্যাব"},
		{"ZWNJ kept", "ক্\u200Cষ", "ক্\u200Cষ"},
		{"precomposed ya-nukta decomposes", "\u09DF", "\u09AF\u09BC"},
		{"precomposed rra decomposes", "\u09DC", "\u09A1\u09BC"},
		{"o vowel sign composes", "ক\u09C7\u09BE", "ক\u09CB"},
		{"au vowel sign composes", "ক\u09C7\u09D7", "ক\u09CC"},
		{"latin composes", "Cafe\u0301", "Café"},
		{"U+09F7 kept", "হ’ল৷", "হ’ল৷"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Normalize(tt.in)
			if got != tt.want {
				t.Errorf("Normalize(%+q) = %+q, want %+q", tt.in, got, tt.want)
			}
			if !norm.NFC.IsNormalString(got) {
				t.Errorf("Normalize(%+q) is not NFC", tt.in)
			}
		})
	}
}

func TestSearchKey(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "গুৱাহাটীত", "গুৱাহাটীত"},
		{"ZWJ stripped", "ৰ\u200D্যাব", "ৰ্যাব"},
		{"ZWNJ stripped", "ক্\u200Cষ", "ক্ষ"},
		{"khanda ta before stripping", "স\u09A4\u09CD\u200D", "স\u09CE"},
		{"precomposed ya-nukta", "মুখ্যমন্ত্ৰী\u09DFে", "মুখ্যমন্ত্ৰী\u09AF\u09BCে"},
		{"danda look-alike at end", "কৰিলে৷", "কৰিলে।"},
		{"danda look-alike before space", "কৰিলে৷ ৰাছিয়া", "কৰিলে। ৰাছিয়া"},
		{"danda look-alike before newline", "কৰিলে৷\nআৰু", "কৰিলে।\nআৰু"},
		{"danda look-alike before joiner and space", "কৰিলে৷\u200D ৰাছিয়া", "কৰিলে। ৰাছিয়া"},
		{"numerator four inside a number kept", "৷৷১", "৷৷১"},
		{"joiner removal recomposes", "ক\u09C7\u200D\u09BE", "ক\u09CB"},
		{"case kept", "Assam", "Assam"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := SearchKey(tt.in); got != tt.want {
				t.Errorf("SearchKey(%+q) = %+q, want %+q", tt.in, got, tt.want)
			}
		})
	}
}

func TestBengaliRa(t *testing.T) {
	tests := []struct {
		in   string
		want []int
	}{
		{"", nil},
		{"অসমৰ মুখ্যমন্ত্ৰী", nil},
		{"কংগ্রেছত মৰি", []int{12}},
		{"র", []int{0}},
		{"aর বর", []int{1, 8}},
		{"শ্রীলংকা শ্ৰীলংকা", []int{6}},
	}
	for _, tt := range tests {
		if got := BengaliRa(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("BengaliRa(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
