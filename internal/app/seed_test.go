package app_test

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
)

// TestSeedCommand seeds a small synthetic newspaper on each database, twice (a second run adds
// to the first, reusing its sections, tags, authors and pictures), and reads its pages.
func TestSeedCommand(t *testing.T) {
	for name, mk := range configs(t) {
		t.Run(name, func(t *testing.T) {
			cfg := mk(t)
			args := []string{"seed", "--migrate", "--data", cfg.DataDir, "--articles", "120"}
			if cfg.DatabaseURL != "" {
				args = append(args, "--database-url", cfg.DatabaseURL)
			}
			for round := 1; round <= 2; round++ {
				out, _, err := run(t, "", append(args, "--seed", fmt.Sprint(round))...)
				if err != nil || !strings.Contains(out, "added 120 stories") {
					t.Fatalf("seed round %d: %q %v", round, out, err)
				}
			}
			if _, _, err := run(t, "", "seed", "--data", cfg.DataDir, "--articles", "0"); err == nil {
				t.Fatal("--articles 0 accepted")
			}
			ctx := context.Background()
			a, err := app.New(ctx, cfg, quiet)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			count := func(q string) int {
				t.Helper()
				var n int
				if err := a.DB.QueryRow(ctx, q).Scan(&n); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
				return n
			}
			if n := count("SELECT COUNT(*) FROM stories"); n != 240 {
				t.Errorf("stories = %d, want 240", n)
			}
			eds := count("SELECT COUNT(*) FROM editions WHERE status = 'published'")
			if eds <= 240 || eds >= 480 || count("SELECT COUNT(*) FROM revisions") != eds {
				t.Errorf("published editions = %d with %d revisions, want between 240 and 480, one revision each", eds, count("SELECT COUNT(*) FROM revisions"))
			}
			for _, lang := range []string{"en", "as"} {
				if n := count("SELECT COUNT(*) FROM editions WHERE lang = '" + lang + "'"); n < 100 {
					t.Errorf("%s editions = %d, want most stories", lang, n)
				}
			}
			if n := count("SELECT COUNT(*) FROM comments WHERE status = 'approved'"); n < 40 {
				t.Errorf("approved comments = %d", n)
			}
			if n := count("SELECT COUNT(*) FROM comments WHERE parent_id IS NOT NULL"); n == 0 {
				t.Error("no replies among the comments")
			}
			if n := count("SELECT COUNT(*) FROM media"); n > 20 {
				t.Errorf("media rows = %d: pictures are not shared", n)
			}
			if n := count("SELECT COUNT(*) FROM authors"); n != 30 {
				t.Errorf("authors = %d, want 30 (kept across runs)", n)
			}
			if n := count("SELECT COUNT(*) FROM editions WHERE image_id IS NOT NULL"); n == 0 {
				t.Error("no edition has a picture")
			}

			srv := httptest.NewServer(a.Handler())
			defer srv.Close()
			get := func(path string) string {
				t.Helper()
				res, err := http.Get(srv.URL + path)
				if err != nil {
					t.Fatal(err)
				}
				defer res.Body.Close()
				body, _ := io.ReadAll(res.Body)
				if res.StatusCode != http.StatusOK {
					t.Fatalf("GET %s = %d", path, res.StatusCode)
				}
				return string(body)
			}
			newest, err := a.News.Published(ctx, news.Filter{Lang: locale.Assamese}, 1, 0)
			if err != nil || len(newest) != 1 {
				t.Fatalf("newest Assamese story: %v %v", newest, err)
			}
			page := get(fmt.Sprintf("/as/news/%d/%s", newest[0].StoryID, newest[0].Slug))
			if !strings.Contains(page, html.EscapeString(newest[0].Headline)) || !strings.Contains(page, "ৰ") {
				t.Errorf("Assamese article page lacks its headline %q", newest[0].Headline)
			}
			home := get("/")
			en, err := a.News.Published(ctx, news.Filter{Lang: locale.English}, 1, 0)
			if err != nil || len(en) != 1 || !strings.Contains(home, html.EscapeString(en[0].Headline)) {
				t.Errorf("home page lacks the newest English story: %v", err)
			}
			get(fmt.Sprintf("/news/%d/%s", en[0].StoryID, en[0].Slug))
			get("/section/assam?page=2")
			get("/as/section/sports")
			get("/tag/guwahati")
			get("/author/priyanka-saikia")
			get("/author/priyanka-saikia?utm_source=x")

			// The metrics saw the requests by route, the cache's hit and its pages.
			rec := httptest.NewRecorder()
			a.MetricsHandler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
			for _, want := range []string{`batori_http_requests_total{code="200",route="GET /author/{slug}"} 2`,
				"batori_page_cache_hits_total 1", "batori_outbox_backlog 0", "batori_db_connections_open"} {
				if !strings.Contains(rec.Body.String(), want) {
					t.Errorf("metrics lack %q", want)
				}
			}
		})
	}
}
