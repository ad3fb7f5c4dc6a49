package site

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/feeds"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/pagecache"
	"github.com/batori-news/batori/internal/pages"
)

// Sitemaps: /sitemap.xml is the index (named in robots.txt); it lists the sitemaps under
// /sitemaps/: the site's own pages, sections, tags and authors, the stories of each language
// by month of publication (split every feeds.MaxURLs), and the Google News sitemap.

// newsWindow is how far back the Google News sitemap reaches; newsMax is the most it lists.
const (
	newsWindow = 48 * time.Hour
	newsMax    = 1000
)

func sitemapURL(name string) string { return "/sitemaps/" + name }

// monthSitemap is the name of the n-th (from 1) sitemap of lang's stories of a month.
func monthSitemap(lang locale.Lang, m time.Time, n int) string {
	name := fmt.Sprintf("articles-%s-%04d-%02d", lang, m.Year(), int(m.Month()))
	if n > 1 {
		name += fmt.Sprintf("-%d", n)
	}
	return name + ".xml"
}

// sitemapIndex lists every sitemap that has something in it.
func (s *Server) sitemapIndex(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	pagecache.Tag(w, SitemapTag(locale.English), SitemapTag(locale.Assamese))
	entries := []feeds.IndexEntry{{Loc: s.absolute(r, sitemapURL("pages.xml"))}}
	sections, err := s.sections(ctx)
	if err != nil {
		return err
	}
	if len(sections) > 0 {
		entries = append(entries, feeds.IndexEntry{Loc: s.absolute(r, sitemapURL("sections.xml"))})
	}
	tags, authors := false, false
	for _, lang := range locale.Langs() {
		months, err := s.news.PublishedMonths(ctx, lang)
		if err != nil {
			return err
		}
		for _, m := range months {
			for n := 1; (n-1)*s.sitemapMax < m.Count; n++ {
				entries = append(entries, feeds.IndexEntry{Loc: s.absolute(r, sitemapURL(monthSitemap(lang, m.Start, n))), LastMod: m.LastMod})
			}
		}
		if !tags {
			list, err := s.news.TagsInUse(ctx, lang)
			if err != nil {
				return err
			}
			tags = len(list) > 0
		}
		if !authors {
			list, err := s.news.AuthorsInUse(ctx, lang)
			if err != nil {
				return err
			}
			authors = len(list) > 0
		}
	}
	if tags {
		entries = append(entries, feeds.IndexEntry{Loc: s.absolute(r, sitemapURL("tags.xml"))})
	}
	if authors {
		entries = append(entries, feeds.IndexEntry{Loc: s.absolute(r, sitemapURL("authors.xml"))})
	}
	recent, err := s.news.PublishedBetween(ctx, s.now().Add(-newsWindow), s.now().Add(time.Second), 1)
	if err != nil {
		return err
	}
	if len(recent) > 0 {
		entries = append(entries, feeds.IndexEntry{Loc: s.absolute(r, sitemapURL("news.xml"))})
	}
	body, err := feeds.Index(entries)
	if err != nil {
		return err
	}
	return writeXML(w, body)
}

// sitemap serves one sitemap of the index.
func (s *Server) sitemap(w http.ResponseWriter, r *http.Request) error {
	pagecache.Tag(w, SitemapTag(locale.English), SitemapTag(locale.Assamese))
	var urls []feeds.URL
	var err error
	switch name := r.PathValue("name"); name {
	case "pages.xml":
		urls, err = s.pagesSitemap(r)
	case "sections.xml":
		urls, err = s.sectionsSitemap(r)
	case "tags.xml":
		urls, err = s.taxonomySitemap(r, "tag")
	case "authors.xml":
		urls, err = s.taxonomySitemap(r, "author")
	case "news.xml":
		urls, err = s.newsSitemap(r)
	default:
		urls, err = s.monthSitemap(r, name)
	}
	if err != nil {
		return err
	}
	if len(urls) == 0 {
		// A URL set must list something; an empty one is not a sitemap.
		return errNotFound
	}
	body, err := feeds.URLSet(urls)
	if err != nil {
		return err
	}
	return writeXML(w, body)
}

func writeXML(w http.ResponseWriter, body []byte) error {
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	_, err := w.Write(body)
	return err
}

// paired is a page in both languages, each entry naming both.
func (s *Server) paired(r *http.Request, urlFor func(locale.Lang) string) []feeds.URL {
	alts := s.hreflang(r, urlFor(locale.English), urlFor(locale.Assamese))
	var out []feeds.URL
	for _, lang := range locale.Langs() {
		out = append(out, feeds.URL{Loc: s.absolute(r, urlFor(lang)), Alternates: alts})
	}
	return out
}

// hreflang are the alternates of a page whose English and Assamese paths are given.
func (s *Server) hreflang(r *http.Request, en, as string) []feeds.Alternate {
	return []feeds.Alternate{
		{Lang: string(locale.English), Href: s.absolute(r, en)},
		{Lang: string(locale.Assamese), Href: s.absolute(r, as)},
		{Lang: "x-default", Href: s.absolute(r, en)},
	}
}

