package fielderr_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode"

	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
)

func TestError(t *testing.T) {
	var e fielderr.Error
	if e.OrNil() != nil {
		t.Fatal("empty error is not nil")
	}
	var nilErr *fielderr.Error
	if nilErr.OrNil() != nil || nilErr.Has("x") || nilErr.Code("x") != "" {
		t.Fatal("nil *Error reports a problem")
	}
	e.Add("name", fielderr.Required)
	e.AddProblem("name", fielderr.Problem{Code: fielderr.TooLong, Max: 80})
	e.AddProblem("body", fielderr.Problem{Code: fielderr.TooLong, Max: 4000})
	e.Add("email", fielderr.InvalidEmail)
	err := e.OrNil()
	if err == nil {
		t.Fatal("OrNil of an error with problems is nil")
	}
	if got := e.Code("name"); got != fielderr.Required {
		t.Errorf("first problem of name = %q, want required (the first kept)", got)
	}
	if !e.Has("email") || e.Has("phone") {
		t.Errorf("Has: email %v, phone %v", e.Has("email"), e.Has("phone"))
	}
	if p := e.Fields["body"]; p.Max != 4000 || p.Code != fielderr.TooLong {
		t.Errorf("body problem = %+v", p)
	}
	if got, want := err.Error(), "invalid input: body: too_long max=4000; email: invalid_email; name: required"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestAsThroughWrapping(t *testing.T) {
	inner := fielderr.New("slug", fielderr.Taken)
	err := fmt.Errorf("create section: %w", fmt.Errorf("in transaction: %w", inner))
	got, ok := fielderr.As(err)
	if !ok || got != inner || got.Code("slug") != fielderr.Taken {
		t.Fatalf("As(wrapped) = %v, %v", got, ok)
	}
	var target *fielderr.Error
	if !errors.As(err, &target) || target != inner {
		t.Fatal("errors.As does not find the wrapped *Error")
	}
	if fielderr.CodeOf(err, "slug") != fielderr.Taken || fielderr.CodeOf(err, "name") != "" || fielderr.CodeOf(errors.New("x"), "slug") != "" {
		t.Error("CodeOf")
	}
	if _, ok := fielderr.As(errors.New("disk full")); ok {
		t.Fatal("As finds a field error in a plain error")
	}
	if _, ok := fielderr.As(nil); ok {
		t.Fatal("As(nil) reports a field error")
	}
}

func TestValidators(t *testing.T) {
	var v fielderr.Error
	if v.Required("a", "  ") || !v.Required("b", "x") {
		t.Error("Required")
	}
	if v.MaxLen("c", "অসমীয়া", 6) || !v.MaxLen("d", "অসমীয়া", 7) { // 7 runes
		t.Error("MaxLen counts characters, not bytes")
	}
	if v.MinLen("e", "abc", 4) || !v.MinLen("f", "abcd", 4) {
		t.Error("MinLen")
	}
	if v.Text("g", "", 10, 20) || v.Text("h", "short", 10, 20) || !v.Text("i", "long enough", 10, 20) {
		t.Error("Text")
	}
	for _, bad := range []string{"a@b", "Name <a@example.org>", "a example.org", strings.Repeat("a", 250) + "@example.org"} {
		if v.Email("email_"+bad, bad) {
			t.Errorf("Email(%q) passed", bad)
		}
	}
	if !v.Email("ok", "name@example.org") {
		t.Error("Email refused name@example.org")
	}
	if v.OneOf("j", "fr", "en", "as") || !v.OneOf("k", "as", "en", "as") {
		t.Error("OneOf")
	}
	if v.Range("l", 11, 0, 10) || !v.Range("m", 10, 0, 10) {
		t.Error("Range")
	}
	want := map[string]fielderr.Problem{
		"a": {Code: fielderr.Required},
		"c": {Code: fielderr.TooLong, Max: 6},
		"e": {Code: fielderr.TooShort, Min: 4},
		"g": {Code: fielderr.Required},
		"h": {Code: fielderr.TooShort, Min: 10},
		"j": {Code: fielderr.NotAllowed, Allowed: []string{"en", "as"}},
		"l": {Code: fielderr.OutOfRange, Min: 0, Max: 10},
	}
	for f, p := range want {
		got := v.Fields[f]
		if got.Code != p.Code || got.Min != p.Min || got.Max != p.Max || strings.Join(got.Allowed, ",") != strings.Join(p.Allowed, ",") {
			t.Errorf("%s: got %+v, want %+v", f, got, p)
		}
	}
	for _, ok := range []string{"b", "d", "f", "i", "k", "m", "ok"} {
		if v.Has(ok) {
			t.Errorf("%s: unexpected problem %+v", ok, v.Fields[ok])
		}
	}
	if c := v.Code("email_" + strings.Repeat("a", 250) + "@example.org"); c != fielderr.TooLong {
		t.Errorf("over-long address: %q, want too_long", c)
	}
	if c := v.Code("email_a@b"); c != fielderr.InvalidEmail {
		t.Errorf("a@b: %q, want invalid_email", c)
	}
}

// Every code of the closed set has a message in both languages, distinct from the key (a
// missing key comes back as itself), with Assamese in Assamese script.
func TestEveryCodeHasMessages(t *testing.T) {
	en := locale.New(locale.English, nil, locale.NativeDigits)
	as := locale.New(locale.Assamese, nil, locale.NativeDigits)
	seen := map[fielderr.Code]bool{}
	for _, c := range fielderr.Codes() {
		if seen[c] {
			t.Errorf("code %q listed twice", c)
		}
		seen[c] = true
		if strings.ContainsAny(string(c), " .") || strings.ToLower(string(c)) != string(c) {
			t.Errorf("code %q is not a word", c)
		}
		for _, l := range []*locale.Locale{en, as} {
			if !l.Has(c.MessageKey()) {
				t.Errorf("%s: no message for %q", l.Lang(), c)
			}
		}
		if msg := fielderr.Message(as, fielderr.Problem{Code: c}); !strings.ContainsFunc(msg, func(r rune) bool { return unicode.Is(unicode.Bengali, r) }) {
			t.Errorf("Assamese message of %q is not in Assamese: %q", c, msg)
		}
	}
	// No catalog message for a field code outside the closed set.
	for _, k := range locale.Keys() {
		c, ok := strings.CutPrefix(k, "field_")
		c, _, _ = strings.Cut(c, "@") // a code worded for one field
		if ok && !seen[fielderr.Code(c)] {
			t.Errorf("catalog key %q has no code", k)
		}
	}
}

func TestMessagesQuoteParameters(t *testing.T) {
	en := locale.New(locale.English, nil, locale.NativeDigits)
	as := locale.New(locale.Assamese, nil, locale.NativeDigits)
	err := fmt.Errorf("save: %w", &fielderr.Error{Fields: map[string]fielderr.Problem{
		"body":  {Code: fielderr.TooLong, Max: 4000},
		"phone": {Code: fielderr.InvalidPhone, Min: 6, Max: 15},
	}})
	got := fielderr.Messages(en, err)
	if got["body"] != "This is too long: use at most 4,000 characters." {
		t.Errorf("English body: %q", got["body"])
	}
	if got["phone"] != "Enter a phone number of 6 to 15 digits, such as +91 98640 12345." {
		t.Errorf("English phone: %q", got["phone"])
	}
	if m := fielderr.Messages(as, err)["body"]; !strings.Contains(m, "৪,০০০") || strings.Contains(m, "4") {
		t.Errorf("Assamese body %q does not show the limit in Assamese digits", m)
	}
	if fielderr.Messages(en, errors.New("disk full")) != nil {
		t.Error("Messages of a plain error is not nil")
	}
}

func TestMessageWordedForAField(t *testing.T) {
	as := locale.New(locale.Assamese, nil, locale.NativeDigits)
	en := locale.New(locale.English, nil, locale.NativeDigits)
	err := &fielderr.Error{Fields: map[string]fielderr.Problem{
		"headline": {Code: fielderr.Required},
		"name":     {Code: fielderr.Required},
	}}
	got := fielderr.Messages(en, err)
	if got["headline"] != "Write a headline." || got["name"] != "Please fill this in." {
		t.Errorf("English messages %q", got)
	}
	if got := fielderr.Messages(as, err); got["headline"] != "শিৰোনাম লিখক।" || got["name"] == got["headline"] {
		t.Errorf("Assamese messages %q", got)
	}
}
