package comments

import (
	"net/url"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/batori-news/batori/internal/locale"
)

// commentSeeds are readers' texts with markup, links of every scheme and line breaks.
var commentSeeds = []string{
	"Thanks for the report.\n\nThe road to Majuli is closed again.",
	`<script>alert(1)</script> "><img src=x onerror=alert(1)>`,
	"see https://example.org/a_(b)?q=1&x=<y>, and www.example.com.",
	"javascript:alert(1) https://x.example/\"onmouseover=alert(1) http://[::1]:80/ https://",
	"http://example.org/%3Cscript%3E https://a.example/path'><svg/onload=alert(1)>",
	"অসমৰ বাতৰি https://example.org/অসম। \u202Egnp.exe\u200D\r\n\r\n\r\n\tend\u2028line",
	"\x00\x01\x1b[31m red \x7f",
}

// FuzzCommentHTML: whatever a reader writes, the comment's HTML has only paragraphs, line
// breaks and links; a link's only attributes are its href (an http or https address with a
// host, as it appears in the text) and rel; and the text the page shows is the reader's
// text, cleaned, with nothing lost or added.
func FuzzCommentHTML(f *testing.F) {
	for _, s := range commentSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		if !utf8.ValidString(body) {
			return // the edge refuses such bytes (web.CleanInput)
		}
		out := string(HTML(body))
		z := html.NewTokenizer(strings.NewReader(out))
		var text strings.Builder
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				break
			}
			tok := z.Token()
			switch tt {
			case html.TextToken:
				text.WriteString(tok.Data)
			case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
				switch tok.Data {
				case "p", "br":
					if len(tok.Attr) != 0 {
						t.Fatalf("<%s> with attributes in %q", tok.Data, out)
					}
				case "a":
					if tt != html.StartTagToken {
						continue
					}
					for _, a := range tok.Attr {
						switch a.Key {
						case "rel":
						case "href":
							u, err := url.Parse(a.Val)
							if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") || !strings.Contains(CleanBody(body), a.Val) {
								t.Fatalf("link to %q from %q", a.Val, body)
							}
						default:
							t.Fatalf("attribute %s on a link in %q", a.Key, out)
						}
					}
				default:
					t.Fatalf("element <%s> in %q", tok.Data, out)
				}
			default:
				t.Fatalf("token %v in %q", tt, out)
			}
		}
		want := strings.Join(strings.Fields(CleanBody(body)), "")
		if got := strings.Join(strings.Fields(text.String()), ""); got != want {
			t.Fatalf("page text %q, want the cleaned text %q", got, want)
		}
	})
}

// FuzzCommentInput: the comment form's fields are cleaned once and for all (cleaning again
// changes nothing); an accepted name is one line of at most 80 characters without control
// characters, an accepted body keeps no control character but line breaks, no more than one
// blank line in a row and no spaces at its ends of lines, and both are NFC.
func FuzzCommentInput(f *testing.F) {
	for _, s := range commentSeeds {
		f.Add(s, s, "reader@example.org")
	}
	f.Fuzz(func(t *testing.T, name, body, email string) {
		if !utf8.ValidString(name) || !utf8.ValidString(body) || !utf8.ValidString(email) {
			return
		}
		in := Input{Lang: locale.English, Name: name, Body: body, Email: email}
		if err := in.clean(3); err != nil {
			return
		}
		if cleanLine(in.Name) != in.Name || CleanBody(in.Body) != in.Body {
			t.Fatalf("cleaning twice changed %q / %q", in.Name, in.Body)
		}
		if utf8.RuneCountInString(in.Name) > maxName || strings.ContainsFunc(in.Name, unicode.IsControl) {
			t.Fatalf("accepted name %q", in.Name)
		}
		if strings.ContainsFunc(in.Body, func(r rune) bool { return r != '\n' && unicode.IsControl(r) }) || strings.Contains(in.Body, "\n\n\n") {
			t.Fatalf("accepted body %q", in.Body)
		}
		if locale.Normalize(in.Name) != in.Name || locale.Normalize(in.Body) != in.Body {
			t.Fatalf("not NFC: %q / %q", in.Name, in.Body)
		}
	})
}
