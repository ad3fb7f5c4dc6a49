package newsroom_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/config"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/mail"
	"github.com/batori-news/batori/internal/newsroom"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/testkit"
)

// The accounts the tests create. Passwords avoid the e-mail and the name, which the
// password rules refuse.
const (
	adminName     = "Anima Bora"
	adminEmail    = "chief@example.org"
	adminPassword = "river-lamp-quiet-42"
	strongPass    = "tea-garden-monsoon-7"
)

// env is one whole Batori, built as `batori serve` builds it, behind a test server.
type env struct {
	t   *testing.T
	app *app.App
	srv *httptest.Server
	// logs holds what the app logged (the setup token is read from it).
	logs *testkit.LogBuffer
}

// eachDB runs fn against a fresh app on SQLite and on PostgreSQL.
func eachDB(t *testing.T, fn func(t *testing.T, e *env)) {
	eachDBEnv(t, nil, fn)
}

// eachDBEnv is eachDB with an environment for the overrides read from it (nil: the
// process's own).
func eachDBEnv(t *testing.T, environ map[string]string, fn func(t *testing.T, e *env)) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			cfg := config.Config{DataDir: t.TempDir(), Migrate: true, MaxBodyBytes: 10 << 20, ShutdownTimeout: 5 * time.Second,
				LogFormat: "text", SMTPTLS: "none", SMTPPort: 25, SMTPFrom: "Batori <newsroom@example.org>",
				LightPasswordHashesForTests: true}
			if environ != nil {
				cfg.Getenv = func(k string) string { return environ[k] }
			}
			if dialect == "postgres" {
				cfg.DatabaseURL = dbtest.NewPostgresSchema(t)
			} else {
				cfg.DataDir = dbtest.MigratedDataDir(t) // migrated once per test binary, copied
			}
			// The site's origin is the test server's address, known before the app is built.
			ln := testkit.Listen(t)
			cfg.BaseURL = "http://" + ln.Addr().String()
			logs := &testkit.LogBuffer{}
			a, err := app.New(context.Background(), cfg, logs.Logger(slog.LevelInfo))
			if err != nil {
				t.Fatal(err)
			}
			rendered.Track(a.StaffTemplates())
			srv := httptest.NewUnstartedServer(a.Handler())
			srv.Listener.Close()
			srv.Listener = ln
			srv.Start()
			t.Cleanup(func() {
				srv.Close()
				a.Close()
			})
			fn(t, &env{t: t, app: a, srv: srv, logs: logs})
		})
	}
}

// client is one browser: its own cookies, redirects not followed so tests see them.
type client struct {
	e  *env
	hc *http.Client
	// ua is sent as the User-Agent, so the sessions list can tell browsers apart.
	ua string
	// header is added to every request.
	header http.Header
}

