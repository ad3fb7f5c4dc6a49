package site_test

import (
	"bytes"
	"context"
	"image/gif"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/demo"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/pagecache"
	"github.com/batori-news/batori/internal/settings"
	"github.com/batori-news/batori/internal/site"
	"github.com/batori-news/batori/internal/views"
	"github.com/batori-news/batori/internal/web"
)

const browserUA = "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36"

// viewsFixture is the reader site over the demo newspaper with the page cache and view
// counting on, as the app builds it.
type viewsFixture struct {
	srv     *httptest.Server
	news    *news.Store
	store   *views.Store
	counter *views.Counter
	cache   *pagecache.Cache
}

func newViewsFixture(t *testing.T, d *db.DB) *viewsFixture {
	t.Helper()
	ctx := context.Background()
	lib := media.NewLibrary(d, filepath.Join(t.TempDir(), "media"))
	st := news.NewStore(d)
	set := settings.NewStore(d)
	if _, err := demo.Seed(ctx, demo.Stores{News: st, Settings: set, Media: lib}, demo.Options{Now: time.Now()}); err != nil {
		t.Fatalf("seed: %v", err)
	}
	f := &viewsFixture{news: st, store: views.NewStore(d), cache: pagecache.New(100, time.Minute)}
	f.counter = views.NewCounter(f.store, nil, nil)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	s := site.New(site.Deps{News: st, Settings: set, Media: lib, Templates: templates, Assets: assets, Log: log, Cache: f.cache,
		Views: site.ViewsDeps{Counter: f.counter, Top: views.NewTop(f.store, 0, nil)}})
	mux := http.NewServeMux()
	s.Routes(mux)
	f.srv = httptest.NewServer(web.Chain(mux, web.SecurityHeaders, web.Recover(log, s.RenderError)))
	t.Cleanup(f.srv.Close)
	return f
}

// fetch GETs path with the given headers and returns the answer with its body read.
func (f *viewsFixture) fetch(t *testing.T, path string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, f.srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

// read opens an article page as a browser would: the page (from the cache or not), then the
// beacon image it names, and returns the page's cache state.
func (f *viewsFixture) read(t *testing.T, path string) string {
	t.Helper()
	resp, body := f.fetch(t, path, map[string]string{"User-Agent": browserUA})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d", path, resp.StatusCode)
	}
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	src, ok := doc.Find("img.view-beacon").Attr("src")
	if !ok {
		t.Fatalf("%s has no view beacon", path)
	}
	b, _ := f.fetch(t, src, map[string]string{"User-Agent": browserUA, "Sec-Fetch-Site": "same-origin", "Sec-Fetch-Dest": "image"})
	if b.StatusCode != http.StatusOK {
		t.Fatalf("beacon %s = %d", src, b.StatusCode)
	}
	return resp.Header.Get("X-Cache")
}

func (f *viewsFixture) tally(t *testing.T, storyID int64, lang locale.Lang) int64 {
	t.Helper()
	if err := f.counter.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	m, err := f.store.Tallies(context.Background(), []int64{storyID}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return m[views.Edition{StoryID: storyID, Lang: lang}].Total
}

// Article pages are served from the page cache without running their handler; the beacon
// they load counts every view all the same.
func TestViewsOfCachedArticlesCounted(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newViewsFixture(t, d)
		ctx := context.Background()
		list, err := f.news.Published(ctx, news.Filter{Lang: locale.Assamese}, 1, 0)
		if err != nil || len(list) == 0 {
			t.Fatalf("no Assamese story: %v", err)
		}
		a := list[0]
		path := storyPath(locale.Assamese, a.StoryID, a.Slug)
		var states []string
		for range 3 {
			states = append(states, f.read(t, path))
		}
		if !slices.Equal(states, []string{"MISS", "HIT", "HIT"}) {
			t.Fatalf("cache states %v, want a miss then hits", states)
		}
		if got := f.tally(t, a.StoryID, locale.Assamese); got != 3 {
			t.Errorf("%d views counted, want 3", got)
		}
		if got := f.tally(t, a.StoryID, locale.English); got != 0 {
			t.Errorf("%d English views of an Assamese read", got)
		}
	})
}

