package newsroom

import (
	"net/http"
	"strings"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/web"
)

// access is who may use a route: anyone, or an active account holding one of roles (any
// account when roles is empty).
type access struct {
	public bool
	roles  []people.Role
}

// feature is a part of the newsroom that exists only when its dependency is wired; while it
// is off its routes answer with a page saying it is not set up.
type feature struct {
	name string
	on   bool
}

// route is one line of the newsroom's route table.
type route struct {
	pattern string
	who     access
	h       handlerFunc
	// menu is the catalog key of the menu item leading to this page, if it is one.
	menu string
	// needs is the feature the route belongs to; zero for the core newsroom.
	needs feature
	// json marks a route only scripts call: its errors are JSON whatever the headers say.
	json bool
}

// routeOption adds a menu item, a feature or the JSON mark to a route.
type routeOption func(*route)

// menu makes the route the page of the menu item named by the catalog key.
func menu(key string) routeOption { return func(r *route) { r.menu = key } }

// needs puts the route in feature f.
func needs(f feature) routeOption { return func(r *route) { r.needs = f } }

// jsonOnly marks a route only scripts call.
func jsonOnly() routeOption { return func(r *route) { r.json = true } }

// off reports whether f is a feature that is not set up.
func (f feature) off() bool { return f.name != "" && !f.on }

// at is one line of the table: pattern, who may use it, its handler and options.
func at(pattern string, who access, h handlerFunc, opts ...routeOption) route {
	rt := route{pattern: pattern, who: who, h: h}
	for _, o := range opts {
		o(&rt)
	}
	return rt
}