func (e *env) client(ua string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, ua: ua, header: http.Header{}, hc: &http.Client{
		Jar:           jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// page is a response with its HTML parsed.
type page struct {
	Status   int
	Header   http.Header
	Body     string
	Doc      *goquery.Document
	Location string
}

// text returns the trimmed, space-collapsed text of the elements matching sel.
func (p *page) text(sel string) string {
	return strings.Join(strings.Fields(p.Doc.Find(sel).Text()), " ")
}

// value returns the value attribute of the element matching sel.
func (p *page) value(sel string) string {
	v, _ := p.Doc.Find(sel).Attr("value")
	return v
}

func (c *client) do(method, path string, form url.Values) *page {
	c.e.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.e.srv.URL+path, body)
	if err != nil {
		c.e.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if method == http.MethodPost {
		// What a browser sends with a form from our own page.
		req.Header.Set("Origin", c.e.srv.URL)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	req.Header.Set("User-Agent", c.ua)
	for k, v := range c.header {
		req.Header[k] = v
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		c.e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.e.t.Fatal(err)
	}
	p := &page{Status: resp.StatusCode, Header: resp.Header, Body: string(b), Location: resp.Header.Get("Location")}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") && (resp.StatusCode < 300 || resp.StatusCode >= 400) {
		p.Doc, err = goquery.NewDocumentFromReader(bytes.NewReader(b))
		if err != nil {
			c.e.t.Fatal(err)
		}
		checkPage(c.e.t, method+" "+path, p)
	}
	return p
}

func (c *client) get(path string) *page { c.e.t.Helper(); return c.do(http.MethodGet, path, nil) }

func (c *client) post(path string, form url.Values) *page {
	c.e.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	return c.do(http.MethodPost, path, form)
}

// follow GETs where a redirect points.
func (c *client) follow(p *page) *page {
	c.e.t.Helper()
	if p.Status != http.StatusSeeOther && p.Status != http.StatusFound {
		c.e.t.Fatalf("status %d, want a redirect; body:\n%s", p.Status, p.Body)
	}
	u, err := url.Parse(p.Location)
	if err != nil {
		c.e.t.Fatal(err)
	}
	return c.get(u.RequestURI())
}

var keyRE = regexp.MustCompile(`\b(nr|flash)_[a-z0-9]+(_[a-z0-9]+)*\b`)

// checkPage holds every newsroom page to the house rules: language and noindex set, no inline
// style or script (the CSP forbids them), every control labelled, every string translated.
func checkPage(t *testing.T, what string, p *page) {
	t.Helper()
	doc := p.Doc
	if lang, _ := doc.Find("html").Attr("lang"); lang != "en" && lang != "as" {
		t.Errorf("%s: html lang %q", what, lang)
	}
	if robots, _ := doc.Find(`meta[name=robots]`).Attr("content"); robots != "noindex" {
		t.Errorf("%s: robots %q, want noindex", what, robots)
	}
	if n := doc.Find("[style]").Length(); n > 0 {
		t.Errorf("%s: %d inline style attributes", what, n)
	}
	doc.Find("script").Each(func(_ int, s *goquery.Selection) {
		if _, ok := s.Attr("src"); !ok {
			t.Errorf("%s: inline script", what)
		}
	})
	if doc.Find("main#main").Length() != 1 {
		t.Errorf("%s: no main#main", what)
	}
	doc.Find("input, select, textarea").Each(func(_ int, s *goquery.Selection) {
		typ, _ := s.Attr("type")
		if typ == "hidden" || typ == "submit" {
			return
		}
		if _, hidden := s.Attr("hidden"); hidden {
			return
		}
		id, _ := s.Attr("id")
		if s.ParentsFiltered("label").Length() == 0 && (id == "" || doc.Find(`label[for="`+id+`"]`).Length() == 0) {
			name, _ := s.Attr("name")
			t.Errorf("%s: control %q has no label", what, name)
		}
		if ids, ok := s.Attr("aria-describedby"); ok {
			for _, ref := range strings.Fields(ids) {
				if doc.Find("#"+ref).Length() == 0 {
					t.Errorf("%s: aria-describedby points at missing #%s", what, ref)
				}
			}
		}
	})
	doc.Find(`form[method=post]`).Each(func(_ int, s *goquery.Selection) {
		if action, _ := s.Attr("action"); !strings.HasPrefix(action, "/newsroom/") {
			t.Errorf("%s: form posts to %q", what, action)
		}
	})
	// Mail bodies shown in the outbox carry tokens, which may hold anything.
	text := doc.Clone()
	text.Find("pre, script, style").Remove()
	if k := keyRE.FindString(text.Text()); k != "" {
		t.Errorf("%s: untranslated message key %q on the page", what, k)
	}
	if lang, _ := doc.Find("html").Attr("lang"); lang == "as" {
		if offs := locale.BengaliRa(text.Text()); offs != nil {
			t.Errorf("%s: Bengali ra U+09B0 on an Assamese page", what)
		}
	}
}

// wantStatus fails unless p has status.
func wantStatus(t *testing.T, p *page, status int) {
	t.Helper()
	if p.Status != status {
		t.Fatalf("status %d, want %d; location %q; page text:\n%s", p.Status, status, p.Location, pageText(p))
	}
}

func pageText(p *page) string {
	if p.Doc == nil {
		return p.Body
	}
	return strings.Join(strings.Fields(p.Doc.Find("main").Text()), " ")
}

// wantPage fails unless p rendered the newsroom page template name (each page's root element
// carries the class page-<name>).
func wantPage(t *testing.T, p *page, name string) {
	t.Helper()
	if p.Doc == nil || p.Doc.Find(".page-"+strings.ReplaceAll(name, "_", "-")).Length() != 1 {
		t.Fatalf("not the %s page (status %d):\n%s", name, p.Status, pageText(p))
	}
}

func wantRedirect(t *testing.T, p *page, prefix string) {
	t.Helper()
	if p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Location, prefix) {
		t.Fatalf("status %d to %q, want 303 to %s…; page text:\n%s", p.Status, p.Location, prefix, pageText(p))
	}
}

func wantText(t *testing.T, p *page, sel, want string) {
	t.Helper()
	if got := p.text(sel); !strings.Contains(got, want) {
		t.Errorf("%s: %q does not contain %q", sel, got, want)
	}
}

func wantFlash(t *testing.T, p *page, want string) {
	t.Helper()
	if got := p.text(`[role=status] .flash`); got != want {
		t.Errorf("flash %q, want %q", got, want)
	}
}

// en and as give the catalog's messages, so tests say what they expect by key.
var (
	en = locale.New(locale.English, locale.IndiaZone(), locale.NativeDigits)
	as = locale.New(locale.Assamese, locale.IndiaZone(), locale.NativeDigits)
)

// mails returns the outbox mail to addr, newest first.
func (e *env) mails(addr string) []mail.Item {
	e.t.Helper()
	items, _, err := e.app.Outbox.List(context.Background(), mail.ListFilter{Limit: 500})
	if err != nil {
		e.t.Fatal(err)
	}
	var out []mail.Item
	for _, it := range items {
		if strings.Contains(it.To, addr) {
			out = append(out, it)
		}
	}
	return out
}

// lastMail returns the newest mail to addr, which must contain subject.
func (e *env) lastMail(addr, subject string) mail.Item {
	e.t.Helper()
	list := e.mails(addr)
	if len(list) == 0 {
		e.t.Fatalf("no mail to %s", addr)
	}
	if !strings.Contains(list[0].Subject, subject) {
		e.t.Fatalf("last mail to %s is %q, want %q", addr, list[0].Subject, subject)
	}
	return list[0]
}

var linkRE = regexp.MustCompile(`https?://\S+`)

// linkIn returns the path and query of the first link in a mail.
func linkIn(t *testing.T, m mail.Item) string {
	t.Helper()
	raw := linkRE.FindString(m.Text)
	if raw == "" {
		t.Fatalf("no link in mail %q:\n%s", m.Subject, m.Text)
	}
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.RequestURI()
}

// setupToken is the token of the last setup link the app logged.
func (e *env) setupToken() string {
	e.t.Helper()
	all := setupLinkRE.FindAllStringSubmatch(e.logs.String(), -1)
	if all == nil {
		e.t.Fatalf("no setup link in the log:\n%s", e.logs.String())
	}
	return all[len(all)-1][1]
}

var setupLinkRE = regexp.MustCompile(`/newsroom/setup\?token=([A-Za-z0-9_-]+)`)

// setupAdmin creates the first admin with the setup link the app logged and returns their
// browser.
func (e *env) setupAdmin() *client {
	e.t.Helper()
	c := e.client("Firefox on the office desktop")
	p := c.post("/newsroom/setup", url.Values{"token": {e.setupToken()}, "name": {adminName}, "email": {adminEmail}, "password": {adminPassword}})
	wantRedirect(e.t, p, "/newsroom/")
	return c
}

// addUser creates an active account directly in the store.
func (e *env) addUser(name, email string, role people.Role) people.User {
	e.t.Helper()
	u, err := e.app.People.Create(context.Background(), people.NewUser{Name: name, Email: email, Password: strongPass, Role: role})
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

// login signs c in with a password (no second factor) and checks it worked.
func (c *client) login(email, password string) {
	c.e.t.Helper()
	p := c.post("/newsroom/login", url.Values{"email": {email}, "password": {password}, "next": {"/newsroom/account"}})
	wantRedirect(c.e.t, p, "/newsroom/account")
}

// registration is a valid Reporter Registration form.
func (e *env) registration(name, email string) url.Values {
	return url.Values{
		"name": {name}, "email": {email}, "phone": {"+91 98640 12345"}, "district": {"Jorhat"},
		"languages": {"en", "as"}, "bio": {"Covers tea gardens and the Brahmaputra for ten years."},
		"password": {strongPass}, "website": {""}, "form_token": {e.registerToken(time.Minute)},
	}
}

// registerToken is a registration form's token as if the form had been shown age ago to the
// test's clients (127.0.0.1), whom registration tokens are bound to.
func (e *env) registerToken(age time.Duration) string {
	e.t.Helper()
	tok, err := e.app.Guard.TokenFor(context.Background(), newsroom.RegisterFormName, "127.0.0.1", time.Now().Add(-age))
	if err != nil {
		e.t.Fatal(err)
	}
	return tok
}

// register signs a reporter up and follows their verification link; the account then waits
// for approval.
func (e *env) register(c *client, name, email string) {
	e.t.Helper()
	wantRedirect(e.t, c.post("/newsroom/register", e.registration(name, email)), "/newsroom/register/sent")
	link := linkIn(e.t, e.lastMail(email, ""))
	p := c.get(link)
	p = c.post("/newsroom/verify", url.Values{"token": {p.value(`input[name=token]`)}})
	wantStatus(e.t, p, http.StatusOK)
}

func userID(t *testing.T, e *env, email string) int64 {
	t.Helper()
	list, err := e.app.People.List(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range list {
		if u.Email == email {
			return u.ID
		}
	}
	t.Fatalf("no account %s", email)
	return 0
}

func idStr(n int64) string { return strconv.FormatInt(n, 10) }

func TestFirstRunSetup(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		c := e.client("Firefox")
		p := c.get("/newsroom/login")
		wantPage(t, p, "login")
		if p.Doc.Find(`.note a[href="/newsroom/setup"]`).Length() != 1 {
			t.Error("login page of a new site does not point to the setup")
		}

		// The setup needs the token printed in the log, from the server's own machine too.
		wantStatus(t, c.get("/newsroom/setup"), http.StatusForbidden)
		wantStatus(t, c.get("/newsroom/setup?token=guess"), http.StatusForbidden)
		token := e.setupToken()
		if !strings.Contains(e.logs.String(), e.srv.URL+"/newsroom/setup?token="+token) {
			t.Errorf("the setup link in the log is not a full link on the site's origin:\n%s", e.logs.String())
		}
		p = c.get("/newsroom/setup?token=" + token)
		wantPage(t, p, "setup")
		wantText(t, p, "h1", en.T("nr_setup_title"))
		if p.value(`input[name=token]`) != token {
			t.Error("token not carried in the form")
		}
		if p.Doc.Find(`#f-origin`).Length() != 0 {
			t.Error("the setup asks for the public address although --base-url gives it")
		}
		p = c.post("/newsroom/setup", url.Values{"name": {adminName}, "email": {adminEmail}, "password": {adminPassword}})
		wantStatus(t, p, http.StatusForbidden)

		// Bad input comes back with messages beside the fields, and the input kept.
		p = c.post("/newsroom/setup", url.Values{"token": {token}, "name": {"  "}, "email": {"chief@"}, "password": {"short"}})
		wantStatus(t, p, http.StatusUnprocessableEntity)
		wantPage(t, p, "setup")
		wantText(t, p, "#f-name-error", en.T("field_required"))
		wantText(t, p, "#f-email-error", en.T("field_invalid_email"))
		wantText(t, p, "#f-password-error", en.T("field_password_too_short", people.MinPasswordLength))
		if p.value(`#f-email`) != "chief@" {
			t.Errorf("e-mail not kept: %q", p.value(`#f-email`))
		}
		if _, ok := p.Doc.Find(`#f-password`).Attr("value"); ok {
			t.Error("password sent back to the browser")
		}
		if inv, _ := p.Doc.Find(`#f-email`).Attr("aria-invalid"); inv != "true" {
			t.Error("invalid field not marked aria-invalid")
		}

		p = c.post("/newsroom/setup", url.Values{"token": {token}, "name": {adminName}, "email": {adminEmail}, "password": {adminPassword}})
		wantRedirect(t, p, "/newsroom/")
		p = c.get("/newsroom/account")
		wantPage(t, p, "account")
		wantFlash(t, p, en.T("flash_setup_done"))
		wantText(t, p, ".who", adminName)
		wantText(t, p, ".who", en.T("nr_role_admin"))
		if p.Doc.Find(`.menu a[href="/newsroom/settings"]`).Length() != 1 {
			t.Error("admin menu lacks the settings")
		}
		if p.Doc.Find(`.menu a[aria-current=page]`).AttrOr("href", "") != "/newsroom/account" {
			t.Error("menu does not mark the account page as current")
		}

		// Once there is an admin the setup is gone, for GET and POST alike.
		p = c.get("/newsroom/setup")
		wantStatus(t, p, http.StatusNotFound)
		wantPage(t, p, "error")
		wantText(t, p, "h1", en.T("nr_err_not_found"))
		p = e.client("curl").post("/newsroom/setup", url.Values{"token": {token}, "name": {"Mallory"}, "email": {"m@example.org"}, "password": {strongPass}})
		wantStatus(t, p, http.StatusNotFound)
		if e.client("x").get("/newsroom/login").Doc.Find(`a[href="/newsroom/setup"]`).Length() != 0 {
			t.Error("login page still offers the setup")
		}

		// Logging out ends the session.
		p = c.post("/newsroom/logout", nil)
		wantRedirect(t, p, "/newsroom/login")
		p = c.follow(p)
		wantFlash(t, p, en.T("flash_logged_out"))
		if p.Doc.Find(".who").Length() != 0 {
			t.Error("still shown as signed in")
		}
		wantRedirect(t, c.get("/newsroom/account"), "/newsroom/login?next=%2Fnewsroom%2Faccount")
	})
}

func TestRegistrationValidation(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		c := e.client("Android phone")
		p := c.get("/newsroom/register")
		wantPage(t, p, "register")
		wantText(t, p, "h1", en.T("nr_register_title"))
		if n := p.Doc.Find(`input[name=languages][checked]`).Length(); n != 2 {
			t.Errorf("%d languages ticked by default, want both", n)
		}
		if p.Doc.Find(`#f-district option`).Length() != len(people.Districts)+2 {
			t.Error("district list incomplete")
		}
		hp := p.Doc.Find(`input[name=website]`)
		if hp.AttrOr("tabindex", "") != "-1" || hp.AttrOr("autocomplete", "") != "off" || hp.ParentsFiltered(".hp").Length() != 1 {
			t.Error("honeypot is not hidden from people")
		}

		form := url.Values{"name": {""}, "email": {"not-an-address"}, "phone": {"12"}, "district": {"Atlantis"},
			"bio": {"Stringer in Majuli."}, "password": {"1234567890"}, "form_token": {e.registerToken(time.Minute)}}
		p = c.post("/newsroom/register", form)
		wantStatus(t, p, http.StatusUnprocessableEntity)
		wantPage(t, p, "register")
		if p.Doc.Find(`.alert[role=alert]`).Length() != 1 {
			t.Error("no summary of the errors")
		}
		for sel, key := range map[string]string{
			"#f-name-error":      "field_required",
			"#f-email-error":     "field_invalid_email",
			"#f-district-error":  "field_not_allowed",
			"#f-languages-error": "field_required",
			"#f-password-error":  "field_password_common",
		} {
			wantText(t, p, sel, en.T(key))
		}
		wantText(t, p, "#f-phone-error", en.T("field_invalid_phone", 10, 15))
		if d := p.Doc.Find(`#f-phone`).AttrOr("aria-describedby", ""); !strings.Contains(d, "f-phone-error") {
			t.Errorf("phone error not tied to the input: %q", d)
		}
		if p.value(`#f-email`) != "not-an-address" || p.value(`#f-phone`) != "12" || p.text(`#f-bio`) != "Stringer in Majuli." {
			t.Error("input not kept")
		}
		if _, ok := p.Doc.Find(`#f-password`).Attr("value"); ok {
			t.Error("password sent back to the browser")
		}
		if p.Doc.Find(`input[name=languages][checked]`).Length() != 0 {
			t.Error("languages ticked that were not chosen")
		}

		// A bot filling the hidden field is told all went well, and nothing happens.
		bot := e.registration("Spam Bot", "bot@example.org")
		bot.Set("website", "https://spam.example")
		wantRedirect(t, c.post("/newsroom/register", bot), "/newsroom/register/sent")
		if list, _ := e.app.People.List(context.Background(), ""); len(list) != 0 {
			t.Errorf("honeypot created %d accounts", len(list))
		}

		wantRedirect(t, c.post("/newsroom/register", e.registration("Bitu Kalita", "bitu@example.org")), "/newsroom/register/sent?email=bitu%40example.org")
		p = c.post("/newsroom/register", e.registration("Bitu Kalita", "Bitu@Example.org"))
		wantStatus(t, p, http.StatusUnprocessableEntity)
		wantText(t, p, "#f-email-error", en.T("field_account_exists"))
		if p.value(`#f-name`) != "Bitu Kalita" || p.Doc.Find(`#f-district option[selected]`).Text() != "Jorhat" {
			t.Error("input not kept")
		}
		if n := len(e.mails("bitu@example.org")); n != 1 {
			t.Errorf("%d mails to the reporter, want 1", n)
		}
	})
}

