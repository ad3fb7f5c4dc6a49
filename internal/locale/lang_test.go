package locale

import "testing"

func TestParseLang(t *testing.T) {
	tests := []struct {
		in   string
		want Lang
		ok   bool
	}{
		{"en", English, true},
		{"as", Assamese, true},
		{"as-IN", Assamese, true},
		{"en-IN", English, true},
		{"EN", English, true},
		{"AS-in", Assamese, true},
		{" as ", Assamese, true},
		{"as_IN", Assamese, true},
		{"en-GB", English, true},
		{"bn", "", false},
		{"hi-IN", "", false},
		{"und", "", false},
		{"", "", false},
		{"english", "", false},
		{"as-", "", false},
	}
	for _, tt := range tests {
		got, ok := ParseLang(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseLang(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestLangFromAcceptLanguage(t *testing.T) {
	tests := []struct {
		header string
		want   Lang
		ok     bool
	}{
		{"as-IN,as;q=0.9,en;q=0.8", Assamese, true},
		{"en-US,en;q=0.9", English, true},
		{"bn-IN,bn;q=0.9,as;q=0.5,en;q=0.7", English, true},
		{"hi;q=0.9,as;q=0.8", Assamese, true},
		{"fr", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := LangFromAcceptLanguage(tt.header)
		if got != tt.want || ok != tt.ok {
			t.Errorf("LangFromAcceptLanguage(%q) = %q, %v; want %q, %v", tt.header, got, ok, tt.want, tt.ok)
		}
	}
}

func TestLangOtherAndString(t *testing.T) {
	tests := []struct {
		lang  Lang
		other Lang
		str   string
	}{
		{English, Assamese, "en"},
		{Assamese, English, "as"},
	}
	for _, tt := range tests {
		if got := tt.lang.Other(); got != tt.other {
			t.Errorf("%q.Other() = %q, want %q", tt.lang, got, tt.other)
		}
		if got := tt.lang.String(); got != tt.str {
			t.Errorf("%q.String() = %q, want %q", tt.lang, got, tt.str)
		}
	}
	if got := Langs(); len(got) != 2 || got[0] != English || got[1] != Assamese {
		t.Errorf("Langs() = %v", got)
	}
}

func TestParseDigitStyle(t *testing.T) {
	tests := []struct {
		in   string
		want DigitStyle
		ok   bool
	}{
		{"native", NativeDigits, true},
		{"Latin", LatinDigits, true},
		{"beng", NativeDigits, true},
		{"latn", LatinDigits, true},
		{" NATIVE ", NativeDigits, true},
		{"arab", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := ParseDigitStyle(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseDigitStyle(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestNew(t *testing.T) {
	tests := []struct {
		name       string
		lang       Lang
		digits     DigitStyle
		wantLang   Lang
		wantNative bool
	}{
		{"english ignores digits", English, NativeDigits, English, false},
		{"assamese native", Assamese, NativeDigits, Assamese, true},
		{"assamese latin", Assamese, LatinDigits, Assamese, false},
		{"assamese default is native", Assamese, "", Assamese, true},
		{"unknown language is English", "bn", NativeDigits, English, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := New(tt.lang, nil, tt.digits)
			if l.Lang() != tt.wantLang || l.UsesNativeDigits() != tt.wantNative {
				t.Errorf("got lang %q native %v", l.Lang(), l.UsesNativeDigits())
			}
			if l.Zone() == nil || l.Zone().String() != "UTC" {
				t.Errorf("nil zone became %v, want UTC", l.Zone())
			}
			if l.HTMLLang() != string(tt.wantLang) {
				t.Errorf("HTMLLang() = %q", l.HTMLLang())
			}
		})
	}
}

func TestLangName(t *testing.T) {
	tests := []struct {
		locale, of Lang
		want       string
	}{
		{English, English, "English"},
		{English, Assamese, "Assamese"},
		{Assamese, English, "ইংৰাজী"},
		{Assamese, Assamese, "অসমীয়া"},
		{Assamese, "bn", "bn"},
	}
	for _, tt := range tests {
		if got := New(tt.locale, nil, NativeDigits).LangName(tt.of); got != tt.want {
			t.Errorf("%s LangName(%s) = %q, want %q", tt.locale, tt.of, got, tt.want)
		}
	}
}
