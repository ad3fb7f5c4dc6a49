// Package newsroom serves the staff side of Batori under /newsroom/: reporter registration
// and login, accounts, the story desk, and administration.
package newsroom

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/batori-news/batori/internal/comments"
	"github.com/batori-news/batori/internal/enquiries"
	"github.com/batori-news/batori/internal/mail"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/pagecache"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/settings"
	"github.com/batori-news/batori/internal/translation"
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
	pages     *pagecache.Cache
	baseURL   string
	log       *slog.Logger
	now       func() time.Time
	// setupToken lets the first admin be created from another machine; it is printed in the
	// server log while the site has no admin.
	setupToken string
	// mailSent wakes the mail worker after a mail is queued.
	mailSent func()
	limits   *limiter
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
}

// Deps are the parts a Server is built from.
type Deps struct {
	People     *people.Store
	News       *news.Store
	Media      *media.Library
	Outbox     *mail.Outbox
	Settings   *settings.Store
	Comments   *comments.Store
	Templates  *web.Templates
	Assets     *web.Assets
	Pages      *pagecache.Cache
	BaseURL    string
	Log        *slog.Logger
	SetupToken string
	MailSent   func()
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
}

// New returns the newsroom.
func New(d Deps) *Server {
	s := &Server{
		people: d.People, news: d.News, media: d.Media, outbox: d.Outbox, settings: d.Settings, comments: d.Comments,
		templates: d.Templates, assets: d.Assets, pages: d.Pages, baseURL: d.BaseURL, log: d.Log,
		now: time.Now, setupToken: d.SetupToken, mailSent: d.MailSent, limits: newLimiter(), preview: d.Preview,
		enq: d.Enquiries, translate: d.Translate, machineOn: d.MachineOn, mt: d.MT,
	}
	if s.machineOn == nil {
		s.machineOn = func(context.Context) bool { return false }
	}
	if s.mailSent == nil {
		s.mailSent = func() {}
	}
	return s
}

// Routes registers the newsroom on mux. The access each route needs is written beside it:
// public, signedIn (any active account) or signedIn with the roles allowed.
func (s *Server) Routes(mux *http.ServeMux) {
	editors := []people.Role{people.Editor, people.Admin}
	admins := []people.Role{people.Admin}

	// Joining and signing in.
	mux.Handle("GET /newsroom/login", s.public(s.loginForm))
	mux.Handle("POST /newsroom/login", s.public(s.login))
	mux.Handle("GET /newsroom/login/code", s.public(s.codeForm))
	mux.Handle("POST /newsroom/login/code", s.public(s.code))
	mux.Handle("POST /newsroom/logout", s.public(s.logout))
	mux.Handle("GET /newsroom/register", s.public(s.registerForm))
	mux.Handle("POST /newsroom/register", s.public(s.register))
	mux.Handle("GET /newsroom/register/sent", s.public(s.registerSent))
	mux.Handle("POST /newsroom/register/resend", s.public(s.resendVerification))
	mux.Handle("GET /newsroom/verify", s.public(s.verifyForm))
	mux.Handle("POST /newsroom/verify", s.public(s.verify))
	mux.Handle("GET /newsroom/password/forgot", s.public(s.forgotForm))
	mux.Handle("POST /newsroom/password/forgot", s.public(s.forgot))
	mux.Handle("GET /newsroom/password/reset", s.public(s.resetForm))
	mux.Handle("POST /newsroom/password/reset", s.public(s.reset))
	mux.Handle("GET /newsroom/setup", s.public(s.setupForm))
	mux.Handle("POST /newsroom/setup", s.public(s.setup))

	// One's own account.
	mux.Handle("GET /newsroom/account", s.signedIn(s.account))
	mux.Handle("POST /newsroom/account/language", s.signedIn(s.setLanguage))
	mux.Handle("POST /newsroom/account/password", s.signedIn(s.changePassword))
	mux.Handle("POST /newsroom/account/2fa/begin", s.signedIn(s.beginTOTP))
	mux.Handle("GET /newsroom/account/2fa/qr.png", s.signedIn(s.totpQR))
	mux.Handle("POST /newsroom/account/2fa/confirm", s.signedIn(s.confirmTOTP))
	mux.Handle("POST /newsroom/account/2fa/disable", s.signedIn(s.disableTOTP))
	mux.Handle("POST /newsroom/account/sessions/{id}/revoke", s.signedIn(s.revokeSession))
	mux.Handle("POST /newsroom/account/sessions/revoke-others", s.signedIn(s.revokeOtherSessions))

	// Administration.
	mux.Handle("GET /newsroom/users", s.signedIn(s.users, editors...))
	mux.Handle("POST /newsroom/users/{id}/approve", s.signedIn(s.approveUser, editors...))
	mux.Handle("POST /newsroom/users/{id}/reject", s.signedIn(s.rejectUser, editors...))
	mux.Handle("POST /newsroom/users/{id}/suspend", s.signedIn(s.suspendUser, admins...))
	mux.Handle("POST /newsroom/users/{id}/reinstate", s.signedIn(s.reinstateUser, admins...))
	mux.Handle("POST /newsroom/users/{id}/role", s.signedIn(s.setUserRole, admins...))
	mux.Handle("GET /newsroom/settings", s.signedIn(s.settingsForm, admins...))
	mux.Handle("POST /newsroom/settings", s.signedIn(s.saveSettings, admins...))
	mux.Handle("POST /newsroom/settings/logo", s.signedIn(s.uploadLogo, admins...))
	mux.Handle("GET /newsroom/sections", s.signedIn(s.sections, admins...))
	mux.Handle("POST /newsroom/sections", s.signedIn(s.createSection, admins...))
	mux.Handle("POST /newsroom/sections/{id}", s.signedIn(s.updateSection, admins...))
	mux.Handle("GET /newsroom/outbox", s.signedIn(s.outboxPage, admins...))

	s.deskRoutes(mux)
	s.enquiryRoutes(mux)
	s.commentRoutes(mux)
	s.translationDeskRoutes(mux)
	s.translationRoutes(mux)

	mux.Handle("/newsroom/", s.public(func(w http.ResponseWriter, r *http.Request) error { return errNotFound }))
}