func TestRegistrationToApprovedLogin(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		admin := e.setupAdmin()
		reporter := e.client("Reporter phone")
		const email = "priyanka@example.org"

		p := reporter.post("/newsroom/register", e.registration("Priyanka Das", email))
		wantRedirect(t, p, "/newsroom/register/sent")
		p = reporter.follow(p)
		wantPage(t, p, "register_sent")
		wantText(t, p, "main", en.T("nr_register_sent_to", email))
		if p.value(`#f-resend-email`) != email {
			t.Error("resend form lacks the e-mail")
		}
		first := e.lastMail(email, en.T("nr_mail_verify_subject"))
		wantText(t, &page{Doc: mustDoc(t, "<p>"+first.Text+"</p>")}, "p", en.T("nr_mail_greeting", "Priyanka Das"))

		// Asking again sends a new link; only the newest works.
		p = reporter.post("/newsroom/register/resend", url.Values{"email": {email}})
		wantRedirect(t, p, "/newsroom/register/sent")
		wantFlash(t, reporter.follow(p), en.T("flash_verification_resent"))
		link := linkIn(t, e.lastMail(email, en.T("nr_mail_verify_subject")))
		if link == linkIn(t, first) {
			t.Fatal("resend reused the old link")
		}

		// Opening the link does not verify (mail scanners open links); the button does.
		p = reporter.get(link)
		wantPage(t, p, "verify")
		token := p.value(`form[action="/newsroom/verify"] input[name=token]`)
		if token == "" || p.Doc.Find(`form[action="/newsroom/verify"] button[type=submit]`).Length() != 1 {
			t.Fatal("no confirm button")
		}
		if len(e.mails(adminEmail)) != 0 {
			t.Fatal("admin told before the e-mail was confirmed")
		}
		wantStatus(t, reporter.post("/newsroom/verify", url.Values{"token": {linkToken(t, linkIn(t, first))}}), http.StatusGone)
		p = reporter.post("/newsroom/verify", url.Values{"token": {token}})
		wantStatus(t, p, http.StatusOK)
		wantPage(t, p, "verify")
		wantText(t, p, ".done", en.T("nr_verify_done"))
		pending := e.lastMail(adminEmail, en.T("nr_mail_pending_subject"))
		if !strings.Contains(pending.Text, "Priyanka Das (Jorhat)") || !strings.Contains(linkIn(t, pending), "/newsroom/users?status=pending") {
			t.Errorf("pending mail:\n%s", pending.Text)
		}

		// The link is spent.
		p = reporter.post("/newsroom/verify", url.Values{"token": {token}})
		wantStatus(t, p, http.StatusGone)
		wantPage(t, p, "verify")
		wantText(t, p, ".alert", en.T("nr_token_invalid"))

		p = reporter.post("/newsroom/login", url.Values{"email": {email}, "password": {strongPass}})
		wantStatus(t, p, http.StatusForbidden)
		wantText(t, p, ".alert", en.T("nr_login_status_pending"))

		// The editor sees the registration with everything the reporter told.
		p = admin.get("/newsroom/users?status=pending")
		wantPage(t, p, "users")
		wantText(t, p, `.tabs [aria-current=page]`, en.T("nr_status_pending"))
		card := p.Doc.Find("article.user")
		if card.Length() != 1 {
			t.Fatalf("%d users listed, want 1", card.Length())
		}
		for _, want := range []string{"Priyanka Das", email, "+91 98640 12345", "Jorhat", "English, Assamese", "Brahmaputra"} {
			if !strings.Contains(card.Text(), want) {
				t.Errorf("user card lacks %q", want)
			}
		}
		// The applicant's bio is headed as the applicant's, not "About you".
		if got := card.Find(".bio h3").Text(); got != en.T("nr_applicant_bio") {
			t.Errorf("the bio on the user card is headed %q, want %q", got, en.T("nr_applicant_bio"))
		}
		id := userID(t, e, email)
		approve := card.Find(`form[action="/newsroom/users/` + idStr(id) + `/approve"]`)
		var roles []string
		approve.Find("select[name=role] option").Each(func(_ int, s *goquery.Selection) { roles = append(roles, s.AttrOr("value", "")) })
		if !slices.Equal(roles, []string{"reporter", "translator", "editor", "admin"}) {
			t.Errorf("an admin may approve as %v", roles)
		}
		if card.Find(`form[action$="/reject"] textarea[name=reason][required]`).Length() != 1 {
			t.Error("reject form lacks a required reason")
		}

		p = admin.post("/newsroom/users/"+idStr(id)+"/approve", url.Values{"role": {"reporter"}})
		wantRedirect(t, p, "/newsroom/users?status=pending")
		p = admin.follow(p)
		wantFlash(t, p, en.T("flash_user_approved"))
		wantText(t, p, "main", en.T("nr_users_none"))
		approved := e.lastMail(email, en.T("nr_mail_approved_subject"))
		if !strings.HasSuffix(linkIn(t, approved), "/newsroom/login") {
			t.Errorf("approval mail:\n%s", approved.Text)
		}

		p = reporter.post("/newsroom/login", url.Values{"email": {email}, "password": {strongPass}, "next": {"/newsroom/account"}})
		wantRedirect(t, p, "/newsroom/account")
		p = reporter.follow(p)
		wantText(t, p, ".who", en.T("nr_role_reporter"))
		if p.Doc.Find(`.menu a[href="/newsroom/users"]`).Length() != 0 {
			t.Error("a reporter's menu offers the users page")
		}
	})
}

