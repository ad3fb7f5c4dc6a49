package locale

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"
)

var placeholderRE = regexp.MustCompile(`\{[0-9]+\}`)

func TestCatalogsHaveSameKeys(t *testing.T) {
	en := slices.Sorted(maps.Keys(messagesEN))
	as := slices.Sorted(maps.Keys(messagesAS))
	if !slices.Equal(en, as) {
		for _, k := range en {
			if _, ok := messagesAS[k]; !ok {
				t.Errorf("Assamese catalog lacks %q", k)
			}
		}
		for _, k := range as {
			if _, ok := messagesEN[k]; !ok {
				t.Errorf("English catalog lacks %q", k)
			}
		}
	}
	if !slices.Equal(Keys(), en) {
		t.Errorf("Keys() is not the sorted key set")
	}
}

func TestCatalogKeysAndText(t *testing.T) {
	// lower_snake, with one "@field" suffix allowed on a field code worded for one field
	// (fielderr.MessageFor).
	keyRE := regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*(@[a-z][a-z0-9]*(_[a-z0-9]+)*)?$`)
	for _, cat := range []struct {
		lang Lang
		msgs map[string]string
	}{{English, messagesEN}, {Assamese, messagesAS}} {
		for k, v := range cat.msgs {
			if !keyRE.MatchString(k) {
				t.Errorf("%s: key %q is not lower_snake", cat.lang, k)
			}
			if strings.TrimSpace(v) == "" || strings.TrimSpace(v) != v {
				t.Errorf("%s %q: empty or padded message %q", cat.lang, k, v)
			}
			if !norm.NFC.IsNormalString(v) {
				t.Errorf("%s %q: not NFC: %q", cat.lang, k, v)
			}
		}
	}
}

func TestAssameseCatalogScript(t *testing.T) {
	for k, v := range messagesAS {
		if offs := BengaliRa(v); offs != nil {
			t.Errorf("%q has Bengali ra U+09B0 at bytes %v: %q", k, offs, v)
		}
		if strings.ContainsRune(v, '\u09F7') {
			t.Errorf("%q uses U+09F7 as a danda; use U+0964: %q", k, v)
		}
		if strings.ContainsAny(v, "'\u200C\u200D") {
			t.Errorf("%q has a straight apostrophe or a joiner: %q", k, v)
		}
	}
}

func TestCatalogPlaceholdersMatch(t *testing.T) {
	for k, en := range messagesEN {
		want := slices.Sorted(slices.Values(placeholderRE.FindAllString(en, -1)))
		got := slices.Sorted(slices.Values(placeholderRE.FindAllString(messagesAS[k], -1)))
		if !slices.Equal(got, want) {
			t.Errorf("%q: Assamese placeholders %v, English %v", k, got, want)
		}
		for i, p := range slices.Compact(want) {
			if p != "{"+string(rune('0'+i))+"}" {
				t.Errorf("%q: placeholders %v do not run {0}, {1}, …", k, want)
				break
			}
		}
	}
}

func TestCatalogRequiredMessages(t *testing.T) {
	tests := []struct {
		key, en, as string
	}{
		{"site_tagline", "News from Assam and the Northeast", ""},
		{"more_from_section", "More from {0}", ""},
		{"by", "By", ""},
		{"and", "and", "আৰু"},
		{"published", "Published", ""},
		{"updated_on", "Updated On", ""},
		{"share", "Share", ""},
		{"share_native", "Share…", ""},
		{"translate_in_assamese", "Translate in Assamese", "অসমীয়াত পঢ়ক"},
		{"read_in_english", "Read in English", "ইংৰাজীত পঢ়ক"},
		{"other_language_site", "অসমীয়া", "English"},
		{"page_n", "Page {0}", ""},
		{"page_of", "Page {0} of {1}", ""},
		{"newer", "Newer", ""},
		{"older", "Older", ""},
		{"stories_count", "{0} stories", ""},
		{"section", "Section", ""},
		{"author", "Author", ""},
		{"tag", "Tag", ""},
		{"stories_by", "Stories by {0}", ""},
		{"stories_tagged", "Stories tagged {0}", ""},
		{"no_stories", "No stories yet.", ""},
		{"photo_credit", "Photo: {0}", ""},
		{"not_found_title", "Page not found", ""},
		{"back_home", "Go to the home page", ""},
		{"error_title", "Something went wrong", ""},
		{"copyright", "© {0} {1}. All rights reserved.", ""},
		{"contact", "Contact", ""},
		{"minutes_read", "{0} min read", ""},
	}
	for _, tt := range tests {
		if got := messagesEN[tt.key]; got != tt.en {
			t.Errorf("English %q = %q, want %q", tt.key, got, tt.en)
		}
		if tt.as != "" && messagesAS[tt.key] != tt.as {
			t.Errorf("Assamese %q = %q, want %q", tt.key, messagesAS[tt.key], tt.as)
		}
	}
	for _, k := range []string{"nav_home", "nav_sections", "menu", "skip_to_content", "search",
		"latest", "top_stories", "lead_story", "read_more", "read_less", "related_stories", "tags",
		"share_whatsapp", "share_facebook", "share_x", "share_telegram", "share_email", "copy_link",
		"link_copied", "language_switch_label", "pagination", "not_found_text", "error_text",
		"bad_request_title", "too_large_title", "phone", "email", "address", "footer_about"} {
		if _, ok := messagesEN[k]; !ok {
			t.Errorf("catalog lacks required key %q", k)
		}
	}
}

func TestT(t *testing.T) {
	en := New(English, IndiaZone(), NativeDigits)
	as := New(Assamese, IndiaZone(), NativeDigits)
	asLatin := New(Assamese, IndiaZone(), LatinDigits)
	day := time.Date(2024, time.August, 15, 14, 5, 0, 0, IndiaZone())
	tests := []struct {
		name string
		l    *Locale
		key  string
		args []any
		want string
	}{
		{"plain", en, "menu", nil, "Menu"},
		{"plain as", as, "and", nil, "আৰু"},
		{"string arg", en, "more_from_section", []any{"Politics"}, "More from Politics"},
		{"string arg as", as, "more_from_section", []any{"ৰাজনীতি"}, "ৰাজনীতিৰ অধিক বাতৰি"},
		{"int arg en", en, "stories_count", []any{1234567}, "1,234,567 stories"},
		{"int arg as", as, "stories_count", []any{1234567}, "১২,৩৪,৫৬৭টা বাতৰি"},
		{"int arg as latin", asLatin, "stories_count", []any{int64(1234567)}, "12,34,567টা বাতৰি"},
		{"uint arg", as, "page_n", []any{uint8(7)}, "পৃষ্ঠা ৭"},
		{"two args", en, "page_of", []any{2, 10}, "Page 2 of 10"},
		{"two args as", as, "page_of", []any{2, 10}, "পৃষ্ঠা ২ (মুঠ ১০)"},
		{"string is not converted", as, "photo_credit", []any{"PTI 2024"}, "ফটো: PTI 2024"},
		{"year as string", as, "copyright", []any{as.Year(day), "বাতৰি"}, "© ২০২৪ «বাতৰি»। সৰ্বস্বত্ব সংৰক্ষিত।"},
		{"year en", en, "copyright", []any{en.Year(day), "Batori"}, "© 2024 Batori. All rights reserved."},
		{"time arg", as, "photo_credit", []any{day}, "ফটো: ১৫ আগষ্ট, ২০২৪"},
		{"missing arg kept", en, "page_of", []any{3}, "Page 3 of {1}"},
		{"no args keeps placeholders", en, "page_n", nil, "Page {0}"},
		{"other types", en, "photo_credit", []any{1.5}, "Photo: 1.5"},
		{"unknown key", as, "no_such_key", []any{1}, "no_such_key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.l.T(tt.key, tt.args...); got != tt.want {
				t.Errorf("T(%q, %v) = %q, want %q", tt.key, tt.args, got, tt.want)
			}
		})
	}
}

func TestFillBraces(t *testing.T) {
	l := New(English, nil, LatinDigits)
	tests := []struct {
		msg  string
		args []any
		want string
	}{
		{"{0}{1}{0}", []any{"a", "b"}, "aba"},
		{"{x} {0}", []any{"a"}, "{x} a"},
		{"{ {0} }", []any{"a"}, "{ a }"},
		{"{0", []any{"a"}, "{0"},
		{"{}{0}", []any{"a"}, "{}a"},
		{"{123}", []any{"a"}, "{123}"},
		{"{10}", []any{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, "10"},
	}
	for _, tt := range tests {
		if got := l.fill(tt.msg, tt.args); got != tt.want {
			t.Errorf("fill(%q) = %q, want %q", tt.msg, got, tt.want)
		}
	}
}

func TestTCount(t *testing.T) {
	en := New(English, nil, LatinDigits)
	as := New(Assamese, nil, NativeDigits)
	tests := []struct {
		l    *Locale
		key  string
		n    int64
		want string
	}{
		{en, "stories_count", 0, "0 stories"},
		{en, "stories_count", 1, "1 story"},
		{en, "stories_count", 2, "2 stories"},
		{en, "stories_count", -1, "-1 story"},
		{en, "stories_count", 1001, "1,001 stories"},
		{en, "minutes_read", 1, "1 min read"},
		{en, "page_n", 1, "Page 1"},
		{as, "stories_count", 1, "১টা বাতৰি"},
		{as, "stories_count", 12, "১২টা বাতৰি"},
		{as, "minutes_read", 4, "পঢ়িবলৈ ৪ মিনিট"},
		{en, "stories_count", -9223372036854775808, "-9,223,372,036,854,775,808 stories"},
	}
	for _, tt := range tests {
		if got := tt.l.TCount(tt.key, tt.n); got != tt.want {
			t.Errorf("%s TCount(%q, %d) = %q, want %q", tt.l.Lang(), tt.key, tt.n, got, tt.want)
		}
	}
}

func TestHas(t *testing.T) {
	tests := []struct {
		key  string
		want bool
	}{
		{"menu", true},
		{"share_x", true},
		{"Menu", false},
		{"", false},
	}
	for _, lang := range Langs() {
		l := New(lang, nil, NativeDigits)
		for _, tt := range tests {
			if got := l.Has(tt.key); got != tt.want {
				t.Errorf("%s Has(%q) = %v", lang, tt.key, got)
			}
		}
	}
}
