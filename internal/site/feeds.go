package site

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/html"

	"github.com/batori-news/batori/internal/feeds"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/pagecache"
	"github.com/batori-news/batori/internal/web"
)

// feedItems is how many stories a feed carries, newest first.
const feedItems = 30

// Feed formats, each at its own file name beside the page the feed follows.
const (
	rssFile  = "rss.xml"
	atomFile = "atom.xml"
	rssType  = "application/rss+xml"
	atomType = "application/atom+xml"
)

// allFeedsPath is the folder of the feeds of both languages together.
const allFeedsPath = "/all"

// feedURL is the feed of the page at base (a section, tag or author path, or "" and "/as"
// for a language's home) in one format.
func feedURL(base, file string) string { return strings.TrimSuffix(base, "/") + "/" + file }

// feedRoutes are the feed routes of one language prefix.
func (s *Server) feedRoutes(p string) []route {
	var out []route
	for _, file := range []string{rssFile, atomFile} {
		out = append(out,
			route{"GET " + p + "/" + file, s.cached(s.feed(file, s.homeFeed))},
			route{"GET " + p + "/section/{slug}/" + file, s.cached(s.feed(file, s.sectionFeed))},
			route{"GET " + p + "/tag/{slug}/" + file, s.cached(s.feed(file, s.tagFeed))},
			route{"GET " + p + "/author/{slug}/" + file, s.cached(s.feed(file, s.authorFeed))},
		)
	}
	return out
}

// feedSource says what a feed holds: its title (beside the paper's name), the page it
// follows and its stories.
type feedSource func(w http.ResponseWriter, r *http.Request, lang locale.Lang) (title, page string, f news.Filter, err error)

func (s *Server) homeFeed(w http.ResponseWriter, r *http.Request, lang locale.Lang) (string, string, news.Filter, error) {
	return "", homeURL(lang), news.Filter{Lang: lang}, nil
}

func (s *Server) sectionFeed(w http.ResponseWriter, r *http.Request, lang locale.Lang) (string, string, news.Filter, error) {
	sec, err := s.news.SectionBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return "", "", news.Filter{}, err
	}
	pagecache.Tag(w, SectionTag(sec.ID, lang))
	return sec.Name.In(lang), sectionURL(lang, sec.Slug), news.Filter{Lang: lang, SectionID: sec.ID}, nil
}

func (s *Server) tagFeed(w http.ResponseWriter, r *http.Request, lang locale.Lang) (string, string, news.Filter, error) {
	t, err := s.news.TagBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return "", "", news.Filter{}, err
	}
	pagecache.Tag(w, TagTag(t.ID, lang))
	return t.Name.In(lang), tagURL(lang, t.Slug), news.Filter{Lang: lang, TagID: t.ID}, nil
}

func (s *Server) authorFeed(w http.ResponseWriter, r *http.Request, lang locale.Lang) (string, string, news.Filter, error) {
	a, err := s.news.AuthorBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return "", "", news.Filter{}, err
	}
	pagecache.Tag(w, AuthorTag(a.ID, lang))
	return a.Name.In(lang), authorURL(lang, a.Slug), news.Filter{Lang: lang, AuthorID: a.ID}, nil
}

// feed serves the feed of src in the format of file.
func (s *Server) feed(file string, src feedSource) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		lang := langOf(r)
		pagecache.Tag(w, FeedTag(lang))
		title, page, f, err := src(w, r, lang)
		if err != nil {
			return err
		}
		stories, err := s.news.Published(r.Context(), f, feedItems, 0)
		if err != nil {
			return err
		}
		return s.writeFeed(w, r, file, lang, title, page, stories)
	}
}

// allFeed serves the stories of both languages in one feed.
func (s *Server) allFeed(file string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		pagecache.Tag(w, FeedTag(locale.English), FeedTag(locale.Assamese))
		var stories []news.Teaser
		for _, lang := range []locale.Lang{locale.English, locale.Assamese} {
			list, err := s.news.Published(r.Context(), news.Filter{Lang: lang}, feedItems, 0)
			if err != nil {
				return err
			}
			stories = append(stories, list...)
		}
		slices.SortStableFunc(stories, func(a, b news.Teaser) int { return b.PublishedAt.Compare(a.PublishedAt) })
		return s.writeFeed(w, r, file, "", "", homeURL(locale.English), stories[:min(feedItems, len(stories))])
	}
}