func TestRejectRegistration(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		admin := e.setupAdmin()
		const email = "nobody@example.org"
		e.register(e.client("phone"), "Nobody Known", email)
		id := idStr(userID(t, e, email))

		p := admin.post("/newsroom/users/"+id+"/reject", url.Values{"reason": {"  "}})
		wantRedirect(t, p, "/newsroom/users?status=pending")
		wantFlash(t, admin.follow(p), en.T("flash_reason_required"))

		p = admin.post("/newsroom/users/"+id+"/reject", url.Values{"reason": {"We could not confirm your work as a journalist."}})
		wantFlash(t, admin.follow(p), en.T("flash_user_rejected"))
		m := e.lastMail(email, en.T("nr_mail_rejected_subject"))
		if !strings.Contains(m.Text, "We could not confirm your work as a journalist.") {
			t.Errorf("rejection mail lacks the reason:\n%s", m.Text)
		}
		p = admin.get("/newsroom/users?status=rejected")
		wantText(t, p, "article.user .note", "We could not confirm your work as a journalist.")
		p = e.client("phone").post("/newsroom/login", url.Values{"email": {email}, "password": {strongPass}})
		wantText(t, p, ".alert", en.T("nr_login_status_rejected"))
	})
}

func TestUserAdministration(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		admin := e.setupAdmin()
		rep := e.addUser("Jonali Saikia", "jonali@example.org", people.Reporter)
		id := idStr(rep.ID)

		p := admin.get("/newsroom/users?status=active")
		wantPage(t, p, "users")
		if p.Doc.Find(`form[action="/newsroom/users/`+id+`/role"] option[selected]`).AttrOr("value", "") != "reporter" {
			t.Error("role form does not show the current role")
		}
		self := idStr(userID(t, e, adminEmail))
		if p.Doc.Find(`form[action^="/newsroom/users/`+self+`/"]`).Length() != 0 {
			t.Error("admin offered actions on their own account")
		}

		p = admin.post("/newsroom/users/"+id+"/role", url.Values{"role": {"editor"}})
		wantRedirect(t, p, "/newsroom/users")
		wantFlash(t, admin.follow(p), en.T("flash_role_changed"))
		p = admin.post("/newsroom/users/"+id+"/suspend", nil)
		wantFlash(t, admin.follow(p), en.T("flash_user_suspended"))
		p = admin.get("/newsroom/users?status=suspended")
		wantText(t, p, "article.user h2", "Jonali Saikia")
		wantText(t, p, "article.user .badge", en.T("nr_role_editor"))
		lp := e.client("x").post("/newsroom/login", url.Values{"email": {"jonali@example.org"}, "password": {strongPass}})
		wantText(t, lp, ".alert", en.T("nr_login_status_suspended"))
		p = admin.post("/newsroom/users/"+id+"/reinstate", nil)
		wantFlash(t, admin.follow(p), en.T("flash_user_reinstated"))

		wantStatus(t, admin.post("/newsroom/users/"+self+"/suspend", nil), http.StatusForbidden)
		wantStatus(t, admin.get("/newsroom/users?status=nonsense"), http.StatusNotFound)

		// An editor reviews registrations but hands out no editor or admin rights.
		ed := e.client("editor")
		ed.login("jonali@example.org", strongPass)
		e.register(e.client("phone"), "Rupam Gogoi", "rupam@example.org")
		p = ed.get("/newsroom/users?status=pending")
		var roles []string
		p.Doc.Find(`select[name=role] option`).Each(func(_ int, s *goquery.Selection) { roles = append(roles, s.AttrOr("value", "")) })
		if !slices.Equal(roles, []string{"reporter", "translator"}) {
			t.Errorf("an editor may approve as %v", roles)
		}
		if p.Doc.Find(`form[action$="/suspend"], form[action$="/role"]`).Length() != 0 {
			t.Error("editor offered admin actions")
		}
		wantStatus(t, ed.post("/newsroom/users/"+idStr(userID(t, e, "rupam@example.org"))+"/approve", url.Values{"role": {"admin"}}), http.StatusForbidden)
		wantStatus(t, ed.get("/newsroom/settings"), http.StatusForbidden)
	})
}

