// Package site serves the reader-facing newspaper: home pages, sections, tags, authors and
// articles in English (/) and Assamese (/as/).
package site

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/batori-news/batori/internal/comments"
	"github.com/batori-news/batori/internal/digest"
	"github.com/batori-news/batori/internal/feeds"
	"github.com/batori-news/batori/internal/formguard"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/memo"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/pagecache"
	"github.com/batori-news/batori/internal/pages"
	"github.com/batori-news/batori/internal/privacy"
	"github.com/batori-news/batori/internal/push"
	"github.com/batori-news/batori/internal/search"
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
	// guard asks the public forms for a proof of work while editors want one.
	guard *formguard.Guard
	// index is the full-text index behind /search; nil answers that search is not set up.
	index   *search.Index
	origin  *web.Origin
	log     *slog.Logger
	now     func() time.Time
	enquiry EnquiryDeps
	machine MachineDeps
	views   ViewsDeps
	pages   *pages.Store
	// digest, when set, serves the morning digest's subscription pages (digest.go).
	digest *digest.Store
	// redirects answers old addresses (an imported site's) that no route serves.
	redirects Redirector
	// retention gives what the privacy page states is kept, and for how long.
	retention func(ctx context.Context) (privacy.Settings, error)
	// errs answers failed requests (errors.go).
	errs *web.ErrorRenderer
	// sitemapMax is how many stories one sitemap lists: feeds.MaxURLs, less in tests.
	sitemapMax int
	crops      bool
	// kept are the settings, sections and menus every page shows (kept.go).
	kept    kept
	zones   sync.Map // time zone name → *time.Location
	srcsets srcsets
	// bodies are article bodies as pages print them (article.go).
	bodies bodies
	// cardHTML are cards rendered once (cardhtml.go).
	cardHTML cardHTML
	// push offers web push notifications; nil while not set up (push.go).
	push *push.Store
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
	// Search, when set, serves /search and /as/search.
	Search *search.Index
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
	// Now is the clock (the Google News sitemap's window, relative times); nil is time.Now.
	Now func() time.Time
	// Crops gives search engines the story picture in 16:9, 4:3 and 1:1 (media.Library.Crops,
	// made once per picture, on its first render); off, the picture in its own shape.
	Crops bool
	// Views counts article views and ranks the most read (views.go).
	Views ViewsDeps
	// Pages, when set, serves the static pages (/page/{slug}) and the footer menu.
	Pages *pages.Store
	// Retention, when set, gives the retention periods the privacy page (the static page
	// whose slug is "privacy") states under its own text.
	Retention func(ctx context.Context) (privacy.Settings, error)
	// Redirects, when set, answers addresses no route serves with a 301 to their new home
	// (the old URLs of an imported WordPress site).
	Redirects Redirector
	// Digest, when set, serves the morning digest's subscription, confirmation and
	// unsubscribe pages.
	Digest *digest.Store
	// Kept, when set, lets the site keep the settings and the footer menu in memory until
	// Kept is forgotten (kept.go), which the owner does whenever they may have changed.
	Kept *memo.Gen
	// Push, when set, offers readers notifications by web push (push.go).
	Push *push.Store
}

