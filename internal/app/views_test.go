package app_test

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/testkit"
	"github.com/batori-news/batori/internal/views"
)

var beaconSrc = regexp.MustCompile(`<img class="view-beacon" src="([^"]+)"`)

// Readers' views reach the database when the server shuts down gracefully, long before the
// next periodic flush; with two nodes on one PostgreSQL both nodes' views add up.
func TestViewsFlushedAtShutdown(t *testing.T) {
	for name, mk := range configs(t) {
		t.Run(name, func(t *testing.T) {
			cfg := mk(t)
			cfg.Migrate, cfg.Demo = true, true
			nodes := 1
			if cfg.DatabaseURL != "" {
				nodes = 2
			}
			ctx := context.Background()
			var apps []*app.App
			for range nodes {
				a, err := app.New(ctx, cfg, quiet)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { a.Close() })
				apps = append(apps, a)
			}
			list, err := apps[0].News.Published(ctx, news.Filter{Lang: locale.English}, 1, 0)
			if err != nil || len(list) == 0 {
				t.Fatalf("no demo story: %v", err)
			}
			story := list[0]
			const perNode = 3
			for _, a := range apps {
				ln := testkit.Listen(t)
				sctx, stop := context.WithCancel(ctx)
				done := make(chan error, 1)
				go func() { done <- a.ServeListener(sctx, ln) }()
				base := "http://" + ln.Addr().String()
				for range perNode {
					readArticle(t, base, "/news/"+strconv.FormatInt(story.StoryID, 10)+"/"+story.Slug)
				}
				if a.ViewCounter.Pending() != perNode {
					t.Fatalf("%d views pending before shutdown, want %d", a.ViewCounter.Pending(), perNode)
				}
				stop()
				if err := <-done; err != nil {
					t.Fatalf("shutdown: %v", err)
				}
				if n := a.ViewCounter.Pending(); n != 0 {
					t.Errorf("%d views still in memory after shutdown", n)
				}
			}
			tallies, err := apps[0].Views.Tallies(ctx, []int64{story.StoryID}, time.Now())
			if err != nil {
				t.Fatal(err)
			}
			if got := tallies[views.Edition{StoryID: story.StoryID, Lang: locale.English}].Total; got != int64(perNode*nodes) {
				t.Errorf("%d views stored, want %d", got, perNode*nodes)
			}
		})
	}
}

// readArticle loads an article page and its view beacon as a browser does.
func readArticle(t *testing.T, base, path string) {
	t.Helper()
	body := viewsGet(t, base+path, nil)
	m := beaconSrc.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("%s has no view beacon", path)
	}
	viewsGet(t, base+m[1], map[string]string{"Sec-Fetch-Site": "same-origin"})
}

func viewsGet(t *testing.T, url string, header map[string]string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	req.Header.Set("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d", url, resp.StatusCode)
	}
	return string(b)
}