func TestLoginFailures(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		e.setupAdmin()
		c := e.client("Safari")
		unknown := c.post("/newsroom/login", url.Values{"email": {"ghost@example.org"}, "password": {adminPassword}})
		known := c.post("/newsroom/login", url.Values{"email": {adminEmail}, "password": {"wrong-password-1"}})
		for _, p := range []*page{unknown, known} {
			wantStatus(t, p, http.StatusUnauthorized)
			wantPage(t, p, "login")
			wantText(t, p, ".alert[role=alert]", en.T("nr_login_failed"))
		}
		if unknown.text("form") != known.text("form") || unknown.text(".alert") != known.text(".alert") {
			t.Error("the answer tells whether the e-mail has an account")
		}
		if known.value(`#f-email`) != adminEmail {
			t.Error("e-mail not kept")
		}
		if _, ok := known.Doc.Find(`#f-password`).Attr("value"); ok {
			t.Error("password sent back")
		}

		// After a few failures the address and the e-mail are made to wait.
		var p *page
		for range 2 {
			p = c.post("/newsroom/login", url.Values{"email": {adminEmail}, "password": {"wrong-password-2"}})
			wantStatus(t, p, http.StatusUnauthorized)
		}
		p = c.post("/newsroom/login", url.Values{"email": {adminEmail}, "password": {adminPassword}})
		wantStatus(t, p, http.StatusTooManyRequests)
		wantPage(t, p, "login")
		if !regexp.MustCompile(`Too many failed attempts. Please try again in \d+ seconds.`).MatchString(p.text(".alert")) {
			t.Errorf("throttle message %q", p.text(".alert"))
		}
	})
}

func TestPasswordReset(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		desk := e.setupAdmin()
		c := e.client("Phone browser")
		p := c.get("/newsroom/login")
		p = c.get(p.Doc.Find(`a[href="/newsroom/password/forgot"]`).AttrOr("href", "missing"))
		wantPage(t, p, "password_forgot")

		p = c.post("/newsroom/password/forgot", url.Values{"email": {"ghost@example.org"}})
		wantStatus(t, p, http.StatusOK)
		unknown := p.text(".done")
		p = c.post("/newsroom/password/forgot", url.Values{"email": {adminEmail}})
		wantText(t, p, ".done", en.T("nr_forgot_sent", adminEmail))
		if strings.ReplaceAll(unknown, "ghost@example.org", adminEmail) != p.text(".done") {
			t.Error("the answer tells whether the e-mail has an account")
		}
		if n := len(e.mails("ghost@example.org")); n != 0 {
			t.Errorf("%d mails to an unknown address", n)
		}
		link := linkIn(t, e.lastMail(adminEmail, en.T("nr_mail_reset_subject")))

		p = c.get(link)
		wantPage(t, p, "password_reset")
		token := p.value(`input[name=token]`)
		if token == "" || p.Doc.Find(`#f-password[autocomplete=new-password][required]`).Length() != 1 {
			t.Fatal("reset form incomplete")
		}
		p = c.post("/newsroom/password/reset", url.Values{"token": {token}, "password": {"aaaaaaaaaaaa"}})
		wantStatus(t, p, http.StatusUnprocessableEntity)
		wantText(t, p, "#f-password-error", en.T("field_password_repeated"))
		if p.value(`input[name=token]`) != token {
			t.Error("token lost on a weak password")
		}

		const newPass = "lotus-bridge-silver-9"
		p = c.post("/newsroom/password/reset", url.Values{"token": {token}, "password": {newPass}})
		wantRedirect(t, p, "/newsroom/login")
		wantFlash(t, c.follow(p), en.T("flash_password_reset"))
		wantRedirect(t, desk.get("/newsroom/account"), "/newsroom/login")
		wantStatus(t, c.post("/newsroom/login", url.Values{"email": {adminEmail}, "password": {adminPassword}}), http.StatusUnauthorized)
		c.login(adminEmail, newPass)

		p = c.post("/newsroom/password/reset", url.Values{"token": {token}, "password": {"another-fine-pass-3"}})
		wantStatus(t, p, http.StatusGone)
		wantText(t, p, ".alert", en.T("nr_token_invalid"))
		if p.Doc.Find(`form[action="/newsroom/password/reset"]`).Length() != 0 {
			t.Error("spent link still shows the form")
		}
	})
}