// writeFeed writes stories as the feed of the page at page; lang is empty for both languages.
func (s *Server) writeFeed(w http.ResponseWriter, r *http.Request, file string, lang locale.Lang, title, page string, stories []news.Teaser) error {
	ctx := r.Context()
	site, err := s.siteSettings(ctx)
	if err != nil {
		return err
	}
	l := locale.New(lang, s.zone(site), site.Digits)
	if lang == "" {
		l = locale.New(locale.English, s.zone(site), site.Digits)
	}
	f := feeds.Feed{
		Title: site.Name(l.Lang()), Description: site.Tagline(l.Lang()), Lang: string(lang),
		Link: s.absolute(r, page), Self: s.absolute(r, r.URL.Path),
	}
	if f.Description == "" {
		f.Description = l.T("site_tagline")
	}
	switch {
	case lang == "":
		f.Title = l.T("feed_title_all", site.Name(locale.English))
	case title != "":
		f.Title = l.T("feed_of", site.Name(lang), title)
	}
	if site.Logo != "" {
		f.Logo = s.absolute(r, site.Logo)
	}
	var bodies map[int64]string
	if site.FeedFullText {
		ids := make([]int64, len(stories))
		for i, t := range stories {
			ids[i] = t.EditionID
		}
		if bodies, err = s.news.Bodies(ctx, ids); err != nil {
			return err
		}
	}
	pictures, err := s.pictures(ctx, stories)
	if err != nil {
		return err
	}
	for _, t := range stories {
		it := feeds.Item{
			ID:    s.absolute(r, prefix(t.Lang)+"/news/"+strconv.FormatInt(t.StoryID, 10)),
			Title: t.Headline, Link: s.absolute(r, storyURL(t.Lang, t.StoryID, t.Slug)), Summary: t.Standfirst,
			Published: t.PublishedAt, Updated: t.UpdatedAt, Lang: string(t.Lang),
			Categories: []string{t.Section.Name.In(t.Lang)},
		}
		if body, ok := bodies[t.EditionID]; ok {
			it.Content = s.absoluteLinks(r, s.sanitizer.Body(body))
		}
		for _, a := range t.Authors {
			it.Authors = append(it.Authors, feeds.Person{Name: a.Name.In(t.Lang), URL: s.absolute(r, authorURL(t.Lang, a.Slug))})
		}
		if t.Image != nil {
			v := shareImage(*t.Image, pictures[t.Image.MediaID])
			it.Image = &feeds.Image{URL: s.absolute(r, v.URL()), Type: v.mime(), Length: v.Bytes, Width: v.Width, Height: v.Height, Title: t.Image.Alt}
		}
		f.Items = append(f.Items, it)
	}
	f.Updated = feeds.Latest(f.Items)
	if f.Updated.IsZero() {
		f.Updated = s.now()
	}
	var body []byte
	ctype := rssType
	if file == atomFile {
		ctype = atomType
		body, err = feeds.Atom(f)
	} else {
		body, err = feeds.RSS(f)
	}
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ctype+"; charset=utf-8")
	_, err = w.Write(body)
	return err
}

// pictures reads the responsive copies of the stories' pictures in one query.
func (s *Server) pictures(ctx context.Context, stories []news.Teaser) (map[int64][]media.Variant, error) {
	var ids []int64
	for _, t := range stories {
		if t.Image != nil && t.Image.MediaID != 0 {
			ids = append(ids, t.Image.MediaID)
		}
	}
	if s.media == nil || len(ids) == 0 {
		return nil, nil
	}
	return s.media.VariantsOf(ctx, ids)
}

// feedLinks are the autodiscovery links of the feeds following the page at base.
func (s *Server) feedLinks(r *http.Request, l *locale.Locale, title, base string) []web.FeedLink {
	if title != "" {
		title = " — " + title
	}
	return []web.FeedLink{
		{Title: l.T("rss_feed") + title, Type: rssType, URL: s.absolute(r, feedURL(base, rssFile))},
		{Title: l.T("feed_atom") + title, Type: atomType, URL: s.absolute(r, feedURL(base, atomFile))},
	}
}

// absoluteLinks makes the site-relative links and pictures of an HTML body absolute, as
// feed readers, which show it away from the site, need.
func (s *Server) absoluteLinks(r *http.Request, body string) string {
	origin := s.origin.Get(r.Context())
	if origin == "" {
		return body
	}
	z := html.NewTokenizer(strings.NewReader(body))
	var out strings.Builder
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out.String()
		}
		tok := z.Token()
		if tt == html.StartTagToken || tt == html.SelfClosingTagToken {
			for i, a := range tok.Attr {
				if (a.Key == "href" || a.Key == "src") && strings.HasPrefix(a.Val, "/") && !strings.HasPrefix(a.Val, "//") {
					tok.Attr[i].Val = origin + a.Val
				}
			}
		}
		out.WriteString(tok.String())
	}
}
