package fielderr_test

import (
	"net/mail"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/batori-news/batori/internal/fielderr"
)

// FuzzEmail: an address Email accepts is one plain address that net/mail reads back as
// itself, short enough for SMTP, with no space or control character (nothing that could
// start another mail header), one "@", and a dotted domain; an address it refuses gets one of
// its three codes and nothing else.
func FuzzEmail(f *testing.F) {
	for _, s := range []string{
		"desk@example.org", "অসম@example.org", "a@b", "a@.org", "a@org.", "Desk <desk@example.org>",
		"a@example.org\r\nBcc: x@example.org", "\"a\\\r\nb\"@example.org", "\"a b\"@example.org",
		"a@b@example.org", "a@[127.0.0.1]", " a@example.org", "a@example.org\x00", "(c)a@example.org",
		"a@example.org (comment)", "=?utf-8?q?x?=@example.org", strings.Repeat("a", 250) + "@x.org", "\xff@x.org",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var v fielderr.Error
		ok := v.Email("email", s)
		code := v.Code("email")
		if !ok {
			switch code {
			case fielderr.Required, fielderr.TooLong, fielderr.InvalidEmail:
			default:
				t.Errorf("Email(%q) refused with %q", s, code)
			}
			return
		}
		if code != "" {
			t.Errorf("Email(%q) accepted with code %q", s, code)
		}
		addr, err := mail.ParseAddress(s)
		local, domain, _ := strings.Cut(s, "@")
		switch {
		case err != nil || addr.Address != s || addr.Name != "":
			t.Errorf("Email(%q) accepted, net/mail reads %+v, %v", s, addr, err)
		case len(s) > fielderr.MaxEmail || !utf8.ValidString(s):
			t.Errorf("Email(%q) accepted: too long or invalid UTF-8", s)
		case strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
			t.Errorf("Email(%q) accepted with a space or control character", s)
		case local == "" || !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, "."):
			t.Errorf("Email(%q) accepted: local %q, domain %q", s, local, domain)
		}
	})
}

// FuzzText: Text's verdict agrees with the character count of s, whatever bytes s holds, and
// the problem it records carries the bound a message quotes.
func FuzzText(f *testing.F) {
	f.Add("", 1, 10)
	f.Add("   ", 1, 10)
	f.Add("অসমৰ খবৰ", 3, 8)
	f.Add("\xff\xfe\xfd", 1, 2)
	f.Add("abc", 5, 2)
	f.Fuzz(func(t *testing.T, s string, min, max int) {
		var v fielderr.Error
		ok := v.Text("f", s, min, max)
		n := utf8.RuneCountInString(s)
		want := strings.TrimSpace(s) != "" && n >= min && n <= max
		if ok != want {
			t.Fatalf("Text(%q, %d, %d) = %v with %d characters", s, min, max, ok, n)
		}
		if ok {
			if v.OrNil() != nil {
				t.Fatalf("Text(%q) passed but recorded %v", s, v.OrNil())
			}
			return
		}
		p := v.Fields["f"]
		switch p.Code {
		case fielderr.Required:
		case fielderr.TooShort:
			if p.Min != min || n >= min {
				t.Errorf("Text(%q, %d, %d): %+v", s, min, max, p)
			}
		case fielderr.TooLong:
			if p.Max != max || n <= max {
				t.Errorf("Text(%q, %d, %d): %+v", s, min, max, p)
			}
		default:
			t.Errorf("Text(%q): code %q", s, p.Code)
		}
	})
}