func TestChangePassword(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		c := e.setupAdmin()
		other := e.client("Other")
		other.login(adminEmail, adminPassword)

		p := c.post("/newsroom/account/password", url.Values{"current": {"not-it-at-all"}, "password": {"x"}})
		wantStatus(t, p, http.StatusUnprocessableEntity)
		wantPage(t, p, "account")
		wantText(t, p, "#f-current-error", en.T("field_wrong_password"))
		p = c.post("/newsroom/account/password", url.Values{"current": {adminPassword}, "password": {"x"}})
		wantText(t, p, "#f-password-error", en.T("field_password_too_short", people.MinPasswordLength))

		p = c.post("/newsroom/account/password", url.Values{"current": {adminPassword}, "password": {"lotus-bridge-silver-9"}})
		wantRedirect(t, p, "/newsroom/account")
		wantFlash(t, c.follow(p), en.T("flash_password_changed"))
		wantRedirect(t, other.get("/newsroom/account"), "/newsroom/login")
	})
}

func TestTwoFactorLogin(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		c := e.setupAdmin()
		p := c.get("/newsroom/account")
		if p.Doc.Find(`#two-factor form[action="/newsroom/account/2fa/begin"]`).Length() != 1 {
			t.Fatal("no way to begin two-step login")
		}
		wantRedirect(t, c.post("/newsroom/account/2fa/begin", nil), "/newsroom/account#two-factor")
		p = c.get("/newsroom/account")
		if p.Doc.Find(`#two-factor img[src="/newsroom/account/2fa/qr.png"][alt]`).Length() != 1 {
			t.Error("no QR code")
		}
		secret := p.text("#totp-secret")
		if secret == "" {
			t.Fatal("secret not shown")
		}
		qr := c.get("/newsroom/account/2fa/qr.png")
		if qr.Status != http.StatusOK || qr.Header.Get("Content-Type") != "image/png" {
			t.Errorf("QR code: %d %s", qr.Status, qr.Header.Get("Content-Type"))
		}
		// Codes are single-use and a later step spends the earlier ones, so the confirmation,
		// the login and the switch-off use the previous, current and next steps.
		code := totpCodeAt(t, secret, -30*time.Second)
		p = c.post("/newsroom/account/2fa/confirm", url.Values{"code": {wrongCode(code)}})
		wantStatus(t, p, http.StatusUnprocessableEntity)
		wantText(t, p, "#f-confirm-code-error", en.T("nr_code_wrong"))
		p = c.post("/newsroom/account/2fa/confirm", url.Values{"code": {code}})
		// The answer shows the recovery codes, once, and is not to be stored.
		wantPage(t, p, "account")
		wantFlash(t, p, en.T("flash_totp_enabled"))
		if p.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("recovery codes page Cache-Control %q", p.Header.Get("Cache-Control"))
		}
		recovery := p.Doc.Find("#recovery-codes code").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
		if len(recovery) != people.RecoveryCodeCount {
			t.Fatalf("%d recovery codes shown, want %d", len(recovery), people.RecoveryCodeCount)
		}
		p = c.get("/newsroom/account")
		if p.Doc.Find("#recovery-codes").Length() != 0 {
			t.Error("recovery codes shown again")
		}
		wantText(t, p, "#recovery-left", en.TCount("nr_recovery_left", int64(people.RecoveryCodeCount)))
		if p.Doc.Find(`#two-factor form[action="/newsroom/account/2fa/disable"] input[name=code][autocomplete=one-time-code][inputmode=numeric]`).Length() != 1 {
			t.Error("no form to turn two-step login off")
		}

		// A new login now needs the code.
		phone := e.client("Phone")
		p = phone.post("/newsroom/login", url.Values{"email": {adminEmail}, "password": {adminPassword}, "next": {"/newsroom/users"}})
		wantRedirect(t, p, "/newsroom/login/code?next=%2Fnewsroom%2Fusers")
		wantRedirect(t, phone.get("/newsroom/account"), "/newsroom/login/code")
		p = phone.follow(p)
		wantPage(t, p, "login_code")
		if p.value(`input[name=next]`) != "/newsroom/users" {
			t.Error("next lost")
		}
		p = phone.post("/newsroom/login/code", url.Values{"code": {wrongCode(totpCode(t, secret))}, "next": {"/newsroom/users"}})
		wantStatus(t, p, http.StatusUnauthorized)
		wantText(t, p, ".alert", en.T("nr_code_wrong"))
		p = phone.post("/newsroom/login/code", url.Values{"code": {totpCode(t, secret)}, "next": {"/newsroom/users"}})
		wantRedirect(t, p, "/newsroom/users")
		wantPage(t, phone.follow(p), "users")

		// A recovery code stands in for the app's code, once.
		tablet := e.client("Tablet")
		wantRedirect(t, tablet.post("/newsroom/login", url.Values{"email": {adminEmail}, "password": {adminPassword}}), "/newsroom/login/code")
		wantRedirect(t, tablet.post("/newsroom/login/code", url.Values{"code": {recovery[0]}}), "/newsroom/")
		laptop := e.client("Laptop")
		wantRedirect(t, laptop.post("/newsroom/login", url.Values{"email": {adminEmail}, "password": {adminPassword}}), "/newsroom/login/code")
		wantStatus(t, laptop.post("/newsroom/login/code", url.Values{"code": {recovery[0]}}), http.StatusUnauthorized)
		wantText(t, c.get("/newsroom/account"), "#recovery-left", en.TCount("nr_recovery_left", int64(people.RecoveryCodeCount-1)))

		// New codes replace the old ones.
		p = c.post("/newsroom/account/2fa/recovery", nil)
		wantFlash(t, p, en.T("flash_recovery_codes_new"))
		fresh := p.Doc.Find("#recovery-codes code").Map(func(_ int, s *goquery.Selection) string { return s.Text() })
		if len(fresh) != people.RecoveryCodeCount || fresh[0] == recovery[0] {
			t.Fatalf("new recovery codes %q", fresh)
		}
		wantStatus(t, laptop.post("/newsroom/login/code", url.Values{"code": {recovery[1]}}), http.StatusUnauthorized)
		wantRedirect(t, laptop.post("/newsroom/login/code", url.Values{"code": {fresh[1]}}), "/newsroom/")

		p = c.post("/newsroom/account/2fa/disable", url.Values{"code": {wrongCode(totpCode(t, secret))}})
		wantStatus(t, p, http.StatusUnprocessableEntity)
		wantText(t, p, "#f-disable-code-error", en.T("nr_code_wrong"))
		p = c.post("/newsroom/account/2fa/disable", url.Values{"code": {totpCodeAt(t, secret, 30*time.Second)}})
		wantFlash(t, c.follow(p), en.T("flash_totp_disabled"))
	})
}

func TestTwoFactorRequiredOfStaff(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		c := e.setupAdmin()
		form := settingsForm()
		form.Set("require_staff_2fa", "on")
		wantRedirect(t, c.post("/newsroom/settings", form), "/newsroom/settings")
		p := c.get("/newsroom/settings")
		wantRedirect(t, p, "/newsroom/account#two-factor")
		p = c.follow(p)
		wantFlash(t, p, en.T("flash_totp_required"))
		wantText(t, p, "#two-factor .alert", en.T("nr_2fa_required"))
	})
}

