package site

import (
	"context"
	"net/http"
	"strings"
)

// Redirector finds where an old address (a path with its query) lives now: a path on this
// site, ok false when it knows none (redirects.Store).
type Redirector interface {
	Find(ctx context.Context, pathAndQuery string) (to string, ok bool, err error)
}

// fallback answers a request no route serves: a permanent redirect when the address is an
// old one the redirects table knows (an imported site's permalink, ?p=ID, a feed), else the
// reader's 404 page.
func (s *Server) fallback(w http.ResponseWriter, r *http.Request) error {
	if s.redirects != nil && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		to, ok, err := s.redirects.Find(r.Context(), r.URL.RequestURI())
		if err != nil {
			return err
		}
		// A redirect to the address asked for (a page that is gone) would loop.
		if ok && strings.HasPrefix(to, "/") && !strings.HasPrefix(to, "//") && to != r.URL.RequestURI() {
			w.Header().Set("Cache-Control", "public, max-age=86400")
			http.Redirect(w, r, to, http.StatusMovedPermanently)
			return nil
		}
	}
	return errNotFound
}

// oldQueries are the query parameters by which WordPress addresses a post, page, attachment,
// archive or feed at the site's root (/?p=12, /?page_id=3, /?cat=4, /?feed=rss2).
var oldQueries = []string{"p", "page_id", "attachment_id", "cat", "tag", "author", "feed", "m"}

// oldHome answers the home page's address carrying one of WordPress's query parameters with
// its redirect, before the page cache (which ignores unknown parameters) sees it.
func (s *Server) oldHome(next http.Handler) http.Handler {
	if s.redirects == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		for _, k := range oldQueries {
			if q.Has(k) {
				s.handle(s.fallback).ServeHTTP(w, r)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}