// routeTable is the whole newsroom, read top to bottom: every URL, who may use it, the menu
// item it is, and the feature it needs. Routes and the menu are both built from it.
// Reporters reach only their own stories and translators any draft edition: beyond the role
// written here, the handlers ask the news workflow (news.Actions).
func (s *Server) routeTable() []route {
	var (
		anyone    = access{public: true}
		anyStaff  = access{}
		deskRoles = access{roles: []people.Role{people.Editor, people.Admin, people.Translator}}
		editors   = access{roles: []people.Role{people.Editor, people.Admin}}
		admins    = access{roles: []people.Role{people.Admin}}

		comments    = feature{"comments", s.comments != nil}
		enquiries   = feature{"enquiries", s.enq != nil}
		translation = feature{"translation", s.mt != nil}
		searching   = feature{"search", s.index != nil}
		staticPages = feature{"pages", s.pages != nil}
		digests     = feature{"digest", s.digest != nil}
		readersData = feature{"privacy", s.privacy != nil}
		channelsOn  = feature{"channels", s.channels != nil}
		pushing     = feature{"push", s.push != nil}
	)
	return []route{
		// Joining and signing in.
		at("GET /newsroom/login", anyone, s.loginForm),
		at("POST /newsroom/login", anyone, s.login),
		at("GET /newsroom/login/code", anyone, s.codeForm),
		at("POST /newsroom/login/code", anyone, s.code),
		at("POST /newsroom/logout", anyone, s.logout),
		at("GET /newsroom/register", anyone, s.registerForm),
		at("POST /newsroom/register", anyone, s.register),
		at("GET /newsroom/register/sent", anyone, s.registerSent),
		at("POST /newsroom/register/resend", anyone, s.resendVerification),
		at("GET /newsroom/verify", anyone, s.verifyForm),
		at("POST /newsroom/verify", anyone, s.verify),
		at("GET /newsroom/password/forgot", anyone, s.forgotForm),
		at("POST /newsroom/password/forgot", anyone, s.forgot),
		at("GET /newsroom/password/reset", anyone, s.resetForm),
		at("POST /newsroom/password/reset", anyone, s.reset),
		at("GET /newsroom/setup", anyone, s.setupForm),
		at("POST /newsroom/setup", anyone, s.setup),

		// The desk: stories and their editions.
		at("GET /newsroom/{$}", anyStaff, s.dashboard, menu("nr_menu_dashboard")),
		at("GET /newsroom/stories", anyStaff, s.stories, menu("nr_menu_stories")),
		at("GET /newsroom/stories/new", anyStaff, s.newStoryForm),
		at("GET /newsroom/search", anyStaff, s.searchStories, needs(searching)),
		at("POST /newsroom/stories", anyStaff, s.createStory),
		at("GET /newsroom/stories/{id}/edition/{lang}", anyStaff, s.editStory),
		at("POST /newsroom/stories/{id}/edition/{lang}", anyStaff, s.saveStory),
		at("POST /newsroom/stories/{id}/edition/{lang}/autosave", anyStaff, s.autosaveStory, jsonOnly()),
		at("GET /newsroom/stories/{id}/edition/{lang}/preview", anyStaff, s.previewStory),
		at("GET /newsroom/stories/{id}/edition/{lang}/revisions", anyStaff, s.storyRevisions),
		at("POST /newsroom/stories/{id}/edition/{lang}/start", anyStaff, s.startEdition),
		at("POST /newsroom/stories/{id}/edition/{lang}/synced", anyStaff, s.markSynced),
		at("POST /newsroom/stories/{id}/edition/{lang}/breaking", editors, s.setBreaking),
		at("POST /newsroom/stories/{id}/edition/{lang}/push", editors, s.sendPush, needs(pushing)),

		// Live blogs (live.go): any staff member adds entries; editors start, end and review.
		at("GET /newsroom/live", anyStaff, s.liveDesks, menu("live_menu")),
		at("POST /newsroom/live/review", editors, s.setLiveReview),
		at("GET /newsroom/stories/{id}/edition/{lang}/live", anyStaff, s.liveDesk),
		at("POST /newsroom/stories/{id}/edition/{lang}/live", anyStaff, s.addEntry),
		at("POST /newsroom/stories/{id}/edition/{lang}/live/start", editors, s.startLive),
		at("POST /newsroom/stories/{id}/edition/{lang}/live/end", editors, s.endLive),
		at("POST /newsroom/live/entries/{entry}", anyStaff, s.correctEntry),
		at("POST /newsroom/live/entries/{entry}/remove", anyStaff, s.removeEntry),
		at("POST /newsroom/live/entries/{entry}/approve", editors, s.approveEntry),
		at("POST /newsroom/live/entries/{entry}/translate", deskRoles, s.translateEntry),

		// Editors' desk.
		at("GET /newsroom/review", editors, s.review, menu("nr_menu_review")),
		at("GET /newsroom/audit", editors, s.audit),
		at("GET /newsroom/breaking", editors, s.banners, menu("bn_menu")),
		at("POST /newsroom/breaking/{lang}/remove", editors, s.removeBanner),
		at("GET /newsroom/translations", deskRoles, s.translationDesk, menu("ed_menu_translations")),
		at("POST /newsroom/translations/jobs/{id}/retry", deskRoles, s.retryMachine),

		// Static pages (About us, Privacy policy...) and the footer menu.
		at("GET /newsroom/pages", editors, s.staticPages, needs(staticPages), menu("pg_menu")),
		at("POST /newsroom/pages/menu", admins, s.saveFooterMenu, needs(staticPages)),
		at("GET /newsroom/pages/new", editors, s.editStaticPage, needs(staticPages)),
		at("POST /newsroom/pages", editors, s.saveStaticPage, needs(staticPages)),
		at("GET /newsroom/pages/{id}/{lang}", editors, s.editStaticPage, needs(staticPages)),
		at("POST /newsroom/pages/{id}/{lang}", editors, s.saveStaticPage, needs(staticPages)),
		at("GET /newsroom/pages/{id}/{lang}/revisions", editors, s.staticPageRevisions, needs(staticPages)),

		// Readers' comments.
		at("GET /newsroom/comments", editors, s.commentQueue, needs(comments), menu("nr_menu_comments")),
		at("POST /newsroom/comments/moderate", editors, s.moderateComments, needs(comments)),
		at("POST /newsroom/comments/{id}/moderate", editors, s.moderateComment, needs(comments)),
		at("GET /newsroom/comments/{id}/reply", editors, s.commentReplyForm, needs(comments)),
		at("POST /newsroom/comments/{id}/reply", editors, s.commentReply, needs(comments)),
		at("POST /newsroom/comments/stories/{id}/close", editors, s.closeStoryComments, needs(comments)),
		at("POST /newsroom/comments/stories/{id}/open", editors, s.openStoryComments, needs(comments)),
		at("GET /newsroom/comments/blocklist", editors, s.blocklistForm, needs(comments)),
		at("POST /newsroom/comments/blocklist", editors, s.saveBlocklist, needs(comments)),
		at("GET /newsroom/comments/settings", admins, s.commentSettingsForm, needs(comments)),
		at("POST /newsroom/comments/settings", admins, s.saveCommentSettings, needs(comments)),

		// Photo library; the editor's upload answers its script in JSON when asked.
		at("GET /newsroom/media", anyStaff, s.mediaLibrary, menu("nr_menu_media")),
		at("POST /newsroom/media/upload", anyStaff, s.uploadMedia),
		at("POST /newsroom/media/{id}", anyStaff, s.updateMedia),

		// Readers' enquiries inbox.
		at("GET /newsroom/enquiries", editors, s.enquiryInbox, needs(enquiries), menu("nr_menu_enquiries")),
		at("GET /newsroom/enquiries/{id}", editors, s.enquiryView, needs(enquiries)),
		at("GET /newsroom/enquiries/{id}/attachment", editors, s.enquiryAttachment, needs(enquiries)),
		at("POST /newsroom/enquiries/{id}/status", editors, s.setEnquiryStatus, needs(enquiries)),
		at("POST /newsroom/enquiries/{id}/assignee", editors, s.assignEnquiry, needs(enquiries)),
		at("POST /newsroom/enquiries/{id}/notes", editors, s.addEnquiryNote, needs(enquiries)),
		at("POST /newsroom/enquiries/{id}/reply", editors, s.replyToEnquiry, needs(enquiries)),

		// Accounts.
		at("GET /newsroom/users", editors, s.users, menu("nr_menu_users")),
		at("POST /newsroom/users/{id}/approve", editors, s.approveUser),
		at("POST /newsroom/users/{id}/reject", editors, s.rejectUser),
		at("POST /newsroom/users/{id}/suspend", admins, s.suspendUser),
		at("POST /newsroom/users/{id}/reinstate", admins, s.reinstateUser),
		at("POST /newsroom/users/{id}/role", admins, s.setUserRole),

		// Machine translation: editors keep the glossary and watch usage.
		at("GET /newsroom/translation/glossary", editors, s.glossaryPage, needs(translation), menu("nr_mt_menu_glossary")),
		at("POST /newsroom/translation/glossary", editors, s.addGlossaryEntry, needs(translation)),
		at("POST /newsroom/translation/glossary/{id}", editors, s.updateGlossaryEntry, needs(translation)),
		at("POST /newsroom/translation/glossary/{id}/delete", editors, s.deleteGlossaryEntry, needs(translation)),
		at("GET /newsroom/translation/usage", editors, s.mtUsagePage, needs(translation)),

		// Administration.
		at("GET /newsroom/settings", admins, s.settingsForm, menu("nr_menu_settings")),
		at("POST /newsroom/settings", admins, s.saveSettings),
		at("POST /newsroom/settings/logo", admins, s.uploadLogo),
		at("GET /newsroom/translation/settings", admins, s.mtSettingsForm, needs(translation), menu("nr_mt_menu_settings")),
		at("POST /newsroom/translation/settings", admins, s.saveMTSettings, needs(translation)),
		at("POST /newsroom/translation/settings/test", admins, s.testMTConnection, needs(translation)),
		at("GET /newsroom/sections", admins, s.sections, menu("nr_menu_sections")),
		at("POST /newsroom/sections", admins, s.createSection),
		at("POST /newsroom/sections/{id}", admins, s.updateSection),
		at("GET /newsroom/outbox", admins, s.outboxPage, menu("nr_menu_outbox")),
		at("GET /newsroom/digest", admins, s.digestSubscribers, menu("nr_menu_digest"), needs(digests)),
		at("GET /newsroom/digest/export.csv", admins, s.digestExport, needs(digests)),
		at("POST /newsroom/digest/{id}/remove", admins, s.digestAction(removeSubscriber, "nr_digest_removed"), needs(digests)),
		at("POST /newsroom/digest/{id}/bounce", admins, s.digestAction(bounceSubscriber, "nr_digest_bounced"), needs(digests)),
		at("GET /newsroom/security", admins, s.securityLog, menu("nr_menu_security")),
		at("GET /newsroom/privacy", admins, s.privacyForm, needs(readersData), menu("nr_menu_privacy")),
		at("POST /newsroom/privacy/export", admins, s.privacyExport, needs(readersData)),
		at("POST /newsroom/privacy/erase", admins, s.privacyErase, needs(readersData)),
		at("POST /newsroom/privacy/settings", admins, s.savePrivacySettings, needs(readersData)),
		at("GET /newsroom/channels", admins, s.channelsPage, needs(channelsOn), menu("ch_menu")),
		at("POST /newsroom/channels/{lang}", admins, s.saveChannel, needs(channelsOn)),
		at("POST /newsroom/channels/posts/{id}/retry", admins, s.retryChannelPost, needs(channelsOn)),

		// One's own account.
		at("GET /newsroom/account", anyStaff, s.account, menu("nr_menu_account")),
		at("POST /newsroom/account/language", anyStaff, s.setLanguage),
		at("POST /newsroom/account/password", anyStaff, s.changePassword),
		at("POST /newsroom/account/2fa/begin", anyStaff, s.beginTOTP),
		at("GET /newsroom/account/2fa/qr.png", anyStaff, s.totpQR),
		at("POST /newsroom/account/2fa/confirm", anyStaff, s.confirmTOTP),
		at("POST /newsroom/account/2fa/disable", anyStaff, s.disableTOTP),
		at("POST /newsroom/account/2fa/recovery", anyStaff, s.newRecoveryCodes),
		at("POST /newsroom/account/sessions/{id}/revoke", anyStaff, s.revokeSession),
		at("POST /newsroom/account/sessions/revoke-others", anyStaff, s.revokeOtherSessions),
		at("GET /newsroom/profile", anyStaff, s.profile, menu("nr_menu_profile")),
		at("POST /newsroom/profile", anyStaff, s.saveProfile),
		at("POST /newsroom/profile/email", anyStaff, s.changeEmail),
		at("POST /newsroom/profile/password", anyStaff, s.profilePassword),

		// Everything else under /newsroom/ is the newsroom's 404 page.
		at("/newsroom/", anyone, func(w http.ResponseWriter, r *http.Request) error { return errNotFound }),
	}
}

