// Package pagecache keeps rendered reader pages in memory, with their gzip and brotli forms
// made once, so that an anonymous reader's request costs a map lookup instead of a render and
// a dozen queries.
//
// A page's key is its path and the query parameters its route declares (Param), validated;
// any other parameter is left out of the key and hidden from the handler, so `?r=1`, `?r=2`…
// cannot multiply entries or renders. The cache is bounded in bytes and drops the least
// recently used pages first. Concurrent misses for one page render it once; an expired page
// is served, for a while, to everyone but the one request that renders it again.
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
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/andybalholm/brotli"
	"golang.org/x/sync/singleflight"
)

// Cache holds rendered pages keyed by path and declared query parameters.
type Cache struct {
	ttl, stale time.Duration
	maxBytes   int64
	now        func() time.Time
	// cacheControl is what pages without their own Cache-Control are sent with.
	cacheControl []string

	flight singleflight.Group
	gzips  sync.Pool // *gzip.Writer
	brs    sync.Pool // *brotli.Writer

	mu      sync.RWMutex
	entries map[string]*entry
	// head and tail are the most and least recently used pages; tick counts promotions, so a
	// hit moves its page to the front only when it has fallen out of the newest quarter.
	head, tail *entry
	tick       uint64
	bytes      int64
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
	// onInvalidate are told of every invalidation here (OnInvalidate).
	onInvalidate []func(tags []string)

	hits, stales, misses, evictions, invalidations atomic.Int64
}

// All invalidates every page: Invalidate(All) empties the cache.
const All = "*"

// maxTagGens bounds the memory of recent tag invalidations; past it the cache forgets them and
// refuses every render then in flight, which is merely conservative.
const maxTagGens = 4096

// Stale is how long after its time is up a page may still be served while one request
// renders it again; Cache-Control offers a CDN the same.
const Stale = 5 * time.Minute

// The encodings a page is kept in, in order of preference.
const (
	identity = iota
	gzipped
	brotlied
	encodings
)

var encodingName = [encodings]string{"", "gzip", "br"}

// entryOverhead approximates what a page costs beyond its bodies: the entry, its header sets,
// its place in the map and in the tag index.
const entryOverhead = 1024

type entry struct {
	key string
	// route is the pattern of the route that rendered the page (http.Request.Pattern), given
	// to requests Front answers so that metrics name their route.
	route string
	// params are the query parameters the route declares (Wrap's), so that a request for the
	// page with other parameters can be answered as Wrap would (ServeFast).
	params   []Param
	status   int
	bodies   [encodings][]byte
	headers  [encodings][]field
	notMod   [encodings][]field // the headers of a 304
	etags    [encodings]string
	modified time.Time
	// expires is when the page stops being fresh, in Unix nanoseconds; MarkAllStale and a
	// failed re-render move it while readers look.
	expires atomic.Int64
	tags    []string
	size    int64

	prev, next *entry
	tick       uint64
	// refreshing is set while one request renders the expired page again.
	refreshing atomic.Bool
}

// field is one precomputed response header; its value slice is never appended to in place
// (its capacity is its length), so it can be shared by every response.
type field struct {
	name  string
	value []string
}

// Param is a query parameter a cached route reads. Valid, when set, says whether a value is
// one the page can have; a request with any other value is redirected (301) to the page
// without it, so nonsense values cost no render.
type Param struct {
	Name  string
	Valid func(string) bool
}

// Number is a Param.Valid for page numbers and ids: 1 to 9 decimal digits, no leading zero.
func Number(v string) bool {
	if v == "" || len(v) > 9 || v[0] == '0' {
		return false
	}
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return false
		}
	}
	return true
}

// OneOf returns a Param.Valid accepting only the given values.
func OneOf(values ...string) func(string) bool {
	return func(v string) bool { return slices.Contains(values, v) }
}

// New returns a cache of pages holding at most maxBytes (bodies in every encoding and a
// little for bookkeeping), each fresh for ttl and served stale for up to Stale more while it
// is rendered again. Relative times ("5 minutes ago") on pages bound how long ttl may be. With
// maxBytes 0 nothing is stored and every request is rendered.
func New(maxBytes int64, ttl time.Duration) *Cache {
	return &Cache{ttl: ttl, stale: Stale, maxBytes: maxBytes, now: time.Now, entries: map[string]*entry{},
		byTag: map[string]map[string]struct{}{}, tagGen: map[string]uint64{},
		cacheControl: []string{"public, max-age=0, s-maxage=" + strconv.Itoa(int(ttl.Seconds())) +
			", stale-while-revalidate=" + strconv.Itoa(int(Stale.Seconds()))}}
}

