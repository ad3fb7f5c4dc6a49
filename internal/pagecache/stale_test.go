package pagecache_test

import (
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/pagecache"
)

// TestMarkAllStaleKeepsServingWhenRenderFails: pages marked stale (a node that lost its
// invalidation channel) are rendered afresh when that works, and served as they were when the
// render fails, instead of an error.
func TestMarkAllStaleKeepsServingWhenRenderFails(t *testing.T) {
	var down atomic.Bool
	var renders atomic.Int64
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		renders.Add(1)
		if down.Load() {
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, "away")
			return
		}
		io.WriteString(w, "<p>fresh "+r.URL.Path+"</p>")
	})
	c := pagecache.New(1<<20, time.Minute)
	h := c.Wrap(next)
	get(t, h, "/a", nil)
	get(t, h, "/b", nil)
	c.MarkAllStale()
	if c.Len() != 2 {
		t.Fatalf("MarkAllStale dropped pages: %d left", c.Len())
	}
	down.Store(true)
	r := get(t, h, "/a", nil)
	body, _ := io.ReadAll(r.Body)
	if r.StatusCode != 200 || r.Header.Get("X-Cache") != "STALE" || string(body) != "<p>fresh /a</p>" {
		t.Fatalf("stale page while rendering fails = %d %q %q", r.StatusCode, r.Header.Get("X-Cache"), body)
	}
	// Served again without a render for a while: readers of a hot page do not each wait.
	n := renders.Load()
	if r := get(t, h, "/a", nil); r.StatusCode != 200 || renders.Load() != n {
		t.Fatalf("second request = %d after %d renders, want 200 with no render", r.StatusCode, renders.Load()-n)
	}
	// A page never cached has nothing to fall back on.
	if r := get(t, h, "/c", nil); r.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("uncached page while rendering fails = %d", r.StatusCode)
	}
	down.Store(false)
	if r := get(t, h, "/b", nil); r.Header.Get("X-Cache") != "MISS" {
		t.Fatalf("stale page with rendering back = %q, want a fresh render", r.Header.Get("X-Cache"))
	}
	if r := get(t, h, "/b", nil); r.Header.Get("X-Cache") != "HIT" {
		t.Fatalf("after its fresh render = %q, want HIT", r.Header.Get("X-Cache"))
	}
}