// pagesSitemap lists the home and contact pages and every published static page, each
// edition naming the other as its alternate when both are published.
func (s *Server) pagesSitemap(r *http.Request) ([]feeds.URL, error) {
	out := s.paired(r, homeURL)
	out = append(out, s.paired(r, contactURL)...)
	if s.pages == nil {
		return out, nil
	}
	list, err := s.pages.List(r.Context())
	if err != nil {
		return nil, err
	}
	for _, p := range list {
		var alts []feeds.Alternate
		for _, lang := range locale.Langs() {
			if e, ok := p.Editions[lang]; ok && e.Status == pages.Published {
				alts = append(alts, feeds.Alternate{Lang: string(lang), Href: s.absolute(r, staticPageURL(lang, e.Slug))})
			}
		}
		if len(alts) < 2 {
			alts = nil
		}
		for _, lang := range locale.Langs() {
			if e, ok := p.Editions[lang]; ok && e.Status == pages.Published {
				out = append(out, feeds.URL{Loc: s.absolute(r, staticPageURL(lang, e.Slug)), LastMod: e.ModifiedAt, Alternates: alts})
			}
		}
	}
	return out, nil
}

func (s *Server) sectionsSitemap(r *http.Request) ([]feeds.URL, error) {
	sections, err := s.sections(r.Context())
	if err != nil {
		return nil, err
	}
	var out []feeds.URL
	for _, sec := range sections {
		out = append(out, s.paired(r, func(l locale.Lang) string { return sectionURL(l, sec.Slug) })...)
	}
	return out, nil
}

// taxonomySitemap lists the tag or author pages that have stories, in each language they have
// them; a page with stories in both languages names the other as its alternate.
func (s *Server) taxonomySitemap(r *http.Request, kind string) ([]feeds.URL, error) {
	ctx := r.Context()
	in := map[locale.Lang]map[string]bool{}
	var slugs []string
	seen := map[string]bool{}
	for _, lang := range locale.Langs() {
		in[lang] = map[string]bool{}
		var list []string
		if kind == "tag" {
			tags, err := s.news.TagsInUse(ctx, lang)
			if err != nil {
				return nil, err
			}
			for _, t := range tags {
				list = append(list, t.Slug)
			}
		} else {
			authors, err := s.news.AuthorsInUse(ctx, lang)
			if err != nil {
				return nil, err
			}
			for _, a := range authors {
				list = append(list, a.Slug)
			}
		}
		for _, slug := range list {
			in[lang][slug] = true
			if !seen[slug] {
				seen[slug] = true
				slugs = append(slugs, slug)
			}
		}
	}
	urlFor := tagURL
	if kind == "author" {
		urlFor = authorURL
	}
	var out []feeds.URL
	for _, slug := range slugs {
		both := in[locale.English][slug] && in[locale.Assamese][slug]
		for _, lang := range locale.Langs() {
			if !in[lang][slug] {
				continue
			}
			u := feeds.URL{Loc: s.absolute(r, urlFor(lang, slug))}
			if both {
				u.Alternates = s.hreflang(r, urlFor(locale.English, slug), urlFor(locale.Assamese, slug))
			}
			out = append(out, u)
		}
	}
	return out, nil
}

// monthSitemap serves articles-{lang}-{yyyy}-{mm}[-{n}].xml.
func (s *Server) monthSitemap(r *http.Request, name string) ([]feeds.URL, error) {
	var lang string
	var year, month, n int
	rest, ok := strings.CutPrefix(name, "articles-")
	if !ok {
		return nil, errNotFound
	}
	rest, ok = strings.CutSuffix(rest, ".xml")
	if !ok {
		return nil, errNotFound
	}
	parts := strings.Split(rest, "-")
	if len(parts) == 3 {
		parts = append(parts, "1")
	}
	if len(parts) != 4 {
		return nil, errNotFound
	}
	if _, err := fmt.Sscanf(strings.Join(parts, " "), "%s %d %d %d", &lang, &year, &month, &n); err != nil {
		return nil, errNotFound
	}
	l, ok := locale.ParseLang(lang)
	start := time.Date(year, time.Month(month), 1, 0, 0, 0, 0, time.UTC)
	if !ok || month < 1 || month > 12 || n < 1 || name != monthSitemap(l, start, n) {
		return nil, errNotFound
	}
	entries, err := s.news.SitemapEntries(r.Context(), l, start, start.AddDate(0, 1, 0), s.sitemapMax, (n-1)*s.sitemapMax)
	if err != nil {
		return nil, err
	}
	out := make([]feeds.URL, len(entries))
	for i, e := range entries {
		self := storyURL(l, e.StoryID, e.Slug)
		u := feeds.URL{Loc: s.absolute(r, self), LastMod: e.PublishedAt}
		if e.UpdatedAt.After(u.LastMod) {
			u.LastMod = e.UpdatedAt
		}
		if e.OtherSlug != "" {
			other := storyURL(e.OtherLang, e.StoryID, e.OtherSlug)
			if l == locale.English {
				u.Alternates = s.hreflang(r, self, other)
			} else {
				u.Alternates = s.hreflang(r, other, self)
			}
		}
		if e.ImageKey != "" {
			u.Images = []string{s.absolute(r, news.Photo{Key: e.ImageKey}.URL())}
		}
		out[i] = u
	}
	return out, nil
}

// newsSitemap lists exactly the stories published in the last 48 hours, in both languages.
func (s *Server) newsSitemap(r *http.Request) ([]feeds.URL, error) {
	ctx := r.Context()
	site, err := s.siteSettings(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	list, err := s.news.PublishedBetween(ctx, now.Add(-newsWindow), now.Add(time.Second), newsMax)
	if err != nil {
		return nil, err
	}
	out := make([]feeds.URL, len(list))
	for i, t := range list {
		out[i] = feeds.URL{
			Loc:  s.absolute(r, storyURL(t.Lang, t.StoryID, t.Slug)),
			News: &feeds.News{Publication: site.Name(t.Lang), Lang: string(t.Lang), Published: t.PublishedAt, Title: t.Headline},
		}
	}
	return out, nil
}