// WithClock makes the cache read the time from now; for tests, before the cache is used.
func (c *Cache) WithClock(now func() time.Time) *Cache {
	c.now = now
	return c
}

// SetBroadcast makes Invalidate also call fn with the tags, which tells the other nodes
// sharing the database.
func (c *Cache) SetBroadcast(fn func(tags []string)) {
	c.mu.Lock()
	c.broadcast = fn
	c.mu.Unlock()
}

// OnInvalidate makes the cache call fn with the tags of every invalidation of this node's
// pages (from this node or another node's notice), and with All when every page is marked
// stale: what keeps other in-memory copies of what pages show (settings, sections, list
// counts) in step on every node. fn runs after the pages are dropped. Call it before the
// cache is used.
func (c *Cache) OnInvalidate(fn func(tags []string)) {
	c.mu.Lock()
	c.onInvalidate = append(c.onInvalidate, fn)
	c.mu.Unlock()
}

func (c *Cache) invalidated(tags []string) {
	c.mu.RLock()
	fns := c.onInvalidate
	c.mu.RUnlock()
	for _, fn := range fns {
		fn(tags)
	}
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
	c.invalidations.Add(1)
	defer c.invalidated(tags) // after the lock below is released
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	if slices.Contains(tags, All) || len(c.tagGen)+len(tags) > maxTagGens {
		c.entries = map[string]*entry{}
		c.byTag = map[string]map[string]struct{}{}
		c.tagGen = map[string]uint64{}
		c.head, c.tail, c.bytes = nil, nil, 0
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
	now := c.now().UnixNano()
	defer c.invalidated([]string{All})
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	c.floor = c.gen
	for _, e := range c.entries {
		if e.expires.Load() > now {
			e.expires.Store(now)
		}
	}
}

// staleRetry is how long a stale page served because its render failed is served without
// trying again, so that readers of a hot page do not each wait on a database that is away.
const staleRetry = 5 * time.Second

// maxStale is how old a page may be and still be served when its render fails.
const maxStale = 24 * time.Hour

// retryLater keeps serving e, a stale page whose render failed, for staleRetry.
func (c *Cache) retryLater(key string, e *entry, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries[key] == e {
		e.expires.Store(now.Add(staleRetry).UnixNano())
	}
}

// Purge drops every page, here and on every other node.
func (c *Cache) Purge() { c.Invalidate(All) }

// PurgeLocal drops every page of this node only.
func (c *Cache) PurgeLocal() { c.InvalidateLocal(All) }

// drop removes the page at key, its place in the recency list and in the tag index; c.mu is
// held.
func (c *Cache) drop(key string) {
	e, ok := c.entries[key]
	if !ok {
		return
	}
	delete(c.entries, key)
	c.unlink(e)
	c.bytes -= e.size
	for _, t := range e.tags {
		if keys := c.byTag[t]; keys != nil {
			delete(keys, key)
			if len(keys) == 0 {
				delete(c.byTag, t)
			}
		}
	}
}

func (c *Cache) unlink(e *entry) {
	if e.prev != nil {
		e.prev.next = e.next
	} else if c.head == e {
		c.head = e.next
	}
	if e.next != nil {
		e.next.prev = e.prev
	} else if c.tail == e {
		c.tail = e.prev
	}
	e.prev, e.next = nil, nil
}

func (c *Cache) pushFront(e *entry) {
	c.tick++
	e.tick = c.tick
	e.next = c.head
	if c.head != nil {
		c.head.prev = e
	}
	c.head = e
	if c.tail == nil {
		c.tail = e
	}
}

// Len reports how many pages are cached.
func (c *Cache) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.entries)
}

// Bytes reports how much the cached pages take, as counted against the limit.
func (c *Cache) Bytes() int64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.bytes
}

// Stats counts what the cache has done since it was made.
type Stats struct {
	Hits, Stale, Misses, Evictions, Invalidations int64
	Pages                                         int
	Bytes                                         int64
}

