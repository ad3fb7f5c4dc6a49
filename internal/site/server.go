// Package site serves the reader-facing newspaper: home pages, sections, tags, authors and
// articles in English (/) and Assamese (/as/).
package site

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/batori-news/batori/internal/comments"
	"github.com/batori-news/batori/internal/formguard"
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
	origin    *web.Origin
	log       *slog.Logger
	now       func() time.Time
	enquiry   EnquiryDeps
	machine   MachineDeps
	// guard asks the public forms for a proof of work while editors want one.
	guard *formguard.Guard
	// errs answers failed requests (errors.go).
	errs *web.ErrorRenderer
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
	// Origin is the public origin (https://news.example.org) of canonical, alternate and
	// share links; while it is unknown (nil or empty) those links are paths on this host.
	// The request's Host header is never used.
	Origin *web.Origin
	Log    *slog.Logger
	// Enquiries, when its Store is set, serves the Enquiry form (see contact.go).
	Enquiries EnquiryDeps
	// Machine, when Enabled, offers readers machine translations (see machine.go).
	Machine MachineDeps
	// Guard, when set, lets editors ask the public forms for a proof of work (pow.go).
	Guard *formguard.Guard
}

// New returns the reader site.
func New(d Deps) *Server {
	s := &Server{
		news: d.News, settings: d.Settings, media: d.Media, templates: d.Templates, assets: d.Assets, comments: d.Comments,
		sanitizer: news.NewSanitizer(), cache: d.Cache, origin: d.Origin, log: d.Log, now: time.Now,
		enquiry: d.Enquiries, machine: d.Machine, guard: d.Guard,
	}
	s.errs = &web.ErrorRenderer{Log: s.log, Message: s.errorMessage, Page: s.errorPage, Shared: true}
	return s
}

// route is one line of the reader's route table.
type route struct {
	pattern string
	h       http.Handler
}

// Routes registers the reader's route table on mux: every route is public. Both languages
// share one handler, which reads the language from the /as/ prefix. Pages every reader sees
// alike are cached; forms and what follows them are rendered per request. A feature whose
// part is not wired (comments, the enquiry form) answers that it is not set up.
func (s *Server) Routes(mux *http.ServeMux) {
	comments := s.comments != nil
	enquiries := s.enquiriesOn()
	var table []route
	for _, p := range []string{"", "/as"} {
		table = append(table,
			route{"GET " + p + "/{$}", s.cached(s.home)},
			route{"GET " + p + "/news/{id}/{slug}", s.cached(s.article)},
			route{"GET " + p + "/news/{id}", s.handle(s.article)},
			route{"GET " + p + "/section/{slug}", s.cached(s.section)},
			route{"GET " + p + "/tag/{slug}", s.cached(s.tag)},
			route{"GET " + p + "/author/{slug}", s.cached(s.author)},
			// Comment forms post to the article's own address and answer with a redirect back.
			route{"POST " + p + "/news/{id}/{slug}/comments", s.handle(s.needs(comments, "comments", s.postComment))},
			route{"POST " + p + "/news/{id}/{slug}/comments/{comment}/flag", s.handle(s.needs(comments, "comments", s.flagComment))},
			// Contact Us is the same for every reader; the Enquiry form carries a one-time token.
			route{"GET " + p + "/contact", s.cached(s.contact)},
			route{"GET " + p + "/enquiry", s.handle(s.needs(enquiries, "enquiry", s.enquiryForm))},
			route{"POST " + p + "/enquiry", s.handle(s.needs(enquiries, "enquiry", s.submitEnquiry))},
			route{"GET " + p + "/enquiry/sent", s.handle(s.needs(enquiries, "enquiry", s.enquirySent))},
		)
	}
	table = append(table,
		// Machine translations of English stories; a finished one is cached.
		route{"GET /as/news/{id}/{slug}/machine", s.cached(s.machineTranslation)},
		route{"GET /as", http.RedirectHandler("/as/", http.StatusMovedPermanently)},
		route{"GET /static/{file...}", s.handle(s.static)},
		route{"GET /media/{key}", s.handle(s.mediaFile)},
		route{"GET /robots.txt", s.handle(s.robots)},
		route{"GET /pow/challenge", s.handle(s.powChallenge)},
		// Everything else is the reader's 404 page, in the language of the path.
		route{"/", s.handle(func(w http.ResponseWriter, r *http.Request) error { return errNotFound })},
	)
	for _, rt := range table {
		mux.Handle(rt.pattern, rt.h)
	}
}

// needs serves h while its feature is on, and otherwise says the feature is not set up.
func (s *Server) needs(on bool, feature string, h handlerFunc) handlerFunc {
	if on {
		return h
	}
	return func(w http.ResponseWriter, r *http.Request) error { return &web.FeatureOffError{Feature: feature} }
}

// cached is handle behind the page cache, for pages every reader sees alike.
func (s *Server) cached(h handlerFunc) http.Handler {
	if s.cache == nil {
		return s.handle(h)
	}
	return s.cache.Wrap(s.handle(h))
}
