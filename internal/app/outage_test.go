package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/testkit"
)

// TestServesThroughPostgresOutage runs a node whose PostgreSQL is reached through a proxy the
// test cuts (as a restart does) and then black-holes (as a silent network does): cached pages
// keep answering 200 under load, uncached ones answer a clear 503 with Retry-After instead of
// hanging, /readyz says the database fails, and everything comes back without a restart.
func TestServesThroughPostgresOutage(t *testing.T) {
	raw := dbtest.NewPostgresSchema(t)
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	proxy := testkit.StartProxy(t, u.Host)
	u.Host = proxy.Addr()
	q := u.Query()
	q.Set("connect_timeout", "2")
	u.RawQuery = q.Encode()

	cfg := emptyConfig(t)
	cfg.Migrate = true
	cfg.DatabaseURL = u.String()
	cfg.QueryTimeout = 2 * time.Second
	cfg.TxTimeout = 3 * time.Second
	var logs testkit.LogBuffer
	defer func() {
		if t.Failed() {
			t.Log(logs.String())
		}
	}()
	a, err := app.New(context.Background(), cfg, logs.Logger(slog.LevelInfo))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	base := testkit.Serve(context.Background(), t, a.ServeListener)
	// The client's own deadline is the hang detector: every answer must come well before it.
	client := &http.Client{Timeout: 20 * time.Second}
	get := func(path string) (*http.Response, string) {
		t.Helper()
		resp, err := client.Get(base + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp, string(b)
	}
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		deadline := time.Now().Add(60 * time.Second)
		for !ok() {
			if time.Now().After(deadline) {
				t.Fatalf("still not %s after a minute", what)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	status := func(path string) func() bool {
		return func() bool { r, _ := get(path); return r.StatusCode == 200 }
	}
	for _, p := range []string{"/", "/"} {
		if r, _ := get(p); r.StatusCode != 200 {
			t.Fatalf("GET %s = %d before the outage", p, r.StatusCode)
		}
	}
	start := time.Now()
	phase := func(what string) { t.Logf("%s at %s", what, time.Since(start).Round(time.Millisecond)) }
	// load reads the cached home page from several readers at once while the database is away.
	load := func() {
		t.Helper()
		var wg sync.WaitGroup
		var mu sync.Mutex
		bad := map[int]int{}
		for range 4 {
			wg.Go(func() {
				for range 25 {
					resp, err := client.Get(base + "/")
					code := 0
					if err == nil {
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						code = resp.StatusCode
					}
					if code != 200 {
						mu.Lock()
						bad[code]++
						mu.Unlock()
					}
				}
			})
		}
		wg.Wait()
		if len(bad) > 0 {
			t.Errorf("cached page under load during the outage: statuses other than 200: %v", bad)
		}
	}
	outage := func(name, uncached string) {
		t.Helper()
		load()
		phase(name + ": load done")
		r, body := get(uncached)
		phase(name + ": uncached answered")
		if r.StatusCode != http.StatusServiceUnavailable || r.Header.Get("Retry-After") == "" ||
			!strings.Contains(r.Header.Get("Cache-Control"), "max-age=5") || !strings.Contains(body, "Temporarily unavailable") && !strings.Contains(body, "সাময়িকভাৱে উপলব্ধ নহয়") {
			t.Errorf("%s: uncached %s = %d Retry-After %q Cache-Control %q, want a 503 page: %s", name, uncached,
				r.StatusCode, r.Header.Get("Retry-After"), r.Header.Get("Cache-Control"), body)
		}
		resp, err := client.PostForm(base+"/newsroom/login", url.Values{"email": {"a@example.org"}, "password": {"whatever it is"}})
		if err != nil {
			t.Fatalf("%s: login: %v", name, err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusServiceUnavailable {
			t.Errorf("%s: login while the database is away = %d, want 503", name, resp.StatusCode)
		}
		r, body = get("/readyz")
		if r.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "database: failing") {
			t.Errorf("%s: readyz = %d %q", name, r.StatusCode, body)
		}
	}

	proxy.Cut()
	outage("cut", "/as/")
	proxy.Restore()
	waitFor("serving /as/ after the cut", status("/as/"))
	waitFor("ready after the cut", status("/readyz"))
	// The listener lost its connection: once back it has every page rendered afresh.
	waitFor("home page revalidated after the listener reconnected", func() bool {
		r, _ := get("/")
		return r.Header.Get("X-Cache") == "MISS"
	})
	phase("recovered from the cut")

	// A search always reads the database. (A page made only of what the site keeps, such as
	// /contact once the home page has been rendered, is served through the outage.)
	proxy.BlackHole()
	outage("black hole", "/search?q=flood")
	phase("black hole answered")
	proxy.Restore()
	waitFor("serving a search after the black hole", status("/search?q=flood"))
	waitFor("ready after the black hole", status("/readyz"))
	phase("recovered from the black hole")
}
