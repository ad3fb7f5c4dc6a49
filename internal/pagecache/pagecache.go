// Package pagecache keeps rendered reader pages in memory, with their gzip form, so that an
// anonymous reader's request costs a map lookup instead of a render and a dozen queries.
//
// Pages carry tags saying what they show ("story:12", "home:en"); a change drops the pages
// with its tags and leaves the rest (see Tag and Invalidate).
package pagecache

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/batori-news/batori/internal/web"
)

// Cache holds rendered pages keyed by host, path and query.
type Cache struct {
	ttl time.Duration
	max int
	now func() time.Time

	mu      sync.RWMutex
	entries map[string]*entry
	// byTag lists the keys of the pages carrying each tag.
	byTag map[string]map[string]struct{}
	// gen moves on every invalidation; tagGen holds the gen at which each tag was last
	// invalidated and floor the last gen at which everything was. A render that began
	// before an invalidation of one of its tags is not stored after it.
	gen    uint64
	floor  uint64
	tagGen map[string]uint64
	// broadcast tells the other nodes of an invalidation; nil on a single node.
	broadcast func(tags []string)
}

// All invalidates every page: Invalidate(All) empties the cache.
const All = "*"

// maxTagGens bounds the memory of recent tag invalidations; past it the cache forgets them and
// refuses every render then in flight, which is merely conservative.
const maxTagGens = 4096

type entry struct {
	status   int
	header   http.Header
	body     []byte
	gzip     []byte
	etag     string
	modified time.Time
	expires  time.Time
	tags     []string
}

// New returns a cache of at most max pages, each kept for ttl. Relative times ("5 minutes
// ago") on pages bound how long ttl may be.
func New(max int, ttl time.Duration) *Cache {
	return &Cache{ttl: ttl, max: max, now: time.Now, entries: map[string]*entry{},
		byTag: map[string]map[string]struct{}{}, tagGen: map[string]uint64{}}
}

// SetBroadcast makes Invalidate also call fn with the tags, which tells the other nodes
// sharing the database.
func (c *Cache) SetBroadcast(fn func(tags []string)) {
	c.mu.Lock()
	c.broadcast = fn
	c.mu.Unlock()
}

// Tag declares, while a handler behind Wrap renders, what the page shows: the page is dropped
// when any of tags is invalidated. w is the writer the handler was given (or one wrapping it
// with an Unwrap method); outside the cache Tag does nothing.
func Tag(w http.ResponseWriter, tags ...string) {
	for {
		switch v := w.(type) {
		case *recorder:
			v.tags = append(v.tags, tags...)
			return
		case interface{ Unwrap() http.ResponseWriter }:
			w = v.Unwrap()
		default:
			return
		}
	}
}

// Invalidate drops the pages carrying any of tags (every page for All), here and, with a
// broadcast set, on every other node.
func (c *Cache) Invalidate(tags ...string) {
	if len(tags) == 0 {
		return
	}
	c.InvalidateLocal(tags...)
	c.mu.RLock()
	fn := c.broadcast
	c.mu.RUnlock()
	if fn != nil {
		fn(tags)
	}
}

// InvalidateLocal drops the pages of this node only that carry any of tags: what a node does
// when another one tells it what changed.
func (c *Cache) InvalidateLocal(tags ...string) {
	if len(tags) == 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	if slices.Contains(tags, All) || len(c.tagGen)+len(tags) > maxTagGens {
		c.entries = map[string]*entry{}
		c.byTag = map[string]map[string]struct{}{}
		c.tagGen = map[string]uint64{}
		c.floor = c.gen
		return
	}
	for _, t := range tags {
		c.tagGen[t] = c.gen
		for key := range c.byTag[t] {
			c.drop(key)
		}
	}
}

// MarkAllStale keeps every page but makes the next request for each render it afresh: what a
// node does when it may have missed invalidations (its notice channel was down) and must not
// throw away what it can still serve. A render in flight is not stored, and a page whose
// fresh render fails is still served (see Wrap).
func (c *Cache) MarkAllStale() {
	now := c.now()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.floor = c.gen
	for k, e := range c.entries {
		if e.expires.After(now) {
			stale := *e
			stale.expires = now
			c.entries[k] = &stale
		}
	}
}

// staleRetry is how long a stale page served because its render failed is served without
// trying again, so that readers of a hot page do not each wait on a database that is away.
const staleRetry = 5 * time.Second

// maxStale is how old a page may be and still be served when its render fails.
const maxStale = 24 * time.Hour

// Purge drops every page, here and on every other node.
func (c *Cache) Purge() { c.Invalidate(All) }

// PurgeLocal drops every page of this node only.
func (c *Cache) PurgeLocal() { c.InvalidateLocal(All) }

// drop removes the page at key and its place in the tag index; c.mu is held.
func (c *Cache) drop(key string) {
	e, ok := c.entries[key]
	if !ok {
		return
	}
	delete(c.entries, key)
	for _, t := range e.tags {
		if keys := c.byTag[t]; keys != nil {
			delete(keys, key)
			if len(keys) == 0 {
				delete(c.byTag, t)
			}
		}
	}
}

// Len reports how many pages are cached.
func (c *Cache) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.entries)
}

