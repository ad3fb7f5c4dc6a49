package comments

import (
	"html"
	"html/template"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/batori-news/batori/internal/locale"
)

// Lengths, in characters.
const (
	maxName  = 80
	maxEmail = 254
	maxBody  = 4000
)

// cleanLine prepares one-line input (a name): NFC, no control characters, single spaces.
func cleanLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	return locale.Normalize(strings.Join(strings.Fields(s), " "))
}

// CleanBody prepares a comment's text for storage: NFC, one kind of line break, no control
// characters, no trailing spaces and at most one blank line between paragraphs.
func CleanBody(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\r', r == '\u2028', r == '\u2029':
			return '\n'
		case r == '\t':
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
	lines := strings.Split(locale.Normalize(s), "\n")
	var b strings.Builder
	blank := 0
	for _, l := range lines {
		l = strings.TrimRightFunc(l, unicode.IsSpace)
		if strings.TrimSpace(l) == "" {
			blank++
			continue
		}
		if b.Len() > 0 {
			if blank > 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteByte('\n')
			}
		}
		blank = 0
		b.WriteString(l)
	}
	return strings.TrimLeftFunc(b.String(), unicode.IsSpace)
}

var (
	urlRE = regexp.MustCompile(`(?i)\bhttps?://[^\s<>"]+`)
	wwwRE = regexp.MustCompile(`(?i)(?:^|[^\p{L}\p{M}\p{N}./@-])www\.[\p{L}\p{M}\p{N}-]+\.[\p{L}\p{N}]`)
)

// CountLinks counts the web addresses in s: http and https URLs, and bare www. addresses.
func CountLinks(s string) int {
	n := len(urlRE.FindAllStringIndex(s, -1))
	rest := urlRE.ReplaceAllString(s, " ")
	return n + len(wwwRE.FindAllStringIndex(rest, -1))
}

// trailing are the characters that end a sentence after a URL rather than belong to it.
const trailing = ".,;:!?'’”»।॥৷"

// HTML renders a comment's plain text for a page: everything escaped, blank lines between
// paragraphs, line breaks kept, and http(s) addresses made links that search engines do not
// follow. Nothing in the text can add markup of its own.
func HTML(body string) template.HTML {
	var b strings.Builder
	for _, para := range strings.Split(CleanBody(body), "\n\n") {
		if para == "" {
			continue
		}
		b.WriteString("<p>")
		for i, line := range strings.Split(para, "\n") {
			if i > 0 {
				b.WriteString("<br>\n")
			}
			linkify(&b, line)
		}
		b.WriteString("</p>\n")
	}
	return template.HTML(b.String())
}

// linkify writes s escaped, with its http(s) addresses as links.
func linkify(b *strings.Builder, s string) {
	last := 0
	for _, m := range urlRE.FindAllStringIndex(s, -1) {
		start, end := m[0], m[1]
		raw := s[start:end]
		for raw != "" {
			r, size := utf8.DecodeLastRuneInString(raw)
			if strings.ContainsRune(trailing, r) || r == ')' && strings.Count(raw, "(") < strings.Count(raw, ")") {
				raw = raw[:len(raw)-size]
				continue
			}
			break
		}
		end = start + len(raw)
		u, err := url.Parse(raw)
		// url.Parse lower-cases the scheme.
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			continue
		}
		b.WriteString(html.EscapeString(s[last:start]))
		b.WriteString(`<a href="`)
		b.WriteString(html.EscapeString(raw))
		b.WriteString(`" rel="nofollow ugc noopener">`)
		b.WriteString(html.EscapeString(raw))
		b.WriteString("</a>")
		last = end
	}
	b.WriteString(html.EscapeString(s[last:]))
}
