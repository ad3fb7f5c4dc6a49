package site

import (
	"bytes"
	"html/template"
	"net/http"

	"github.com/batori-news/batori/internal/news"
)

// PreviewBanner is the notice a preview carries above the page, so nobody mistakes it for the
// published article.
type PreviewBanner struct {
	// Lang is the language of the banner's words (the newsroom user's), which may differ
	// from the article's.
	Lang string
	// Text says it is a preview ("Preview — readers cannot see this yet").
	Text string
	// BackURL and BackLabel link back to the editor.
	BackURL   string
	BackLabel string
}

// Preview writes a, an edition readers cannot see yet (a draft, a submitted or scheduled
// edition, or unsaved changes), as the article page readers will see once it is published,
// with the banner on top. It bypasses the page cache and asks search engines to keep out.
// An edition never published shows as published now.
func (s *Server) Preview(w http.ResponseWriter, r *http.Request, a news.Article, banner PreviewBanner) error {
	if a.PublishedAt.IsZero() {
		a.PublishedAt = s.now()
	}
	data, err := s.articleData(w, r, a)
	if err != nil {
		return err
	}
	data.NoIndex = true
	var buf bytes.Buffer
	if err := s.templates.Execute(&buf, "article", data); err != nil {
		return err
	}
	page := withBanner(buf.Bytes(), s.assets.URL("desk.css"), banner)
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Robots-Tag", "noindex")
	_, err = w.Write(page)
	return err
}

// bannerTemplate is the preview notice, put right after <body> of the rendered article; the
// article template itself stays exactly the readers'.
var bannerTemplate = template.Must(template.New("banner").Parse(
	`<div class="preview-banner" role="note"{{with .B.Lang}} lang="{{.}}"{{end}}><strong>{{.B.Text}}</strong>` +
		`{{with .B.BackURL}} <a href="{{.}}">{{$.B.BackLabel}}</a>{{end}}</div>`))

func withBanner(page []byte, css string, b PreviewBanner) []byte {
	var notice bytes.Buffer
	if err := bannerTemplate.Execute(&notice, map[string]any{"B": b}); err != nil {
		// The template is fixed and its data plain strings; this cannot fail.
		panic(err)
	}
	var style bytes.Buffer
	template.HTMLEscape(&style, []byte(css))
	link := []byte(`<link rel="stylesheet" href="` + style.String() + `">` + "\n")
	out := make([]byte, 0, len(page)+notice.Len()+len(link))
	head := bytes.Index(page, []byte("</head>"))
	body := bytes.Index(page, []byte("<body>"))
	if head < 0 || body < head {
		return append(append(out, notice.Bytes()...), page...)
	}
	body += len("<body>")
	out = append(out, page[:head]...)
	out = append(out, link...)
	out = append(out, page[head:body]...)
	out = append(out, '\n')
	out = append(out, notice.Bytes()...)
	return append(out, page[body:]...)
}