// Stats returns the cache's counters and size.
func (c *Cache) Stats() Stats {
	c.mu.RLock()
	n, b := len(c.entries), c.bytes
	c.mu.RUnlock()
	return Stats{Hits: c.hits.Load(), Stale: c.stales.Load(), Misses: c.misses.Load(), Evictions: c.evictions.Load(),
		Invalidations: c.invalidations.Load(), Pages: n, Bytes: b}
}

// lookup returns the page at key, moving it to the front when it has aged, and the current
// invalidation generation.
func (c *Cache) lookup(key string) (*entry, uint64) {
	c.mu.RLock()
	e := c.entries[key]
	gen := c.gen
	old := c.old(e)
	c.mu.RUnlock()
	if old {
		c.promote(e)
	}
	return e, gen
}

// old says whether a page found by a lookup has fallen out of the newest quarter, and so is
// to be moved to the front; the caller holds c.mu.
func (c *Cache) old(e *entry) bool {
	return e != nil && c.tick-e.tick > uint64(len(c.entries)/4)
}

// promote moves a page to the front, unless it was dropped or replaced meanwhile.
func (c *Cache) promote(e *entry) {
	c.mu.Lock()
	if c.entries[e.key] == e {
		c.unlink(e)
		c.pushFront(e)
	}
	c.mu.Unlock()
}

// Wrap serves GET and HEAD requests for next from the cache, rendering and storing pages that
// next answers with 200 and a cacheable Cache-Control. params are the query parameters next
// reads; others are removed from the request before next sees it.
func (c *Cache) Wrap(next http.Handler, params ...Param) http.Handler {
	if c == nil || c.maxBytes <= 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead || r.Header.Get("Authorization") != "" {
			next.ServeHTTP(w, r)
			return
		}
		query, ok := canonicalQuery(r.URL.RawQuery, params)
		// Path and declared parameters only: pages never depend on the Host header (links
		// come from the one origin), so a forged host cannot multiply entries either.
		key := r.URL.Path
		if query != "" {
			key += "?" + query
		}
		if !ok {
			// A value the page never has: off to the page without it, rendering nothing.
			// One leading slash: never a scheme-relative address to another host.
			target := "/" + strings.TrimLeft((&url.URL{Path: r.URL.Path}).EscapedPath(), "/")
			if query != "" {
				target += "?" + query
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
		now := c.now()
		e, gen := c.lookup(key)
		if e != nil {
			expires := time.Unix(0, e.expires.Load())
			if now.Before(expires) {
				c.hits.Add(1)
				c.serve(w, r, e, hit)
				return
			}
			if now.Before(expires.Add(c.stale)) {
				if !e.refreshing.CompareAndSwap(false, true) {
					c.stales.Add(1)
					c.serve(w, r, e, stale)
					return
				}
				defer e.refreshing.Store(false)
			}
		}
		c.misses.Add(1)
		if query != r.URL.RawQuery {
			// The handler sees the page's own parameters, so what it renders is what the
			// key names.
			r2 := new(http.Request)
			*r2 = *r
			u := *r.URL
			u.RawQuery = query
			r2.URL = &u
			r = r2
		}
		v, _, shared := c.flight.Do(key, func() (any, error) {
			rec := &recorder{header: http.Header{}}
			next.ServeHTTP(rec, r)
			if !cacheable(rec) {
				return rec, nil
			}
			return c.store(key, r.Pattern, params, gen, rec, now), nil
		})
		switch v := v.(type) {
		case *entry:
			c.serve(w, r, v, miss)
		case *recorder:
			if e != nil && v.status >= 500 && now.Sub(time.Unix(0, e.expires.Load())) < maxStale {
				// The page cannot be rendered now (the database is away): the last good copy
				// is better than an error, and is tried again after a short while.
				c.retryLater(key, e, now)
				c.serve(w, r, e, stale)
				return
			}
			if shared && !shareable(v) {
				// Meant for the request that rendered it only (a cookie, a private page).
				next.ServeHTTP(w, r)
				return
			}
			v.flushTo(w)
		}
	})
}

