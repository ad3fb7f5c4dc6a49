package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/site"
	"github.com/batori-news/batori/internal/testkit"
)

// TestPurgeReachesEveryNode runs two nodes on one PostgreSQL: a purge on one must empty the
// other's page cache too, as publishing on one node must show on all.
func TestPurgeReachesEveryNode(t *testing.T) {
	cfg := emptyConfig(t)
	cfg.DatabaseURL = dbtest.NewPostgresSchema(t)
	cfg.Migrate = true
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var nodes []*app.App
	var urls []string
	for range 2 {
		a, err := app.New(ctx, cfg, quiet)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		nodes = append(nodes, a)
		urls = append(urls, testkit.Serve(ctx, t, a.ServeListener))
	}
	cacheState := func(url string) string {
		resp, err := http.Get(url + "/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.Header.Get("X-Cache")
	}
	// Fill node 1's cache, then purge on node 0 until node 1 renders afresh. The listener may
	// need a moment to connect, so purge again on each try.
	deadline := time.Now().Add(15 * time.Second)
	for {
		cacheState(urls[1])
		if cacheState(urls[1]) != "HIT" {
			t.Fatal("node 1 does not cache its home page")
		}
		nodes[0].Pages.Purge()
		purged := false
		for end := time.Now().Add(2 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
			if nodes[1].Pages.Len() == 0 {
				purged = true
				break
			}
		}
		if purged {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("a purge on node 0 never reached node 1")
		}
	}
	if got := cacheState(urls[1]); got != "MISS" {
		t.Fatalf("node 1 after purge: X-Cache %q, want MISS", got)
	}

	// A tag invalidation on node 0 drops the same pages on node 1, and only those.
	state := func(path string) string {
		resp, err := http.Get(urls[1] + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.Header.Get("X-Cache")
	}
	for _, p := range []string{"/", "/as/"} {
		state(p)
		if state(p) != "HIT" {
			t.Fatalf("node 1 does not cache %s", p)
		}
	}
	nodes[0].Pages.Invalidate(site.HomeTag(locale.English))
	for end := time.Now().Add(5 * time.Second); nodes[1].Pages.Len() != 1; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("node 1 holds %d pages after the English home page was invalidated on node 0, want 1", nodes[1].Pages.Len())
		}
	}
	if got := state("/as/"); got != "HIT" {
		t.Errorf("node 1's Assamese home page: X-Cache %q, want HIT", got)
	}
	if got := state("/"); got != "MISS" {
		t.Errorf("node 1's English home page: X-Cache %q, want MISS", got)
	}
}

// TestKeptMenusFollowEveryNode: the settings and sections every page shows are kept in memory
// on each node; a change on one node reaches the other's pages through the same notices, with
// the page cache off so nothing but the kept copies could hide it.
func TestKeptMenusFollowEveryNode(t *testing.T) {
	cfg := emptyConfig(t)
	cfg.DatabaseURL = dbtest.NewPostgresSchema(t)
	cfg.Migrate = true
	cfg.PageCacheMB = -1
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var nodes []*app.App
	var urls []string
	for range 2 {
		a, err := app.New(ctx, cfg, quiet)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		nodes = append(nodes, a)
		urls = append(urls, testkit.Serve(ctx, t, a.ServeListener))
	}
	home := func() string {
		resp, err := http.Get(urls[1] + "/")
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	home() // node 1 reads and keeps its settings and sections
	// The listener may need a moment to connect: change again on each try.
	deadline := time.Now().Add(15 * time.Second)
	for i := 0; ; i++ {
		name := fmt.Sprintf("Tea Gardens %d", i)
		if _, err := nodes[0].News.CreateSection(ctx, news.SectionInput{Slug: fmt.Sprintf("tea-%d", i), Name: news.Names{EN: name, AS: "চাহ বাগান"}, Position: i + 1}); err != nil {
			t.Fatal(err)
		}
		site, err := nodes[0].Settings.Site(ctx)
		if err != nil {
			t.Fatal(err)
		}
		site.NameEN = fmt.Sprintf("Morning Star %d", i)
		if err := nodes[0].Settings.SaveSite(ctx, site); err != nil {
			t.Fatal(err)
		}
		shown := false
		for end := time.Now().Add(2 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
			if page := home(); strings.Contains(page, name) && strings.Contains(page, site.NameEN) {
				shown = true
				break
			}
		}
		if shown {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("a section and a site name made on node 0 never showed on node 1")
		}
	}
}
