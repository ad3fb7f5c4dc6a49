package news

import (
	"regexp"

	"github.com/microcosm-cc/bluemonday"
)

// bodyPolicy is what a story body may contain: structure and emphasis, links, and images from
// our own media library. Everything else is dropped at save and again at render.
func bodyPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "h2", "h3", "h4", "blockquote", "ul", "ol", "li", "strong", "em", "b", "i",
		"u", "s", "sub", "sup", "br", "hr", "figure", "figcaption", "code", "pre", "cite")
	p.AllowStandardURLs()
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowAttrs("href", "title").OnElements("a")
	p.RequireNoFollowOnFullyQualifiedLinks(true)
	p.AllowAttrs("src").Matching(regexp.MustCompile(`^/media/[0-9a-f]+\.(jpg|png|webp)$`)).OnElements("img")
	p.AllowAttrs("alt").Matching(bluemonday.Paragraph).OnElements("img")
	p.AllowAttrs("width", "height").Matching(bluemonday.Integer).OnElements("img")
	p.AllowAttrs("data-media-id").Matching(bluemonday.Integer).OnElements("img")
	p.AllowAttrs("lang").Matching(regexp.MustCompile(`^(en|as)$`)).Globally()
	p.AllowAttrs("translate").Matching(regexp.MustCompile(`^no$`)).Globally()
	return p
}

// Sanitizer cleans story bodies; it is safe for concurrent use.
type Sanitizer struct{ p *bluemonday.Policy }

// NewSanitizer returns the body sanitiser.
func NewSanitizer() *Sanitizer { return &Sanitizer{p: bodyPolicy()} }

// Body returns html with everything outside the body policy removed.
func (s *Sanitizer) Body(html string) string { return s.p.Sanitize(html) }