// Front answers, before next, a GET or HEAD request without a query string whose path is a
// fresh page in the cache, as Wrap would; everything else goes to next. Placed in front of
// the router and the middleware that only concern other requests (body limits, cross-origin
// checks of unsafe methods, the check of input bytes, which a stored path has passed), it
// spares a hit the route matching: its key is the path alone, and the page was stored by the
// route that path matches. Expired pages, pages with parameters and misses take the full way.
func (c *Cache) Front(next http.Handler) http.Handler {
	if c == nil || c.maxBytes <= 0 {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.RawQuery == "" && (r.Method == http.MethodGet || r.Method == http.MethodHead) && len(r.Header["Authorization"]) == 0 {
			if e, _ := c.lookup(r.URL.Path); e != nil && c.now().UnixNano() < e.expires.Load() {
				r.Pattern = e.route
				c.hits.Add(1)
				c.serve(w, r, e, hit)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// canonicalQuery keeps the declared parameters of raw, first value each, in declaration
// order; ok is false when a declared parameter has a value its route never has, which is
// then left out.
func canonicalQuery(raw string, params []Param) (query string, ok bool) {
	if raw == "" || len(params) == 0 {
		return "", true
	}
	ok = true
	var b strings.Builder
	for _, p := range params {
		v, found := lookupParam(raw, p.Name)
		if !found || v == "" {
			continue
		}
		if p.Valid != nil && !p.Valid(v) {
			ok = false
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(p.Name))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(v))
	}
	return b.String(), ok
}

// lookupParam finds the first value of name in a raw query without building a url.Values.
func lookupParam(raw, name string) (string, bool) {
	for raw != "" {
		var part string
		part, raw, _ = strings.Cut(raw, "&")
		k, v, _ := strings.Cut(part, "=")
		if k != name {
			if uk, err := url.QueryUnescape(k); err != nil || uk != name {
				continue
			}
		}
		uv, err := url.QueryUnescape(v)
		if err != nil {
			return "", false
		}
		return uv, true
	}
	return "", false
}

func cacheable(rec *recorder) bool {
	if rec.status != http.StatusOK {
		return false
	}
	cc := rec.header.Get("Cache-Control")
	return !strings.Contains(cc, "no-store") && !strings.Contains(cc, "private") && shareable(rec) &&
		rec.header.Get("Content-Encoding") == ""
}

// shareable says whether a response rendered for one request may answer others for the same
// page that waited on it.
func shareable(rec *recorder) bool {
	return rec.header.Get("Set-Cookie") == "" && !strings.Contains(rec.header.Get("Cache-Control"), "private")
}

func (c *Cache) store(key, route string, params []Param, gen uint64, rec *recorder, now time.Time) *entry {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	body := rec.body.Bytes()
	sum := sha256.Sum256(body)
	tag := hex.EncodeToString(sum[:10])
	e := &entry{
		key:      key,
		route:    route,
		params:   params,
		status:   rec.status,
		modified: now.UTC().Truncate(time.Second),
		tags:     slices.Compact(slices.Sorted(slices.Values(rec.tags))),
	}
	e.expires.Store(now.Add(c.ttl).UnixNano())
	e.bodies[identity] = body
	e.bodies[gzipped] = c.gzip(body)
	e.bodies[brotlied] = c.brotli(body)
	e.etags = [encodings]string{`"` + tag + `"`, `"` + tag + `-gz"`, `"` + tag + `-br"`}
	modified := []string{e.modified.Format(http.TimeFormat)}
	for enc := range encodings {
		var hs []field
		for k, v := range rec.header {
			if k == "Vary" || k == "Content-Length" {
				continue
			}
			hs = append(hs, field{k, slices.Clip(slices.Clone(v))})
		}
		if rec.header.Get("Cache-Control") == "" {
			hs = append(hs, field{"Cache-Control", c.cacheControl})
		}
		vary := slices.Clip(append(slices.Clone(rec.header.Values("Vary")), "Accept-Encoding"))
		etag := []string{e.etags[enc]}
		hs = append(hs, field{"Vary", vary}, field{"Etag", etag}, field{"Last-Modified", modified})
		// A 304 carries no body, so no type (net/http would drop it; other fronts must not send it).
		e.notMod[enc] = slices.DeleteFunc(slices.Clone(hs), func(f field) bool { return f.name == "Content-Type" })
		if enc != identity {
			hs = append(hs, field{"Content-Encoding", []string{encodingName[enc]}})
		}
		hs = append(hs, field{"Content-Length", []string{strconv.Itoa(len(e.bodies[enc]))}}, field{"X-Cache", stateValue[hit]})
		e.headers[enc] = slices.Clip(hs)
		e.size += int64(len(e.bodies[enc]))
	}
	e.size += int64(len(key)+entryOverhead) + int64(len(e.tags))*64

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
	if e.size > c.maxBytes/4 {
		return e // one page must not push out a quarter of the others
	}
	c.drop(key)
	for c.tail != nil && c.bytes+e.size > c.maxBytes {
		c.drop(c.tail.key)
		c.evictions.Add(1)
	}
	c.entries[key] = e
	c.pushFront(e)
	c.bytes += e.size
	for _, t := range e.tags {
		if c.byTag[t] == nil {
			c.byTag[t] = map[string]struct{}{}
		}
		c.byTag[t][key] = struct{}{}
	}
	return e
}

// gzip and brotli compress a page once, when it is stored: levels 5 and 4 make bodies within a
// few percent of the smallest for a fraction of the time, which a miss waits for.
func (c *Cache) gzip(body []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(body) / 3)
	zw, _ := c.gzips.Get().(*gzip.Writer)
	if zw == nil {
		zw, _ = gzip.NewWriterLevel(&buf, 5)
	} else {
		zw.Reset(&buf)
	}
	zw.Write(body)
	zw.Close()
	c.gzips.Put(zw)
	return slices.Clip(buf.Bytes())
}

func (c *Cache) brotli(body []byte) []byte {
	var buf bytes.Buffer
	buf.Grow(len(body) / 3)
	bw, _ := c.brs.Get().(*brotli.Writer)
	if bw == nil {
		bw = brotli.NewWriterLevel(&buf, 4)
	} else {
		bw.Reset(&buf)
	}
	bw.Write(body)
	bw.Close()
	c.brs.Put(bw)
	return slices.Clip(buf.Bytes())
}

// The states of a served page: a hit, a page served stale while another request renders it,
// a render.
const (
	hit = iota
	stale
	miss
)

// stateValue holds the X-Cache values, shared by every response.
var stateValue = [...][]string{hit: {"HIT"}, stale: {"STALE"}, miss: {"MISS"}}

func (c *Cache) serve(w http.ResponseWriter, r *http.Request, e *entry, state int) {
	enc := chooseEncoding(r.Header.Get("Accept-Encoding"))
	h := w.Header()
	if notModified(e, r.Header["If-None-Match"], r.Header.Get("If-Modified-Since")) {
		for _, f := range e.notMod[enc] {
			h[f.name] = f.value
		}
		w.WriteHeader(http.StatusNotModified)
		return
	}
	for _, f := range e.headers[enc] {
		h[f.name] = f.value
	}
	if state != hit {
		h["X-Cache"] = stateValue[state]
	}
	w.WriteHeader(e.status)
	if r.Method != http.MethodHead {
		w.Write(e.bodies[enc])
	}
}

// notModified answers a conditional request: If-None-Match (match, each header line's value)
// against the page's entity tags (in any encoding), else If-Modified-Since (since) against
// when it was rendered.
func notModified(e *entry, match []string, since string) bool {
	if len(match) > 0 {
		for _, m := range match {
			for part := range strings.SplitSeq(m, ",") {
				part = strings.TrimPrefix(strings.TrimSpace(part), "W/")
				if part == "*" || slices.Contains(e.etags[:], part) {
					return true
				}
			}
		}
		return false
	}
	if since != "" {
		t, err := http.ParseTime(since)
		return err == nil && !e.modified.After(t)
	}
	return false
}

// chooseEncoding picks brotli, else gzip, when Accept-Encoding allows it.
func chooseEncoding(ae string) int {
	if ae == "" {
		return identity
	}
	best := identity
	for part := range strings.SplitSeq(ae, ",") {
		name, params, _ := strings.Cut(part, ";")
		name = strings.TrimSpace(name)
		var enc int
		switch {
		case name == "br":
			enc = brotlied
		case name == "gzip":
			enc = gzipped
		default:
			continue
		}
		if q, ok := strings.CutPrefix(strings.ReplaceAll(params, " ", ""), "q="); ok {
			if f, err := strconv.ParseFloat(q, 64); err != nil || f <= 0 {
				continue
			}
		}
		best = max(best, enc)
	}
	return best
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
		// Clipped: a response shared by waiting requests must not be appended to in place.
		h[k] = slices.Clip(v)
	}
	if r.status == 0 {
		r.status = http.StatusOK
	}
	w.WriteHeader(r.status)
	w.Write(r.body.Bytes())
}
