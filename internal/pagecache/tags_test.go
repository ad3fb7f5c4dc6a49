package pagecache_test

import (
	"io"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/pagecache"
)

// tagged answers every path with a page tagged as the query's t says (?t=a,b), counting
// renders per path.
func tagged(renders map[string]*atomic.Int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		renders[r.URL.Path].Add(1)
		if t := r.URL.Query().Get("t"); t != "" {
			pagecache.Tag(w, strings.Split(t, ",")...)
		}
		io.WriteString(w, "page "+r.URL.Path)
	})
}

// unwrapper is a middleware's writer that hides the cache's recorder behind Unwrap.
type unwrapper struct{ http.ResponseWriter }

func (u unwrapper) Unwrap() http.ResponseWriter { return u.ResponseWriter }

func TestInvalidateDropsOnlyTaggedPages(t *testing.T) {
	renders := map[string]*atomic.Int64{"/story": {}, "/home-en": {}, "/home-as": {}, "/plain": {}}
	c := pagecache.New(1<<20, time.Minute)
	inner := tagged(renders)
	h := c.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { inner.ServeHTTP(unwrapper{w}, r) }), pagecache.Param{Name: "t"})
	paths := map[string]string{
		"/story":   "/story?t=story:12",
		"/home-en": "/home-en?t=home:en,card:12:en",
		"/home-as": "/home-as?t=home:as,card:7:as",
		"/plain":   "/plain",
	}
	load := func() {
		for _, p := range paths {
			get(t, h, p, nil)
		}
	}
	want := func(counts map[string]int64) {
		t.Helper()
		for p, n := range counts {
			if got := renders[p].Load(); got != n {
				t.Errorf("%s rendered %d times, want %d", p, got, n)
			}
		}
	}
	load()
	load()
	want(map[string]int64{"/story": 1, "/home-en": 1, "/home-as": 1, "/plain": 1})

	c.Invalidate("story:12", "card:12:en")
	load()
	want(map[string]int64{"/story": 2, "/home-en": 2, "/home-as": 1, "/plain": 1})

	c.Invalidate("nothing:here")
	load()
	want(map[string]int64{"/story": 2, "/home-en": 2, "/home-as": 1, "/plain": 1})

	c.Invalidate(pagecache.All)
	load()
	want(map[string]int64{"/story": 3, "/home-en": 3, "/home-as": 2, "/plain": 2})
	if c.Len() != 4 {
		t.Fatalf("%d pages cached, want 4", c.Len())
	}
}

// A render that began before its tag was invalidated is served but not kept; one whose tags
// were left alone is kept.
func TestRenderRacingAnInvalidationIsNotStored(t *testing.T) {
	c := pagecache.New(1<<20, time.Minute)
	var n atomic.Int64
	h := c.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		pagecache.Tag(w, r.URL.Query().Get("t"))
		if r.URL.Query().Get("during") != "" {
			c.Invalidate(r.URL.Query().Get("during"))
		}
		io.WriteString(w, "page")
	}), pagecache.Param{Name: "t"}, pagecache.Param{Name: "during"})
	get(t, h, "/a?t=story:1&during=story:1", nil)
	get(t, h, "/a?t=story:1&during=story:1", nil)
	if n.Load() != 2 {
		t.Fatalf("a page invalidated while rendering was stored (%d renders)", n.Load())
	}
	get(t, h, "/b?t=story:2&during=story:3", nil)
	get(t, h, "/b?t=story:2&during=story:3", nil)
	if n.Load() != 3 {
		t.Fatalf("an unrelated invalidation kept a page out of the cache (%d renders)", n.Load())
	}
}

func TestBroadcastCarriesTags(t *testing.T) {
	c := pagecache.New(1<<20, time.Minute)
	var sent [][]string
	c.SetBroadcast(func(tags []string) { sent = append(sent, tags) })
	c.Invalidate("story:1", "home:en")
	c.InvalidateLocal("story:2") // a notice from another node goes no further
	c.Purge()
	got := make([]string, len(sent))
	for i, tags := range sent {
		got[i] = strings.Join(tags, ",")
	}
	if !slices.Equal(got, []string{"story:1,home:en", pagecache.All}) {
		t.Fatalf("broadcast %q", got)
	}
}

// OnInvalidate hears every local invalidation, those another node sent included, and a
// marking of every page stale as All, so in-memory copies elsewhere follow the cache.
func TestOnInvalidateHearsEveryInvalidation(t *testing.T) {
	c := pagecache.New(1<<20, time.Minute)
	var heard [][]string
	c.OnInvalidate(func(tags []string) { heard = append(heard, slices.Clone(tags)) })
	c.Invalidate("story:1")
	c.InvalidateLocal("home:en", "card:1:en")
	c.Purge()
	c.MarkAllStale()
	want := [][]string{{"story:1"}, {"home:en", "card:1:en"}, {pagecache.All}, {pagecache.All}}
	if !slices.EqualFunc(heard, want, slices.Equal) {
		t.Fatalf("heard %q, want %q", heard, want)
	}
}