func TestBeacon(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newViewsFixture(t, d)
		list, err := f.news.Published(context.Background(), news.Filter{Lang: locale.English}, 1, 0)
		if err != nil || len(list) == 0 {
			t.Fatalf("no story: %v", err)
		}
		id := list[0].StoryID
		beacon := "/views/" + strconv.FormatInt(id, 10)
		resp, body := f.fetch(t, beacon, map[string]string{"User-Agent": browserUA})
		if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/gif" || resp.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("beacon answered %d %q %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"))
		}
		if img, err := gif.Decode(bytes.NewReader(body)); err != nil || img.Bounds().Dx() != 1 || img.Bounds().Dy() != 1 {
			t.Errorf("beacon body is not a 1×1 GIF: %v", err)
		}
		if resp.Header.Get("Set-Cookie") != "" {
			t.Error("the beacon sets a cookie")
		}
		// Not counted: crawlers and scripts, other sites' pages, the beacon opened directly,
		// prefetches.
		for name, h := range map[string]map[string]string{
			"googlebot":       {"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"},
			"whatsapp":        {"User-Agent": "WhatsApp/2.23.20.0 A"},
			"no user agent":   {"User-Agent": ""},
			"curl":            {"User-Agent": "curl/8.5.0"},
			"another site":    {"User-Agent": browserUA, "Sec-Fetch-Site": "cross-site"},
			"typed in":        {"User-Agent": browserUA, "Sec-Fetch-Site": "none"},
			"prefetch":        {"User-Agent": browserUA, "Sec-Purpose": "prefetch"},
			"headless chrome": {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36"},
		} {
			if resp, _ := f.fetch(t, beacon, h); resp.StatusCode != http.StatusOK {
				t.Errorf("%s: beacon answered %d", name, resp.StatusCode)
			}
		}
		if got := f.tally(t, id, locale.English); got != 1 {
			t.Errorf("%d views counted, want 1 (the browser's)", got)
		}
		for _, bad := range []string{"/views/abc", "/views/0", "/views/-3", "/as/views/"} {
			if resp, _ := f.fetch(t, bad, map[string]string{"User-Agent": browserUA}); resp.StatusCode != http.StatusNotFound {
				t.Errorf("%s = %d, want 404", bad, resp.StatusCode)
			}
		}
		// A beacon for a story that does not exist is answered, and dropped at the flush.
		f.fetch(t, "/views/999999", map[string]string{"User-Agent": browserUA})
		if err := f.counter.Flush(context.Background()); err != nil {
			t.Errorf("flush with an unknown story: %v", err)
		}
	})
}

// The home and article pages list the most read stories of their language, most read first.
func TestMostReadLists(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newViewsFixture(t, d)
		ctx := context.Background()
		for _, lang := range []locale.Lang{locale.English, locale.Assamese} {
			list, err := f.news.Published(ctx, news.Filter{Lang: lang}, 20, 0)
			if err != nil || len(list) < 8 {
				t.Fatalf("%s: %d stories, %v", lang, len(list), err)
			}
			// Older stories read more: stories 7, 5 and 3 of the list, read 3, 2 and 1 times.
			want := []news.Teaser{list[7], list[5], list[3]}
			for i, tz := range want {
				for range 3 - i {
					f.read(t, storyPath(lang, tz.StoryID, tz.Slug))
				}
			}
			if err := f.counter.Flush(ctx); err != nil {
				t.Fatal(err)
			}
			// The pages read above are cached without the lists; the cache is dropped as a
			// minute passing would.
			f.cache.Purge()
			home := prefixOf(lang) + "/"
			for _, path := range []string{home, storyPath(lang, list[0].StoryID, list[0].Slug)} {
				resp, body := f.fetch(t, path, map[string]string{"User-Agent": browserUA})
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("GET %s = %d", path, resp.StatusCode)
				}
				doc, _ := goquery.NewDocumentFromReader(bytes.NewReader(body))
				box := doc.Find("section.most-read")
				if box.Length() != 1 {
					t.Fatalf("%s: %d most-read boxes", path, box.Length())
				}
				box.Find(".most-read-list").Each(func(i int, ol *goquery.Selection) {
					var got []string
					ol.Find("li a").Each(func(_ int, a *goquery.Selection) { got = append(got, a.Text()) })
					if w := []string{want[0].Headline, want[1].Headline, want[2].Headline}; !slices.Equal(got, w) {
						t.Errorf("%s list %d = %q, want %q", path, i, got, w)
					}
				})
				if n := box.Find(".most-read-list").Length(); n != 2 {
					t.Errorf("%s: %d lists, want the day's and the week's", path, n)
				}
				if h := box.Find("h3").First().Text(); lang == locale.Assamese && !strings.Contains(h, "২৪") {
					t.Errorf("%s: day heading %q", path, h)
				}
			}
		}
	})
}

func prefixOf(lang locale.Lang) string {
	if lang == locale.Assamese {
		return "/as"
	}
	return ""
}
