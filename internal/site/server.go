// Package site serves the reader-facing newspaper: home pages, sections, tags, authors and
// articles in English (/) and Assamese (/as/).
package site

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/batori-news/batori/internal/comments"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/pagecache"
	"github.com/batori-news/batori/internal/settings"
	"github.com/batori-news/batori/internal/web"
)

// Server holds what the reader pages need.
type Server struct {
	news      *news.Store
	settings  *settings.Store
	media     *media.Library
	templates *web.Templates
	assets    *web.Assets
	sanitizer *news.Sanitizer
	cache     *pagecache.Cache
	comments  *comments.Store
	baseURL   string
	log       *slog.Logger
	now       func() time.Time
	enquiry   EnquiryDeps
	machine   MachineDeps
}

// Deps are the parts a Server is built from.
type Deps struct {
	News      *news.Store
	Settings  *settings.Store
	Media     *media.Library
	Templates *web.Templates
	Assets    *web.Assets
	// Cache, when set, keeps rendered pages for anonymous readers.
	Cache *pagecache.Cache
	// Comments, when set, shows readers' comments under articles and takes new ones.
	Comments *comments.Store
	// BaseURL is the public origin (https://news.example.org) used in canonical and share
	// links; when empty the request's host is used.
	BaseURL string
	Log     *slog.Logger
	// Enquiries, when its Store is set, serves the Enquiry form (see contact.go).
	Enquiries EnquiryDeps
	// Machine, when Enabled, offers readers machine translations (see machine.go).
	Machine MachineDeps
}

// New returns the reader site.
func New(d Deps) *Server {
	return &Server{
		news: d.News, settings: d.Settings, media: d.Media, templates: d.Templates, assets: d.Assets, comments: d.Comments,
		sanitizer: news.NewSanitizer(), cache: d.Cache, baseURL: d.BaseURL, log: d.Log, now: time.Now,
		enquiry: d.Enquiries, machine: d.Machine,
	}
}

// Routes registers the reader pages on mux. Every route is public; both languages share one
// handler, which reads the language from the /as/ prefix.
func (s *Server) Routes(mux *http.ServeMux) {
	for _, prefix := range []string{"", "/as"} {
		mux.Handle("GET "+prefix+"/{$}", s.cached(s.home))
		mux.Handle("GET "+prefix+"/news/{id}/{slug}", s.cached(s.article))
		mux.Handle("GET "+prefix+"/news/{id}", s.handle(s.article))
		mux.Handle("GET "+prefix+"/section/{slug}", s.cached(s.section))
		mux.Handle("GET "+prefix+"/tag/{slug}", s.cached(s.tag))
		mux.Handle("GET "+prefix+"/author/{slug}", s.cached(s.author))
	}
	s.commentRoutes(mux)
	s.machineRoutes(mux)
	mux.Handle("GET /as", http.RedirectHandler("/as/", http.StatusMovedPermanently))
	mux.Handle("GET /static/{file...}", s.handle(s.static))
	mux.Handle("GET /media/{key}", s.handle(s.mediaFile))
	mux.Handle("GET /robots.txt", s.handle(s.robots))
	s.contactRoutes(mux)
	// Everything else is the reader's 404 page, in the language of the path.
	mux.Handle("/", s.handle(func(w http.ResponseWriter, r *http.Request) error { return errNotFound }))
}

// cached is handle behind the page cache, for pages every reader sees alike.
func (s *Server) cached(h handlerFunc) http.Handler {
	if s.cache == nil {
		return s.handle(h)
	}
	return s.cache.Wrap(s.handle(h))
}
