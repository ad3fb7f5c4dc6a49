package pagecache

import (
	"bytes"
	"net/http"
	"unsafe"

	"github.com/valyala/fasthttp"
)

// ServeFast answers, through fasthttp, a GET or HEAD request for target, a path with an
// optional query string, when Wrap would answer it with a fresh page stored under the path
// alone: the query (if any) holds none of the parameters the page's route declares, so Wrap
// would leave it all out of the key. It sends the same status, headers and body Front and
// Wrap send, after fixed, the headers the middleware in front of them adds to every response.
// It returns the page's key and route pattern, or ok false, with ctx untouched, when the
// request must take the full way (see package front).
func (c *Cache) ServeFast(ctx *fasthttp.RequestCtx, target []byte, fixed http.Header) (key, route string, ok bool) {
	if c == nil || c.maxBytes <= 0 {
		return "", "", false
	}
	path, query, _ := bytes.Cut(target, []byte("?"))
	c.mu.RLock()
	e := c.entries[string(path)]
	old := c.old(e)
	c.mu.RUnlock()
	if e == nil || c.now().UnixNano() >= e.expires.Load() {
		return "", "", false
	}
	if len(query) > 0 {
		if q, valid := canonicalQuery(string(query), e.params); q != "" || !valid {
			return "", "", false
		}
	}
	if old {
		c.promote(e)
	}
	c.hits.Add(1)
	req, resp := &ctx.Request.Header, &ctx.Response
	enc := chooseEncoding(unsafeString(req.Peek("Accept-Encoding")))
	status, fields, body := e.status, e.headers[enc], e.bodies[enc]
	if match, since := req.PeekAll("If-None-Match"), req.Peek("If-Modified-Since"); len(match) > 0 || len(since) > 0 {
		values := make([]string, len(match))
		for i, m := range match {
			values[i] = string(m)
		}
		if notModified(e, values, string(since)) {
			status, fields, body = http.StatusNotModified, e.notMod[enc], nil
		}
	}
	for name, values := range fixed {
		set(&resp.Header, name, values)
	}
	for _, f := range fields {
		if f.name != "Content-Length" { // fasthttp counts the body it is given
			set(&resp.Header, f.name, f.value)
		}
	}
	resp.SetStatusCode(status)
	// The stored body is never written to, so fasthttp may send it without a copy; for a
	// HEAD request it sends its length and not the body.
	resp.SetBodyRaw(body)
	return e.key, e.route, true
}

func set(h *fasthttp.ResponseHeader, name string, values []string) {
	for i, v := range values {
		if i == 0 {
			h.Set(name, v)
		} else {
			h.Add(name, v)
		}
	}
}

// unsafeString reads b as a string without copying it, for a lookup that keeps nothing of it;
// b must not change while the string is in use.
func unsafeString(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}