// Wrap serves GET and HEAD requests for next from the cache, rendering and storing pages that
// next answers with 200 and a cacheable Cache-Control.
func (c *Cache) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead || r.Header.Get("Authorization") != "" {
			next.ServeHTTP(w, r)
			return
		}
		// Path and query only: pages never depend on the Host header (links come from the
		// one origin), so a forged host cannot multiply entries.
		key := r.URL.RequestURI()
		now := c.now()
		c.mu.RLock()
		e, ok := c.entries[key]
		gen := c.gen
		c.mu.RUnlock()
		if ok && now.Before(e.expires) {
			c.serve(w, r, e, "HIT")
			return
		}
		rec := &recorder{header: http.Header{}}
		next.ServeHTTP(rec, r)
		if ok && rec.status >= 500 && now.Sub(e.expires) < maxStale {
			// The page cannot be rendered now (the database is away): the last good copy
			// is better than an error, and is tried again after a short while.
			c.retryLater(key, e, now)
			c.serve(w, r, e, "STALE")
			return
		}
		if !cacheable(rec) {
			rec.flushTo(w)
			return
		}
		e = c.store(key, gen, rec, now)
		c.serve(w, r, e, "MISS")
	})
}

// retryLater keeps serving e, a stale page whose render failed, for staleRetry.
func (c *Cache) retryLater(key string, e *entry, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries[key] != e {
		return // dropped or replaced meanwhile
	}
	again := *e
	again.expires = now.Add(staleRetry)
	c.entries[key] = &again
}

func cacheable(rec *recorder) bool {
	if rec.status != http.StatusOK {
		return false
	}
	cc := rec.header.Get("Cache-Control")
	return !strings.Contains(cc, "no-store") && !strings.Contains(cc, "private") && rec.header.Get("Set-Cookie") == "" &&
		rec.header.Get("Content-Encoding") == ""
}

func (c *Cache) store(key string, gen uint64, rec *recorder, now time.Time) *entry {
	sum := sha256.Sum256(rec.body.Bytes())
	e := &entry{
		status:   rec.status,
		header:   rec.header,
		body:     rec.body.Bytes(),
		etag:     `"` + hex.EncodeToString(sum[:10]) + `"`,
		modified: now.UTC().Truncate(time.Second),
		expires:  now.Add(c.ttl),
		tags:     slices.Compact(slices.Sorted(slices.Values(rec.tags))),
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed+4)
	zw.Write(e.body)
	zw.Close()
	e.gzip = buf.Bytes()
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen < c.floor {
		return e // content changed while rendering: serve this once, keep nothing
	}
	for _, t := range e.tags {
		if c.tagGen[t] > gen {
			return e
		}
	}
	c.drop(key)
	if len(c.entries) >= c.max {
		c.evict(now)
	}
	c.entries[key] = e
	for _, t := range e.tags {
		if c.byTag[t] == nil {
			c.byTag[t] = map[string]struct{}{}
		}
		c.byTag[t][key] = struct{}{}
	}
	return e
}

// evict drops expired pages and, if that is not enough, arbitrary ones down to three
// quarters of the limit; map order is random enough for a cache this simple.
func (c *Cache) evict(now time.Time) {
	for k, e := range c.entries {
		if now.After(e.expires) {
			c.drop(k)
		}
	}
	for k := range c.entries {
		if len(c.entries) <= c.max*3/4 {
			break
		}
		c.drop(k)
	}
}

func (c *Cache) serve(w http.ResponseWriter, r *http.Request, e *entry, state string) {
	h := w.Header()
	for k, v := range e.header {
		h[k] = v
	}
	h.Set("ETag", e.etag)
	h.Set("Last-Modified", e.modified.Format(http.TimeFormat))
	h.Add("Vary", "Accept-Encoding")
	h.Set("X-Cache", state)
	if h.Get("Cache-Control") == "" {
		// Browsers revalidate; a CDN may serve a minute-old copy and refresh it in the background.
		h.Set("Cache-Control", "public, max-age=0, s-maxage="+strconv.Itoa(int(c.ttl.Seconds()))+", stale-while-revalidate=300")
	}
	if notModified(r, e) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := e.body
	if web.AcceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		body = e.gzip
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(e.status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// notModified reports whether the client's copy is e: by ETag when it sends one, else by
// date (feed readers often keep only Last-Modified), as RFC 9110 orders the two.
func notModified(r *http.Request, e *entry) bool {
	if match := r.Header.Get("If-None-Match"); match != "" {
		return etagMatches(match, e.etag)
	}
	since, err := http.ParseTime(r.Header.Get("If-Modified-Since"))
	return err == nil && !e.modified.After(since)
}

func etagMatches(header, etag string) bool {
	for _, part := range strings.Split(header, ",") {
		part = strings.TrimPrefix(strings.TrimSpace(part), "W/")
		if part == etag || part == "*" {
			return true
		}
	}
	return false
}

// recorder buffers a response so it can be stored before it is sent.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
	tags   []string
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

func (r *recorder) flushTo(w http.ResponseWriter) {
	h := w.Header()
	for k, v := range r.header {
		h[k] = v
	}
	if r.status == 0 {
		r.status = http.StatusOK
	}
	w.WriteHeader(r.status)
	w.Write(r.body.Bytes())
}