func TestSessions(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		desk := e.setupAdmin()
		phone := e.client("Phone browser")
		phone.login(adminEmail, adminPassword)

		p := desk.get("/newsroom/account")
		rows := p.Doc.Find("#sessions tbody tr")
		if rows.Length() != 2 {
			t.Fatalf("%d sessions listed, want 2", rows.Length())
		}
		current := rows.Filter(".current")
		if current.Length() != 1 || !strings.Contains(current.Text(), "Firefox on the office desktop") ||
			!strings.Contains(current.Text(), en.T("nr_session_this_device")) {
			t.Errorf("current session row: %q", current.Text())
		}
		if current.Find("form").Length() != 0 {
			t.Error("the current session offers to revoke itself")
		}
		other := rows.Not(".current")
		if !strings.Contains(other.Text(), "Phone browser") || !strings.Contains(other.Text(), "127.0.0.1") {
			t.Errorf("other session row: %q", other.Text())
		}
		if other.Find("time").Length() != 2 {
			t.Error("session times missing")
		}
		revoke := other.Find("form").AttrOr("action", "")
		if !regexp.MustCompile(`^/newsroom/account/sessions/[^/]+/revoke$`).MatchString(revoke) {
			t.Fatalf("revoke action %q", revoke)
		}
		p = desk.post(revoke, nil)
		wantRedirect(t, p, "/newsroom/account#sessions")
		wantFlash(t, desk.follow(p), en.T("flash_session_revoked"))
		wantRedirect(t, phone.get("/newsroom/account"), "/newsroom/login")
		wantStatus(t, desk.post(revoke, nil), http.StatusNotFound)

		phone.login(adminEmail, adminPassword)
		tablet := e.client("Tablet")
		tablet.login(adminEmail, adminPassword)
		p = desk.get("/newsroom/account")
		if n := p.Doc.Find("#sessions tbody tr").Length(); n != 3 {
			t.Fatalf("%d sessions, want 3", n)
		}
		p = desk.post("/newsroom/account/sessions/revoke-others", nil)
		p = desk.follow(p)
		wantFlash(t, p, en.T("flash_sessions_revoked"))
		if n := p.Doc.Find("#sessions tbody tr").Length(); n != 1 {
			t.Errorf("%d sessions after logging out the others, want 1", n)
		}
		if p.Doc.Find(`form[action="/newsroom/account/sessions/revoke-others"]`).Length() != 0 {
			t.Error("offers to log out other devices when there are none")
		}
		wantRedirect(t, phone.get("/newsroom/account"), "/newsroom/login")
		wantRedirect(t, tablet.get("/newsroom/account"), "/newsroom/login")
	})
}

func TestStaffPagesRefuseOthers(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		e.setupAdmin()
		e.addUser("Mridul Baruah", "mridul@example.org", people.Reporter)
		rep := e.client("Reporter")
		rep.login("mridul@example.org", strongPass)
		for _, path := range []string{"/newsroom/users", "/newsroom/settings", "/newsroom/outbox"} {
			p := rep.get(path)
			wantStatus(t, p, http.StatusForbidden)
			wantPage(t, p, "error")
			wantText(t, p, "h1", en.T("nr_err_forbidden"))
		}
		wantStatus(t, rep.post("/newsroom/settings", settingsForm()), http.StatusForbidden)

		anon := e.client("Anonymous")
		wantRedirect(t, anon.get("/newsroom/users?status=pending"), "/newsroom/login?next=%2Fnewsroom%2Fusers%3Fstatus%3Dpending")
		p := anon.post("/newsroom/settings", settingsForm())
		wantStatus(t, p, http.StatusUnauthorized)
		wantText(t, p, "h1", en.T("nr_err_unauthorized"))
		if p.Doc.Find(`a[href="/newsroom/login"]`).Length() == 0 {
			t.Error("401 page does not offer to log in")
		}
	})
}

func TestCrossOriginPostRefused(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		admin := e.setupAdmin()
		for _, path := range []string{"/newsroom/login", "/newsroom/account/password"} {
			req, _ := http.NewRequest(http.MethodPost, e.srv.URL+path,
				strings.NewReader(url.Values{"email": {adminEmail}, "password": {"evil-password-99"}, "current": {adminPassword}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", "https://evil.example")
			resp, err := admin.hc.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := goquery.NewDocumentFromReader(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}
			p := &page{Status: resp.StatusCode, Header: resp.Header, Doc: doc}
			checkPage(t, path, p)
			wantStatus(t, p, http.StatusForbidden)
			wantPage(t, p, "error")
			if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
				t.Errorf("content type %q", resp.Header.Get("Content-Type"))
			}
			wantText(t, p, "h1", en.T("nr_err_cross_origin"))
		}
		// The password did not change.
		e.client("x").login(adminEmail, adminPassword)
	})
}

// settingsForm is a valid settings form.
func settingsForm() url.Values {
	return url.Values{
		"name_en": {"Brahmaputra Times"}, "name_as": {"ব্ৰহ্মপুত্ৰ টাইমছ"}, "tagline_en": {"News from the valley"},
		"tagline_as": {"উপত্যকাৰ বাতৰি"}, "address": {"GS Road, Guwahati 781005"}, "address_as": {"জি এছ পথ, গুৱাহাটী ৭৮১০০৫"}, "email": {"desk@example.org"},
		"phone": {"+91 361 254 0000"}, "time_zone": {"Asia/Kolkata"}, "digits": {"latin"},
	}
}

func TestSettings(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		c := e.setupAdmin()
		p := c.get("/newsroom/settings")
		wantPage(t, p, "settings")
		if p.value("#f-name_en") != "Batori" || p.text(`#f-time_zone option[selected]`) != "Asia/Kolkata" ||
			p.Doc.Find(`input[name=digits][value=native][checked]`).Length() != 1 ||
			p.Doc.Find(`input[name=require_staff_2fa][checked]`).Length() != 0 {
			t.Error("form does not show the default settings")
		}

		p = c.post("/newsroom/settings", settingsForm())
		wantRedirect(t, p, "/newsroom/settings")
		p = c.follow(p)
		wantFlash(t, p, en.T("flash_settings_saved"))
		wantText(t, p, ".brand", "Brahmaputra Times")
		if p.value("#f-name_as") != "ব্ৰহ্মপুত্ৰ টাইমছ" || p.value("#f-phone") != "+91 361 254 0000" || p.value("#f-address_as") != "জি এছ পথ, গুৱাহাটী ৭৮১০০৫" ||
			p.Doc.Find(`input[name=digits][value=latin][checked]`).Length() != 1 {
			t.Error("saved settings not shown")
		}
		if p.Doc.Find(`input[name=feed_full_text][checked]`).Length() != 0 {
			t.Error("feeds carry the full text without being asked to")
		}
		full := settingsForm()
		full.Set("feed_full_text", "on")
		wantRedirect(t, c.post("/newsroom/settings", full), "/newsroom/settings")
		if p = c.get("/newsroom/settings"); p.Doc.Find(`input[name=feed_full_text][checked]`).Length() != 1 {
			t.Error("the full-text feed setting is not kept")
		}

		bad := settingsForm()
		bad.Set("time_zone", "Mars/Olympus_Mons")
		bad.Set("tagline_en", "Kept on error")
		p = c.post("/newsroom/settings", bad)
		wantStatus(t, p, http.StatusUnprocessableEntity)
		wantText(t, p, ".alert", en.T("nr_settings_invalid"))
		if p.value("#f-tagline_en") != "Kept on error" {
			t.Error("input not kept")
		}
	})
}

