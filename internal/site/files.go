package site

import (
	"net/http"
)

// static serves the fingerprinted assets.
func (s *Server) static(w http.ResponseWriter, r *http.Request) error {
	if !s.assets.Serve(w, r, r.PathValue("file")) {
		return errNotFound
	}
	return nil
}

// mediaFile serves an uploaded or generated image.
func (s *Server) mediaFile(w http.ResponseWriter, r *http.Request) error {
	return s.media.Serve(w, r, r.PathValue("key"))
}

// robots lets crawlers in everywhere the reader can go and names the sitemap index, on the
// site's origin (robots.txt wants an absolute URL, so none while the origin is unknown).
func (s *Server) robots(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	body := "User-agent: *\nAllow: /\n"
	if origin := s.origin.Get(r.Context()); origin != "" {
		body += "\nSitemap: " + origin + "/sitemap.xml\n"
	}
	_, err := w.Write([]byte(body))
	return err
}
