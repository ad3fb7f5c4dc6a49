package site

import (
	"errors"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/pagecache"
)

// Live blogs on the reader site. The article page of a live edition lists every entry, so it
// is complete without JavaScript and on reload. live.js polls the updates endpoint (the
// newest entries, cached like any page and dropped by LiveTag when an entry changes) and
// offers what it finds behind an "N new updates" button, so nothing moves under the reader.

const (
	// updatesCount is how many of the newest entries the updates endpoint carries: more than
	// a reporter posts between two polls. An older entry corrected meanwhile shows on reload.
	updatesCount = 20
	// ldUpdates bounds the entries listed in the page's JSON-LD (liveBlogUpdate).
	ldUpdates = 100
	// updatesControl lets a CDN keep the endpoint a few seconds only: readers must see an
	// entry within seconds, and the page cache answers the rest.
	updatesControl = "public, max-age=0, s-maxage=2, stale-while-revalidate=2"
	// pollSeconds is how often live.js asks for updates (plus up to a second of jitter): a
	// reader sees an update within 4 s and a little, most answers being 304s from the cache.
	pollSeconds = 3
)

// liveView is a live blog on its article page.
type liveView struct {
	Running     bool
	Started     time.Time
	Ended       time.Time
	ClosingNote string
	KeyPoints   []liveEntryView
	Entries     []liveEntryView
	// UpdatesURL is the endpoint live.js polls; empty once the blog has ended.
	UpdatesURL string
	Poll       int
}

// liveEntryView is one entry, ready to show.
type liveEntryView struct {
	ID        int64
	Stamp     int64
	Posted    time.Time
	Corrected time.Time
	Removed   time.Time
	Body      template.HTML
	Text      string
	Image     *imageView
	Embed     *embedView
	Author    string
	KeyPoint  bool
}

// embedView is an embedded post, shown as a plain link to it: no third-party frame or
// script runs on our pages.
type embedView struct{ URL, Host string }

// liveUpdatesPage is the updates endpoint's fragment.
type liveUpdatesPage struct {
	L    *locale.Locale
	Live *liveView
}

// liveOf reads the live blog of the published article a, nil when it has never been live.
// The page then carries LiveTag, which an entry's change drops.
func (s *Server) liveOf(w http.ResponseWriter, r *http.Request, a news.Article, limit int) (*liveView, error) {
	b, err := s.news.KeptLiveBlog(r.Context(), a.EditionID)
	if errors.Is(err, news.ErrNotFound) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	pagecache.Tag(w, LiveTag(a.StoryID, a.Lang))
	v := &liveView{Running: b.Running(), Started: b.StartedAt, Ended: b.EndedAt, ClosingNote: b.ClosingNote, Poll: pollSeconds}
	if v.Running {
		v.UpdatesURL = storyURL(a.Lang, a.StoryID, a.Slug) + "/updates"
	}
	entries, err := s.news.LiveEntries(r.Context(), a.EditionID, true, limit)
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		v.Entries = append(v.Entries, s.liveEntry(a.Lang, e))
	}
	keys, err := s.news.KeyPoints(r.Context(), a.EditionID)
	if err != nil {
		return nil, err
	}
	for _, e := range keys {
		v.KeyPoints = append(v.KeyPoints, s.liveEntry(a.Lang, e))
	}
	return v, nil
}

func (s *Server) liveEntry(lang locale.Lang, e news.LiveEntry) liveEntryView {
	v := liveEntryView{ID: e.ID, Stamp: e.Stamp(), Posted: e.PostedAt, Corrected: e.CorrectedAt, Removed: e.RemovedAt,
		Author: e.Author.In(lang), KeyPoint: e.KeyPoint}
	if e.Status == news.EntryRemoved {
		return v
	}
	body := s.sanitizer.Body(e.Body)
	v.Body = template.HTML(body)
	v.Text = plainText(body)
	if e.Image != nil {
		v.Image = s.imageOf(e.Image)
	}
	if u, err := url.Parse(e.EmbedURL); err == nil && e.EmbedURL != "" {
		v.Embed = &embedView{URL: e.EmbedURL, Host: strings.TrimPrefix(u.Hostname(), "www.")}
	}
	return v
}

// plainText is the text of an HTML fragment, spaces collapsed, for JSON-LD.
func plainText(body string) string {
	var b strings.Builder
	in := false
	for _, r := range body {
		switch {
		case r == '<':
			in = true
			b.WriteByte(' ')
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(html.UnescapeString(b.String())), " ")
}

// liveUpdates answers live.js with the newest entries of a running live blog, as the
// fragment of HTML the page shows them with.
func (s *Server) liveUpdates(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return errNotFound
	}
	pagecache.Tag(w, StoryTag(id))
	a, err := s.news.PublishedArticle(r.Context(), id, lang)
	if errors.Is(err, news.ErrNotFound) {
		return errNotFound
	} else if err != nil {
		return err
	}
	if r.PathValue("slug") != a.Slug {
		return errNotFound
	}
	live, err := s.liveOf(w, r, a, updatesCount)
	if err != nil {
		return err
	}
	if live == nil {
		return errNotFound
	}
	site, err := s.settings.Site(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", updatesControl)
	w.Header().Set("X-Robots-Tag", "noindex")
	return s.templates.Render(w, http.StatusOK, "live_updates", liveUpdatesPage{L: locale.New(lang, site.Location(), site.Digits), Live: live})
}

// liveLD makes the article's JSON-LD a LiveBlogPosting with its newest entries.
func (s *Server) liveLD(v ld, live *liveView, canonical string) ld {
	v["@type"] = "LiveBlogPosting"
	v["coverageStartTime"] = live.Started.UTC().Format(time.RFC3339)
	if !live.Running {
		v["coverageEndTime"] = live.Ended.UTC().Format(time.RFC3339)
	}
	var updates []any
	for _, e := range live.Entries {
		if e.Removed.IsZero() && len(updates) < ldUpdates {
			u := ld{
				"@type":         "BlogPosting",
				"headline":      headlineOf(e.Text),
				"articleBody":   e.Text,
				"datePublished": e.Posted.UTC().Format(time.RFC3339),
				"url":           canonical + "#entry-" + strconv.FormatInt(e.ID, 10),
			}
			if !e.Corrected.IsZero() {
				u["dateModified"] = e.Corrected.UTC().Format(time.RFC3339)
			}
			if e.Author != "" {
				u["author"] = ld{"@type": "Person", "name": e.Author}
			}
			updates = append(updates, u)
		}
	}
	v["liveBlogUpdate"] = updates
	if len(live.Entries) > 0 {
		latest := live.Entries[0]
		v["dateModified"] = time.UnixMilli(latest.Stamp).UTC().Format(time.RFC3339)
	}
	return v
}

// headlineOf is the first words of an entry, at most 110 characters (what search engines
// show of a headline).
func headlineOf(text string) string {
	const most = 110
	r := []rune(text)
	if len(r) <= most {
		return text
	}
	cut := strings.LastIndex(string(r[:most-1]), " ")
	if cut <= 0 {
		return string(r[:most-1]) + "…"
	}
	return string(r[:most-1])[:cut] + "…"
}