// New returns the reader site.
func New(d Deps) *Server {
	s := &Server{
		news: d.News, settings: d.Settings, media: d.Media, templates: d.Templates, assets: d.Assets, comments: d.Comments,
		guard:     d.Guard,
		sanitizer: news.NewSanitizer(), cache: d.Cache, origin: d.Origin, log: d.Log, now: time.Now, index: d.Search,
		enquiry: d.Enquiries, machine: d.Machine, views: d.Views, sitemapMax: feeds.MaxURLs, crops: d.Crops,
		pages: d.Pages, redirects: d.Redirects, retention: d.Retention, push: d.Push, digest: d.Digest,
	}
	if d.Now != nil {
		s.now = d.Now
	}
	s.keep(d.Kept)
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
			route{"GET " + p + "/{$}", s.oldHome(s.cached(s.home))},
			route{"GET " + p + "/news/{id}/{slug}", s.cached(s.article, articleParams...)},
			route{"GET " + p + "/news/{id}", s.handle(s.article)},
			// A live blog's newest entries, which its page's script polls (live.go).
			route{"GET " + p + "/news/{id}/{slug}/updates", s.cached(s.liveUpdates)},
			route{"GET " + p + "/section/{slug}", s.cached(s.section, listParams...)},
			route{"GET " + p + "/tag/{slug}", s.cached(s.tag, listParams...)},
			route{"GET " + p + "/author/{slug}", s.cached(s.author, listParams...)},
			// Results change with every query and publication: never cached.
			route{"GET " + p + "/search", s.handle(s.needs(s.index != nil, "search", s.search))},
			route{"GET " + p + "/page/{slug}", s.cached(s.staticPageView)},
			// Comment forms post to the article's own address and answer with a redirect back.
			route{"POST " + p + "/news/{id}/{slug}/comments", s.handle(s.needs(comments, "comments", s.postComment))},
			route{"POST " + p + "/news/{id}/{slug}/comments/{comment}/flag", s.handle(s.needs(comments, "comments", s.flagComment))},
			// Contact Us is the same for every reader; the Enquiry form carries a one-time token.
			route{"GET " + p + "/contact", s.cached(s.contact)},
			route{"GET " + p + "/enquiry", s.handle(s.needs(enquiries, "enquiry", s.enquiryForm))},
			route{"POST " + p + "/enquiry", s.handle(s.needs(enquiries, "enquiry", s.submitEnquiry))},
			route{"GET " + p + "/enquiry/sent", s.handle(s.needs(enquiries, "enquiry", s.enquirySent))},
			// The morning digest's subscription (digest.go); each page is one reader's.
			route{"GET " + p + "/digest", s.handle(s.needs(s.digestOn(), "digest", s.digestFormPage))},
			route{"POST " + p + "/digest", s.handle(s.needs(s.digestOn(), "digest", s.subscribeDigest))},
			route{"GET " + p + "/digest/sent", s.handle(s.needs(s.digestOn(), "digest", s.digestSent))},
			route{"GET " + p + "/digest/confirm", s.handle(s.needs(s.digestOn(), "digest", s.digestConfirmPage))},
			route{"POST " + p + "/digest/confirm", s.handle(s.needs(s.digestOn(), "digest", s.confirmDigest))},
		)
		// RSS and Atom beside each page they follow (feeds.go).
		table = append(table, s.feedRoutes(p)...)
	}
	table = append(table, s.viewRoutes()...)
	table = append(table, s.pushRoutes()...)
	table = append(table,
		// Machine translations of English stories; a finished one is cached.
		route{"GET /as/news/{id}/{slug}/machine", s.cached(s.machineTranslation)},
		route{"GET /as", http.RedirectHandler("/as/", http.StatusMovedPermanently)},
		route{"GET /static/{file...}", s.handle(s.static)},
		route{"GET /media/{key}", s.handle(s.mediaFile)},
		route{"GET /robots.txt", s.handle(s.robots)},
		route{"GET /pow/challenge", s.handle(s.powChallenge)},
		// Unsubscribe links name the subscriber, and answer in its language.
		route{"GET " + UnsubscribePath + "{token}", s.handle(s.needs(s.digestOn(), "digest", s.unsubscribePage))},
		route{"POST " + UnsubscribePath + "{token}", s.handle(s.needs(s.digestOn(), "digest", s.unsubscribe))},
		// Feeds of both languages together, and the sitemaps (sitemaps.go).
		route{"GET " + allFeedsPath + "/" + rssFile, s.cached(s.allFeed(rssFile))},
		route{"GET " + allFeedsPath + "/" + atomFile, s.cached(s.allFeed(atomFile))},
		route{"GET /sitemap.xml", s.cached(s.sitemapIndex)},
		route{"GET /sitemaps/{name}", s.cached(s.sitemap)},
		// Everything else is an old address's redirect (redirect.go) or the reader's 404 page,
		// in the language of the path.
		route{"/", s.handle(s.fallback)},
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

// cached is handle behind the page cache, for pages every reader sees alike; params are the
// query parameters the page reads (the cache ignores every other).
func (s *Server) cached(h handlerFunc, params ...pagecache.Param) http.Handler {
	if s.cache == nil {
		return s.handle(h)
	}
	return s.cache.Wrap(s.handle(h), params...)
}

// The query parameters of cached pages, with the values their links carry.
var (
	listParams    = []pagecache.Param{{Name: "page", Valid: pagecache.Number}}
	articleParams = []pagecache.Param{
		{Name: paramOrder, Valid: pagecache.OneOf("oldest")},
		{Name: paramPage, Valid: pagecache.Number},
		{Name: paramNotice, Valid: pagecache.OneOf("pending", "published", "flagged")},
		{Name: paramReplyTo, Valid: pagecache.Number},
	}
)
