// Package newsroom serves the staff side of Batori under /newsroom/: reporter registration
// and login, accounts, the story desk, and administration.
package newsroom

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/batori-news/batori/internal/channels"
	"github.com/batori-news/batori/internal/comments"
	"github.com/batori-news/batori/internal/digest"
	"github.com/batori-news/batori/internal/enquiries"
	"github.com/batori-news/batori/internal/formguard"
	"github.com/batori-news/batori/internal/mail"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/pages"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/privacy"
	"github.com/batori-news/batori/internal/push"
	"github.com/batori-news/batori/internal/search"
	"github.com/batori-news/batori/internal/settings"
	"github.com/batori-news/batori/internal/translation"
	"github.com/batori-news/batori/internal/views"
	"github.com/batori-news/batori/internal/web"
)

// Server holds what the newsroom needs.
type Server struct {
	people    *people.Store
	news      *news.Store
	media     *media.Library
	outbox    *mail.Outbox
	settings  *settings.Store
	comments  *comments.Store
	templates *web.Templates
	assets    *web.Assets
	baseURL   string
	log       *slog.Logger
	now       func() time.Time
	// origin is the site's public origin; the first-admin setup stores it when nothing
	// configured it.
	origin *web.Origin
	// guard counts the public forms' posts per client (limiter.go).
	guard *formguard.Guard
	// preview renders an unpublished edition with the reader site's own article page.
	preview PreviewFunc
	// enq is the readers' enquiries inbox (enquiries.go); nil leaves it out.
	enq *enquiries.Store
	// translate makes machine drafts (translation_desk.go); machineOn says whether a provider
	// is configured now.
	translate TranslateFunc
	machineOn func(ctx context.Context) bool
	// mt is machine translation's set-up, glossary and usage (translation_settings.go).
	mt *translation.Service
	// views holds readers' view counts (story_views.go); nil shows none.
	views *views.Store
	// pages are the static pages and the footer menu (static_pages.go).
	pages  *pages.Store
	digest *digest.Store
	// push sends published stories to readers' devices; nil while not set up (push.go).
	push *push.Store
	// routes is the route table (routes.go); jsonMux holds its JSON routes.
	routes  []route
	jsonMux *http.ServeMux
	// errs answers failed requests (render.go).
	errs *web.ErrorRenderer
	// index is the full-text search over the stories.
	index *search.Index
	// privacy answers a person's request for, or erasure of, their data, and keeps the
	// retention settings (privacy.go); backupKeep is --backup-keep, their default.
	privacy    *privacy.Store
	backupKeep int
	// channels are the Telegram channels stories are posted to (channels.go); nil leaves
	// them out.
	channels *channels.Store
}

// Deps are the parts a Server is built from.
type Deps struct {
	People    *people.Store
	News      *news.Store
	Media     *media.Library
	Outbox    *mail.Outbox
	Settings  *settings.Store
	Comments  *comments.Store
	Templates *web.Templates
	Assets    *web.Assets
	BaseURL   string
	Log       *slog.Logger
	// Origin is the site's public origin (web.Origin); the setup stores it when unknown.
	Origin *web.Origin
	// Guard counts the posts of registration and the password forms per client.
	Guard *formguard.Guard
	// Preview shows an edition as the reader site's article page; the app wires the site's.
	Preview PreviewFunc
	// Enquiries, when set, serves the readers' enquiries inbox to editors.
	Enquiries *enquiries.Store
	// Translate, when set, makes machine drafts of new editions.
	Translate TranslateFunc
	// MachineOn reports whether a translation provider is configured now.
	MachineOn func(ctx context.Context) bool
	// MT is machine translation's set-up, glossary and usage.
	MT *translation.Service
	// Views, when set, shows readers' view counts on the story list and editor pages.
	Views *views.Store
	// Search, when set, serves the search over every story a person may open.
	Search *search.Index
	// Pages, when set, lets editors write the static pages and admins set the footer menu.
	Pages *pages.Store
	// Privacy, when set, lets admins export and erase one person's data by e-mail address,
	// and set how long readers' data and backups are kept (BackupKeep until then).
	Privacy    *privacy.Store
	BackupKeep int
	// Channels, when set, lets admins set up the Telegram channels and watch their posts.
	Channels *channels.Store
	// Push, when set, lets editors send published stories by web push.
	Push *push.Store
	// Digest, when set, lists the morning digest's subscribers for admins.
	Digest *digest.Store
}

// New returns the newsroom.
func New(d Deps) *Server {
	s := &Server{
		people: d.People, news: d.News, media: d.Media, outbox: d.Outbox, settings: d.Settings, comments: d.Comments,
		templates: d.Templates, assets: d.Assets, baseURL: d.BaseURL, log: d.Log,
		now: time.Now, origin: d.Origin, guard: d.Guard, preview: d.Preview,
		enq: d.Enquiries, translate: d.Translate, machineOn: d.MachineOn, mt: d.MT, views: d.Views, index: d.Search, pages: d.Pages, privacy: d.Privacy, backupKeep: d.BackupKeep,
		channels: d.Channels, push: d.Push, digest: d.Digest,
	}
	if s.machineOn == nil {
		s.machineOn = func(context.Context) bool { return false }
	}
	s.routes = s.routeTable()
	s.jsonMux = jsonRoutes(s.routes)
	s.errs = &web.ErrorRenderer{Log: s.log, JSONRoute: s.isJSONRoute, Message: s.errorMessage, Page: s.errorPage}
	return s
}
