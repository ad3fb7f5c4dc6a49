package news_test

import (
	"io"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/batori-news/batori/internal/news"
)

// allowedTags are the elements the body policy lets through; anything else in the output
// means the policy leaked.
var allowedTags = map[string]bool{
	"p": true, "h2": true, "h3": true, "h4": true, "blockquote": true, "ul": true, "ol": true,
	"li": true, "strong": true, "em": true, "b": true, "i": true, "u": true, "s": true, "sub": true,
	"sup": true, "br": true, "hr": true, "figure": true, "figcaption": true, "code": true,
	"pre": true, "cite": true, "a": true, "img": true,
}

// checkSanitized reads out as a browser's tokenizer does and fails on anything a script could
// come from: an element outside the policy, an event handler, a style, or a link or image
// whose address is not http(s), mailto or relative.
func checkSanitized(t *testing.T, in, out string) {
	t.Helper()
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				t.Fatalf("sanitised %q: tokenizer: %v", in, z.Err())
			}
			return
		}
		switch tt {
		case html.CommentToken, html.DoctypeToken:
			t.Errorf("sanitised %q kept a comment or doctype: %q", in, out)
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			tok := z.Token()
			if !allowedTags[tok.Data] {
				t.Errorf("sanitised %q kept <%s>: %q", in, tok.Data, out)
			}
			for _, a := range tok.Attr {
				key := strings.ToLower(a.Key)
				switch {
				case strings.HasPrefix(key, "on"), key == "style", key == "srcdoc", key == "formaction":
					t.Errorf("sanitised %q kept attribute %s: %q", in, a.Key, out)
				case key == "href" || key == "src":
					checkURL(t, in, a.Val)
				}
			}
		}
	}
}

// checkURL fails unless v is relative or uses a scheme the policy allows.
func checkURL(t *testing.T, in, v string) {
	t.Helper()
	// Browsers drop tabs and newlines inside a scheme and trim spaces around the address.
	compact := strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, strings.TrimSpace(v))
	lower := strings.ToLower(compact)
	for _, bad := range []string{"javascript:", "data:", "vbscript:", "file:"} {
		if strings.HasPrefix(lower, bad) {
			t.Errorf("sanitised %q kept address %q", in, v)
			return
		}
	}
	u, err := url.Parse(compact)
	if err != nil {
		t.Errorf("sanitised %q kept unparsable address %q", in, v)
		return
	}
	switch strings.ToLower(u.Scheme) {
	case "", "http", "https", "mailto":
	default:
		t.Errorf("sanitised %q kept address %q with scheme %q", in, v, u.Scheme)
	}
}

// FuzzSanitizeBody: whatever a story body holds, what the sanitiser lets through has no
// script, event handler or dangerous address, and sanitising again changes nothing (the body
// is sanitised at save and again at render, so both must agree).
func FuzzSanitizeBody(f *testing.F) {
	for _, s := range []string{
		"",
		"<p>Floods in <strong>Dhemaji</strong></p>",
		`<p>অসমৰ <a href="https://example.org/x" title="t">গুৱাহাটী</a>৷</p>`,
		`<script>alert(1)</script><p onclick="alert(1)">x</p>`,
		`<a href="javascript:alert(1)">x</a><a href="JaVaScRiPt&#58;alert(1)">y</a>`,
		`<a href="  java\tscript:alert(1)">tab</a>`,
		`<img src="data:image/png;base64,AAAA" onerror="alert(1)"><img src="/media/ab12.jpg" alt="a" width="3">`,
		`<svg><script>alert(1)</script></svg><math><mi xlink:href="javascript:alert(1)">x</mi></math>`,
		`<iframe srcdoc="<script>alert(1)</script>"></iframe>`,
		`<style>p{background:url(javascript:alert(1))}</style><p style="x:expression(alert(1))">s</p>`,
		`<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>`,
		`<!--<script>alert(1)</script>--><p>c</p>`,
		`<p lang="as" translate="no">keep</p><p lang="fr">drop attr</p>`,
		`<a href="mailto:desk@example.org">mail</a><a href="/as/news/1">rel</a>`,
		`<template><script>alert(1)</script></template><textarea><script></textarea>`,
		"<p>\u202Ebidi\u200B zero\u200D width</p>",
		"<p>\xff\xfe invalid</p>",
		`<a href="http://a" rel="opener" target="_blank">t</a>`,
	} {
		f.Add(s)
	}
	san := news.NewSanitizer()
	f.Fuzz(func(t *testing.T, body string) {
		out := san.Body(body)
		checkSanitized(t, body, out)
		if again := san.Body(out); again != out {
			t.Errorf("not idempotent for %q:\n once %q\ntwice %q", body, out, again)
		}
	})
}
