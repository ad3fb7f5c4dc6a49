package site

import (
	"context"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/views"
	"github.com/batori-news/batori/internal/web"
)

const (
	// mostReadCount is the length of each "Most read" list; mostReadFetch leaves room for
	// stories read in the window and withdrawn since.
	mostReadCount = 5
	mostReadFetch = 2 * mostReadCount
)

// ViewsDeps are the parts that count article views and rank the most read.
type ViewsDeps struct {
	// Counter counts views, in memory; nil counts none and leaves the beacon out of pages.
	Counter *views.Counter
	// Top ranks the most read stories; nil leaves the "Most read" lists out.
	Top *views.Top
}

// mostReadView is the data of partials/most_read.html: the stories read most in the last 24
// hours and in the last 7 days.
type mostReadView struct {
	Day  []card
	Week []card
	// HTML is the box as the site keeps it rendered (keepMostRead); empty renders it with the
	// page.
	HTML template.HTML
}

// keepMostRead gives v, shown on page p with or without its own wrap, its HTML from the kept
// HTML (cardHTML), under a key of everything the box prints: its two lists, line by line.
func (s *Server) keepMostRead(p web.Page, v *mostReadView, wrap bool) error {
	if v == nil || s.cardHTML.gen == nil || p.L == nil {
		return nil
	}
	l := p.L
	k := s.cardHTML.key()
	k.add("most_read_box", strconv.FormatBool(wrap), l.HTMLLang(), l.Digits("0123456789"))
	for _, list := range [][]card{v.Day, v.Week} {
		k.add(strconv.Itoa(len(list)))
		for _, c := range list {
			k.add(c.URL, c.Headline, string(c.Lang), strconv.FormatBool(c.Live), l.ISO(c.Published), l.Relative(c.Published, p.Now))
		}
	}
	data := func() any {
		d := map[string]any{"M": v, "P": p}
		if wrap {
			d["Wrap"] = true
		}
		return d
	}
	var err error
	v.HTML, err = s.keptPart("most_read_box", k, data)
	return err
}

// pixel is a transparent 1×1 GIF, the beacon's answer.
var pixel = []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")

// viewRoutes are the view beacons, one per language: /views/{id} and /as/views/{id}.
func (s *Server) viewRoutes() []route {
	return []route{
		{"GET /views/{id}", s.handle(s.countView)},
		{"GET /as/views/{id}", s.handle(s.countView)},
	}
}

// beaconURL is the address of the beacon an article page loads to count a view of it; empty
// when views are not counted.
func (s *Server) beaconURL(lang locale.Lang, storyID int64) string {
	if s.views.Counter == nil {
		return ""
	}
	return prefix(lang) + "/views/" + strconv.FormatInt(storyID, 10)
}

// countView is the beacon every article page loads as a hidden image. Pages come from the page
// cache (or a CDN) without running their handler, so the view is counted here, on a request
// that is never cached. It stores nothing about the reader and sets no cookie; software that
// says what it is in its User-Agent, requests made by other sites' pages, and direct visits
// to the beacon are not counted.
func (s *Server) countView(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return errNotFound
	}
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Robots-Tag", "noindex")
	h.Set("Content-Type", "image/gif")
	if s.views.Counter != nil && r.Method == http.MethodGet && countable(r) {
		s.views.Counter.Count(id, langOf(r))
	}
	_, err = w.Write(pixel)
	return err
}

// countable reports whether a beacon request is a reader's page loading it.
func countable(r *http.Request) bool {
	if views.IsBot(r.UserAgent()) {
		return false
	}
	// Browsers say where a request comes from; older ones say nothing and are believed.
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "same-site":
	default:
		return false
	}
	if r.Header.Get("Sec-Purpose") != "" || r.Header.Get("Purpose") == "prefetch" {
		return false
	}
	return true
}

// mostRead builds the "Most read" lists in lang and tags the page with their stories' cards,
// so that withdrawing or editing one drops the page. Rankings come from views.Top (kept a
// minute); a page shows them as they were when it was rendered, and cached pages are
// rendered again within the page cache's time to live. The lists are a nicety: when they
// cannot be read the page goes without them.
func (s *Server) mostRead(ctx context.Context, w http.ResponseWriter, lang locale.Lang) *mostReadView {
	if s.views.Top == nil {
		return nil
	}
	var v mostReadView
	for _, win := range []struct {
		window time.Duration
		into   *[]card
	}{{views.Day, &v.Day}, {views.Week, &v.Week}} {
		list, err := s.mostReadIn(ctx, lang, win.window)
		if err != nil {
			s.log.Error("most read", "err", err)
			return nil
		}
		tagCards(w, lang, list)
		*win.into = s.cards(lang, list)
	}
	if len(v.Day) == 0 && len(v.Week) == 0 {
		return nil
	}
	return &v
}

func (s *Server) mostReadIn(ctx context.Context, lang locale.Lang, window time.Duration) ([]news.Teaser, error) {
	ranks, err := s.views.Top.MostRead(ctx, lang, window, mostReadFetch)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(ranks))
	for i, r := range ranks {
		ids[i] = r.StoryID
	}
	list, err := s.news.PublishedStories(ctx, lang, ids)
	if err != nil {
		return nil, err
	}
	return list[:min(mostReadCount, len(list))], nil
}
