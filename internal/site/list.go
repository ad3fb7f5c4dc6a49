package site

import (
	"net/http"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/pagecache"
	"github.com/batori-news/batori/internal/web"
)

const perPage = 12

// section lists a section's stories, newest first, paginated.
func (s *Server) section(w http.ResponseWriter, r *http.Request) error {
	sec, err := s.news.SectionBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	lang := langOf(r)
	pagecache.Tag(w, SectionTag(sec.ID, lang))
	data := listPage{Kind: "section", Heading: sec.Name.In(lang)}
	data.crumb = true
	return s.list(w, r, data,
		news.Filter{Lang: lang, SectionID: sec.ID}, func(l locale.Lang) string { return sectionURL(l, sec.Slug) })
}

// tag lists the stories with a tag.
func (s *Server) tag(w http.ResponseWriter, r *http.Request) error {
	t, err := s.news.TagBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	lang := langOf(r)
	pagecache.Tag(w, TagTag(t.ID, lang))
	return s.list(w, r, listPage{Kind: "tag", Heading: t.Name.In(lang)},
		news.Filter{Lang: lang, TagID: t.ID}, func(l locale.Lang) string { return tagURL(l, t.Slug) })
}

// author shows an author's profile and stories.
func (s *Server) author(w http.ResponseWriter, r *http.Request) error {
	a, err := s.news.AuthorBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	lang := langOf(r)
	pagecache.Tag(w, AuthorTag(a.ID, lang))
	view := &authorView{Name: a.Name.In(lang), Bio: a.Bio.In(lang)}
	if a.Photo != nil {
		view.Photo = s.imageOf(&news.Image{Photo: *a.Photo, Alt: view.Name})
	}
	data := listPage{Kind: "author", Heading: view.Name, Author: view}
	data.StructuredData = append(data.StructuredData, jsonLD(s.profileLD(r, a, lang, authorURL(lang, a.Slug))))
	return s.list(w, r, data,
		news.Filter{Lang: lang, AuthorID: a.ID}, func(l locale.Lang) string { return authorURL(l, a.Slug) })
}

// list fills and renders a paginated list page; urlFor gives the page's path per language.
func (s *Server) list(w http.ResponseWriter, r *http.Request, data listPage, f news.Filter, urlFor func(locale.Lang) string) error {
	ctx := r.Context()
	n, err := web.PageNumber(r)
	if err != nil {
		return err
	}
	p, err := s.page(w, r, f.Lang)
	if err != nil {
		return err
	}
	total, err := s.news.CountPublished(ctx, f)
	if err != nil {
		return err
	}
	pages := max(1, (total+perPage-1)/perPage)
	if n > pages {
		return errNotFound
	}
	stories, err := s.news.Published(ctx, f, perPage, (n-1)*perPage)
	if err != nil {
		return err
	}
	tagCards(w, f.Lang, stories)
	base := urlFor(f.Lang)
	ld := data.StructuredData
	data.Page = p
	data.StructuredData = ld
	data.Stories = s.countedCards(ctx, f.Lang, stories)
	if err := s.renderCards(p, data.Stories, "card", true); err != nil {
		return err
	}
	data.Total = total
	data.Pager = pager{Page: n, Pages: pages}
	if n > 1 {
		data.Pager.Prev = withPage(base, n-1)
	}
	if n < pages {
		data.Pager.Next = withPage(base, n+1)
	}
	data.Title = data.Heading
	if n > 1 {
		data.Title = data.Heading + " — " + p.L.T("page_n", n)
	}
	data.Canonical = s.absolute(r, withPage(base, n))
	s.sameInBoth(&data.Page, r, urlFor)
	if n > 1 {
		// hreflang links pages that say the same: page n in the other language is other stories.
		data.Alternates = nil
	}
	data.Feeds = append(s.feedLinks(r, p.L, data.Heading, base), data.Feeds...)
	if data.crumb {
		data.StructuredData = append(data.StructuredData, jsonLD(s.breadcrumbLD(r,
			link{Name: p.L.T("nav_home"), URL: homeURL(f.Lang)}, link{Name: data.Heading, URL: base})))
	}
	if data.Author != nil && data.Author.Bio != "" {
		data.Description = data.Author.Bio
	} else {
		data.Description = p.L.T("stories_count", total) + " · " + data.Heading
	}
	if err := s.keepChrome(&data.Page); err != nil {
		return err
	}
	return s.templates.Render(w, http.StatusOK, "list", data)
}

// alternates lists a page that exists in both languages, for hreflang links.
func (s *Server) alternates(r *http.Request, urlFor func(locale.Lang) string) []web.Alternate {
	var out []web.Alternate
	for _, l := range []locale.Lang{locale.English, locale.Assamese} {
		out = append(out, web.Alternate{Lang: l, URL: s.absolute(r, urlFor(l))})
	}
	return out
}

func alternate(u string, l locale.Lang) web.Alternate { return web.Alternate{Lang: l, URL: u} }