// Routes registers the newsroom's route table on mux.
func (s *Server) Routes(mux *http.ServeMux) {
	for _, rt := range s.routes {
		h := rt.h
		if rt.needs.off() {
			h = featureOff(rt.needs.name)
		}
		if rt.who.public {
			mux.Handle(rt.pattern, s.public(h))
		} else {
			mux.Handle(rt.pattern, s.signedIn(h, rt.who.roles...))
		}
	}
}

// featureOff answers every route of a feature that is not set up.
func featureOff(name string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error { return &web.FeatureOffError{Feature: name} }
}

// jsonRoutes is a mux holding only the table's JSON routes, to tell them from pages.
func jsonRoutes(table []route) *http.ServeMux {
	mux := http.NewServeMux()
	for _, rt := range table {
		if rt.json {
			mux.Handle(rt.pattern, http.NotFoundHandler())
		}
	}
	return mux
}

// isJSONRoute reports whether r is for one of the table's JSON routes.
func (s *Server) isJSONRoute(r *http.Request) bool {
	_, pattern := s.jsonMux.Handler(r)
	return pattern != ""
}

// menuURL is the address a GET route's pattern stands for.
func menuURL(pattern string) string {
	_, path, _ := strings.Cut(pattern, " ")
	return strings.TrimSuffix(path, "{$}")
}

// menu is the newsroom navigation for a user's role: the table's menu routes the user may
// open, leaving out features that are not set up.
func (s *Server) menu(r *http.Request, l *locale.Locale, u people.User) []web.NavLink {
	var out []web.NavLink
	for _, rt := range s.routes {
		if rt.menu == "" || rt.needs.off() || !rt.who.public && !u.Can(rt.who.roles...) {
			continue
		}
		url := menuURL(rt.pattern)
		active := r.URL.Path == url || url != "/newsroom/" && strings.HasPrefix(r.URL.Path, url)
		out = append(out, web.NavLink{Name: l.T(rt.menu), URL: url, Active: active})
	}
	return out
}