func TestOutboxPage(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		c := e.setupAdmin()
		e.register(e.client("phone"), "Dipankar Nath", "dipankar@example.org")
		p := c.get("/newsroom/outbox")
		wantPage(t, p, "outbox")
		rows := p.Doc.Find("table.mail tbody tr")
		if rows.Length() != 2 {
			t.Fatalf("%d mails listed, want 2", rows.Length())
		}
		verify := rows.FilterFunction(func(_ int, s *goquery.Selection) bool {
			return strings.Contains(s.Text(), "dipankar@example.org")
		})
		if !strings.Contains(verify.Find("details summary").Text(), en.T("nr_mail_verify_subject")) ||
			!strings.Contains(verify.Find("details pre").Text(), "/newsroom/verify?token=") {
			t.Errorf("verification mail row: %q", verify.Text())
		}
		wantText(t, p, "main", en.T("nr_mail_status_queued"))
		wantText(t, p, "main", en.TCount("nr_outbox_count", 2))
		p = c.get("/newsroom/outbox?status=sent")
		wantText(t, p, ".note", en.T("nr_outbox_none"))
		wantText(t, p, `.tabs [aria-current=page]`, en.T("nr_mail_status_sent"))
		wantStatus(t, c.get("/newsroom/outbox?status=lost"), http.StatusNotFound)
		wantStatus(t, c.get("/newsroom/outbox?page=0"), http.StatusNotFound)
	})
}

func TestAssameseInterface(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		anon := e.client("phone")
		p := anon.get("/newsroom/login?lang=as")
		if lang, _ := p.Doc.Find("html").Attr("lang"); lang != "as" {
			t.Fatalf("html lang %q", lang)
		}
		wantText(t, p, "h1", "সংবাদদাতা লগ-ইন")
		if p.Doc.Find(`a.lang[hreflang=en]`).Text() != "English" {
			t.Error("no switch to English")
		}
		// The choice is remembered, and the registration mail follows it.
		p = anon.get("/newsroom/register")
		wantText(t, p, "h1", "সংবাদদাতা পঞ্জীয়ন")
		wantText(t, p, "label[for=f-district]", as.T("nr_label_district"))
		wantRedirect(t, anon.post("/newsroom/register", e.registration("Gitanjali Bora", "gitanjali@example.org")), "/newsroom/register/sent")
		m := e.lastMail("gitanjali@example.org", as.T("nr_mail_verify_subject"))
		if !strings.Contains(m.Text, as.T("nr_mail_greeting", "Gitanjali Bora")) {
			t.Errorf("mail not in Assamese:\n%s", m.Text)
		}
		p = anon.get("/newsroom/password/forgot")
		wantText(t, p, "h1", as.T("nr_forgot_title"))
		wantStatus(t, anon.get("/newsroom/nowhere"), http.StatusNotFound)
		wantText(t, anon.get("/newsroom/nowhere"), "h1", "পৃষ্ঠাটো পোৱা নগ’ল")

		// A signed-in user's own choice wins over the cookie.
		c := e.setupAdmin()
		p = c.get("/newsroom/account")
		if lang, _ := p.Doc.Find("html").Attr("lang"); lang != "en" {
			t.Errorf("new admin's newsroom in %q", lang)
		}
		p = c.post("/newsroom/account/language", url.Values{"lang": {"as"}, "next": {"/newsroom/account"}})
		wantRedirect(t, p, "/newsroom/account")
		p = c.follow(p)
		if lang, _ := p.Doc.Find("html").Attr("lang"); lang != "as" {
			t.Fatalf("html lang %q after choosing Assamese", lang)
		}
		wantText(t, p, "h1", "মোৰ একাউণ্ট")
		wantText(t, p, ".who", "প্ৰশাসক")
		wantText(t, p, ".menu", "ব্যৱহাৰকাৰী")
		wantText(t, p, "#sessions", "এই ডিভাইচ")
		if p.Doc.Find(`input[name=lang][value=as][checked]`).Length() != 1 {
			t.Error("language choice not shown")
		}
		if !regexp.MustCompile(`[০-৯]`).MatchString(p.text("#sessions time")) {
			t.Errorf("session times not in Assamese digits: %q", p.text("#sessions time"))
		}
		p = c.get("/newsroom/users")
		wantText(t, p, ".tabs", as.T("nr_status_pending"))
		p = c.get("/newsroom/settings")
		wantText(t, p, "h1", as.T("nr_settings_title"))
		p = c.get("/newsroom/outbox")
		wantText(t, p, "h1", as.T("nr_outbox_title"))
	})
}

// TestEveryNewsroomPageRenders visits each newsroom page this file's area owns in one run,
// so a page no flow reaches still fails here when it breaks.
func TestEveryNewsroomPageRenders(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		anon := e.client("anon")
		wantPage(t, anon.get("/newsroom/setup?token="+e.setupToken()), "setup")
		admin := e.setupAdmin()
		wantPage(t, anon.get("/newsroom/login"), "login")
		wantPage(t, anon.get("/newsroom/register"), "register")
		wantPage(t, anon.get("/newsroom/register/sent?email=a%40example.org"), "register_sent")
		wantPage(t, anon.get("/newsroom/register/sent"), "register_sent")
		wantPage(t, anon.get("/newsroom/verify?token=x"), "verify")
		wantPage(t, anon.get("/newsroom/verify"), "verify")
		wantPage(t, anon.get("/newsroom/password/forgot"), "password_forgot")
		wantPage(t, anon.get("/newsroom/password/reset?token=x"), "password_reset")
		wantPage(t, anon.get("/newsroom/password/reset"), "password_reset")
		wantPage(t, anon.get("/newsroom/nowhere"), "error")
		for _, path := range []string{"/newsroom/account", "/newsroom/users", "/newsroom/settings", "/newsroom/outbox"} {
			wantPage(t, admin.get(path), strings.TrimPrefix(path, "/newsroom/"))
		}
		wantRedirect(t, admin.post("/newsroom/account/2fa/begin", nil), "/newsroom/account")
		secret := admin.get("/newsroom/account").text("#totp-secret")
		wantPage(t, admin.post("/newsroom/account/2fa/confirm", url.Values{"code": {totpCode(t, secret)}}), "account")
		wantRedirect(t, anon.post("/newsroom/login", url.Values{"email": {adminEmail}, "password": {adminPassword}}), "/newsroom/login/code")
		wantPage(t, anon.get("/newsroom/login/code"), "login_code")
	})
}

func totpCode(t *testing.T, secret string) string {
	t.Helper()
	return totpCodeAt(t, secret, 0)
}

// totpCodeAt returns the code an authenticator shows at now+offset.
func totpCodeAt(t *testing.T, secret string, offset time.Duration) string {
	t.Helper()
	code, err := people.TOTPCode(secret, time.Now().Add(offset))
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// wrongCode returns a six-digit code that is not code.
func wrongCode(code string) string {
	if code == "123456" {
		return "654321"
	}
	return "123456"
}

// linkToken returns the token of a link.
func linkToken(t *testing.T, link string) string {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query().Get("token")
}

func mustDoc(t *testing.T, html string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(html))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
