package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/config"
	"github.com/batori-news/batori/internal/demo"
	"github.com/batori-news/batori/internal/testkit"
)

// response is what a client sees of a response: status, headers but Date, body.
type response struct {
	status int
	header http.Header
	body   string
}

func askFront(t *testing.T, base, method, path, host string, header http.Header) response {
	t.Helper()
	req, err := http.NewRequest(method, base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := noRedirects.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	resp.Header.Del("Date")
	return response{resp.StatusCode, resp.Header, string(body)}
}

// noRedirects shows redirects as they are answered, and asks for no compression of its own.
var noRedirects = &http.Client{
	Transport:     &http.Transport{DisableCompression: true},
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// TestFrontAnswersAsTheHandler: on plain HTTP the site is served by package front, which
// answers fresh cached pages itself; every response it gives, cached or not, in every encoding,
// to HEAD and to conditional requests, for the site's own host and for others, with query
// strings, escapes and credentials, is the response of the site's net/http handler (but for the
// Date header), on a site whose origin is HTTPS behind a proxy (HSTS on every page) and on
// one whose origin is not yet known.
func TestFrontAnswersAsTheHandler(t *testing.T) {
	for name, setup := range map[string]func(*config.Config) string{
		"https origin with HSTS": func(c *config.Config) string {
			c.BaseURL, c.HSTS = "https://news.example.org", true
			return "news.example.org"
		},
		"origin unknown": func(c *config.Config) string { return "" },
	} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			cfg := baseConfig(t)
			cfg.Migrate = true
			host := setup(&cfg)
			a, err := app.New(ctx, cfg, quiet)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { a.Close() })
			if n, err := demo.Seed(ctx, demo.Stores{News: a.News, Settings: a.Settings, Media: a.Media}, demo.Options{}); err != nil || n == 0 {
				t.Fatalf("demo.Seed = %d, %v", n, err)
			}
			front := testkit.Serve(ctx, t, a.ServeListener)
			full := httptest.NewServer(a.Handler())
			t.Cleanup(full.Close)
			if host == "" {
				host = strings.TrimPrefix(front, "http://")
			}

			home := askFront(t, front, http.MethodGet, "/", host, nil)
			if home.status != http.StatusOK {
				t.Fatalf("home = %d", home.status)
			}
			article := regexp.MustCompile(`href="(/news/[0-9]+/[^"#?]+)"`).FindStringSubmatch(home.body)
			section := regexp.MustCompile(`href="(/section/[^"#?]+)"`).FindStringSubmatch(home.body)
			if article == nil || section == nil {
				t.Fatal("no article or section link on the home page")
			}
			paths := []string{"/", "/as/", article[1], section[1], "/rss.xml", "/sitemap.xml", "/page/about",
				article[1] + "?utm_source=x", article[1] + "?r=1&x=%41", article[1] + "?page=2", article[1] + "?page=0",
				"/?r=12345", "/?q=%00", "/?q=%ff", section[1] + "?page=2", section[1] + "?page=x", section[1] + "?x=1",
				"/news/%31", "/no-such-page", "/static/../", "//news"}
			for _, p := range paths {
				askFront(t, front, http.MethodGet, p, host, nil) // rendered and stored, where cached
			}
			for _, p := range paths {
				first := askFront(t, front, http.MethodGet, p, host, http.Header{"Accept-Encoding": {"gzip"}})
				variants := []struct {
					method string
					host   string
					header http.Header
				}{
					{http.MethodGet, host, nil},
					{http.MethodGet, host, http.Header{"Accept-Encoding": {"gzip, deflate"}}},
					{http.MethodGet, host, http.Header{"Accept-Encoding": {"br;q=1, gzip;q=0.5"}}},
					{http.MethodGet, host, http.Header{"Accept-Encoding": {"gzip;q=0"}}},
					{http.MethodHead, host, nil},
					{http.MethodGet, host, http.Header{"If-None-Match": first.header.Values("Etag"), "Accept-Encoding": {"gzip"}}},
					{http.MethodGet, host, http.Header{"If-None-Match": {`"nothing", ` + first.header.Get("Etag")}}},
					{http.MethodGet, host, http.Header{"If-Modified-Since": first.header.Values("Last-Modified")}},
					{http.MethodGet, host, http.Header{"If-Modified-Since": {"Mon, 02 Jan 2006 15:04:05 GMT"}}},
					{http.MethodGet, host, http.Header{"Authorization": {"Basic eDp5"}}},
					{http.MethodGet, host, http.Header{"X-Forwarded-Proto": {"https"}}},
					{http.MethodGet, "evil.example", nil},
				}
				for _, v := range variants {
					got := askFront(t, front, v.method, p, v.host, v.header)
					want := askFront(t, full.URL, v.method, p, v.host, v.header)
					same := got.status == want.status
					if got.header.Get("X-Cache") == "HIT" || want.header.Get("X-Cache") == "HIT" {
						same = same && got.body == want.body && sameHeaders(got.header, want.header)
					} else {
						// A page rendered for one request carries a form token of its own.
						for _, h := range []http.Header{got.header, want.header} {
							h.Del("Content-Length")
							h.Del("Set-Cookie")
						}
						same = same && sameHeaders(got.header, want.header)
					}
					if !same {
						t.Errorf("%s %s (host %s, %v):\nfront   %d %v\nhandler %d %v\nbodies equal: %t",
							v.method, p, v.host, v.header, got.status, got.header, want.status, want.header, got.body == want.body)
					}
				}
			}
			// Pages answered by the front are counted under the route that rendered them.
			counted := func() float64 {
				rec := httptest.NewRecorder()
				a.MetricsHandler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
				var n, total float64
				for line := range strings.Lines(rec.Body.String()) {
					if strings.HasPrefix(line, `batori_http_requests_total{code="200",route="GET /news/{id}/{slug}"}`) {
						fmt.Sscan(line[strings.LastIndexByte(line, ' ')+1:], &n)
						total += n
					}
				}
				return total
			}
			before := counted()
			for range 5 {
				if r := askFront(t, front, http.MethodGet, article[1], host, nil); r.header.Get("X-Cache") != "HIT" {
					t.Fatalf("article not a hit: %v", r.header)
				}
			}
			if after := counted(); after != before+5 {
				t.Errorf("article requests counted %v → %v, want 5 more", before, after)
			}
			if hsts := askFront(t, front, http.MethodGet, "/", host, nil).header.Get("Strict-Transport-Security"); (cfg.HSTS && hsts == "") || (!cfg.HSTS && hsts != "") {
				t.Errorf("Strict-Transport-Security = %q with HSTS %t", hsts, cfg.HSTS)
			}
		})
	}
}

func sameHeaders(a, b http.Header) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !slices.Equal(v, b[k]) {
			return false
		}
	}
	return true
}
