package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"log/slog"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/config"
	"github.com/batori-news/batori/internal/testkit"
)

// The people and the story of the journey.
const (
	adminName        = "Rupam Kalita"
	adminEmail       = "desk@batori.test"
	adminPassword    = "monsoon-over-majuli-42"
	reporterName     = "Anjali Borah"
	reporterEmail    = "anjali@batori.test"
	reporterPassword = "tea-garden-evening-17"
	reporterPhone    = "+91 98640 12345"
	reporterDistrict = "Jorhat"

	sectionEN  = "Assam"
	sectionAS  = "অসম"
	headline   = "Jorhat tea growers switch to solar pumps"
	standfirst = "Small growers near Titabar say the pumps have halved their diesel bills."
	paragraph1 = "Twelve small tea growers near Titabar have replaced their diesel pumps with solar ones this season."
	paragraph2 = "The district agriculture office paid for half of each pump under a state scheme."
	photoAlt   = "Solar panels beside rows of tea bushes at dusk"
	caption    = "A solar pump at a tea garden near Titabar."
	credit     = "Pranjal Saikia"
)

// TestBrowserNewsroomJourney follows a story from a reporter's registration to the reader,
// clicking as people do, each in a browser context of their own: the first admin sets up
// the newsroom; a reporter registers from the public site, confirms the e-mail address by
// the link in a real mail and waits for approval; the admin approves; the reporter writes a
// story with a featured photo in the editor and submits it; the admin publishes it; a
// reader finds it with its responsive photo on the home page and reads it.
func TestBrowserNewsroomJourney(t *testing.T) {
	requireChromium(t)
	for name, mk := range configs(t) {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			j := startJourney(t, name, mk(t))
			j.adminSetsUp()
			j.reporterRegisters()
			j.reporterConfirmsEmail()
			j.reporterWaitsForApproval()
			j.adminApproves()
			j.reporterWritesStory()
			j.adminPublishes()
			j.variantsMade()
			j.readerFindsStory()
			j.noDialogs()
			t.Logf("journey on %s took %s", name, time.Since(start).Round(time.Millisecond))
		})
	}
}

// journey is one run of the newsroom on one database: the server, its mailbox and the
// people in the browser.
type journey struct {
	t       *testing.T
	db      string
	base    string
	inbox   *testkit.SMTPServer
	logs    *testkit.LogBuffer // the server's warnings, the setup link among them
	browser context.Context    // the browser's first tab; each person gets a context of their own
	shots   string             // key-step screenshots go here; empty when BATORI_SCREENSHOTS is unset

	app                     *app.App
	admin, reporter, reader *person
	photo                   string // the reporter's photo file
	editPath                string // the editor page of the story's English edition
}

// startJourney serves an empty site, makes the reporter's photo and then opens the browser.
func startJourney(t *testing.T, db string, cfg config.Config) *journey {
	t.Helper()
	cfg.ShutdownTimeout = 5 * time.Second
	cfg.LogFormat = "text"
	j, a := newJourney(t, db, cfg)
	j.photo = writePhoto(t, 1600, 900)
	j.open(a)
	return j
}

// newJourney builds the app of a journey with mail going to a real SMTP server in the test;
// the caller adds its data and then opens the browser with open.
func newJourney(t *testing.T, db string, cfg config.Config) (*journey, *app.App) {
	t.Helper()
	j := &journey{t: t, db: db, shots: os.Getenv("BATORI_SCREENSHOTS")}
	if j.shots != "" {
		if err := os.MkdirAll(j.shots, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	logs := serverLogs(t)
	j.logs = logs
	j.inbox = testkit.StartSMTP(t)
	cfg.Migrate = true
	cfg.MaxBodyBytes = 20 << 20
	cfg.SMTPHost, cfg.SMTPPort, cfg.SMTPTLS = j.inbox.Host, j.inbox.Port, "none"
	cfg.SMTPFrom = "Batori <newsroom@example.org>"
	a, err := app.New(context.Background(), cfg, logs.Logger(slog.LevelWarn))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return j, a
}

// open serves a and opens the browser on it: test data made before this is on no step's
// clock.
func (j *journey) open(a *app.App) {
	j.t.Helper()
	j.app = a
	j.base = testkit.Serve(context.Background(), j.t, a.ServeListener)
	j.browser = openBrowser(j.t, j.base).ctx
}

// serverLogs is where the server logs its warnings and errors; a failed test shows them.
func serverLogs(t *testing.T) *testkit.LogBuffer {
	logs := &testkit.LogBuffer{}
	t.Cleanup(func() {
		if t.Failed() && logs.Len() > 0 {
			t.Logf("server warnings and errors:\n%s", logs.String())
		}
	})
	return logs
}

// desktop is an editor's screen at the desk.
var desktop = chromedp.EmulateViewport(1280, 900)

func (j *journey) adminSetsUp() {
	j.admin = j.newPerson("admin", desktop)
	p := j.admin
	// The site has no admin yet: even on the server's own machine the setup needs the one-time
	// link the server logged at start.
	m := setupLinkRE.FindStringSubmatch(j.logs.String())
	if m == nil || m[1] != j.base {
		j.t.Fatalf("no setup link on %s in the server's log:\n%s", j.base, j.logs.String())
	}
	p.open("/newsroom/setup?token=" + m[2])
	// The site's address is only the loopback fallback, so the setup asks for it, suggesting
	// the address the browser used.
	if got := eval[string](p, `document.querySelector('#f-origin')?.value ?? ''`); got != j.base {
		p.errorf("suggested public address %q, want %q", got, j.base)
	}
	p.fill("#f-name", adminName)
	p.fill("#f-email", adminEmail)
	p.fill("#f-password", adminPassword)
	p.press(`form[action="/newsroom/setup"] button[type=submit]`, 200)
	p.wantPath("/newsroom/")
	p.wantText(".flash", "Your admin account is ready")
	p.wantText("h1", "Desk")
	p.wantText(".who-name", adminName)
	p.shot("1-dashboard")

	// A new site has no sections, and a story cannot be started without one.
	p.press(`nav.menu a[href="/newsroom/sections"]`, 200)
	p.fill("#new-name-en", sectionEN)
	p.fill("#new-name-as", sectionAS)
	p.press(`form[action="/newsroom/sections"] button[type=submit]`, 200)
	p.wantPath("/newsroom/sections")
	if got := eval[string](p, `document.querySelector('input[name=name_en]')?.value ?? ''`); got != sectionEN {
		p.errorf("sections list first section %q, want %q", got, sectionEN)
	}
}

func (j *journey) reporterRegisters() {
	j.reporter = j.newPerson("reporter", phone)
	p := j.reporter
	p.open("/")
	// The public site is the newsroom's door for reporters and district stringers.
	for label, path := range map[string]string{"Reporter Login": "/newsroom/login", "Reporter Registration": "/newsroom/register"} {
		if p.linkTo(path, label) == "" {
			p.errorf("the public home page has no %q link to %s", label, path)
		}
	}
	if sel := p.linkTo("/newsroom/register", "Reporter Registration"); sel != "" {
		p.press(sel, 200)
	} else {
		p.open("/newsroom/register")
	}
	p.wantPath("/newsroom/register")
	p.wantText("h1", "Reporter Registration")
	// The form's signed render time refuses one sent sooner than a person fills it in.
	opened := time.Now()
	p.fill("#f-name", reporterName)
	p.fill("#f-email", reporterEmail)
	p.fill("#f-phone", reporterPhone)
	p.choose("#f-district", reporterDistrict)
	for _, lang := range []string{"en", "as"} {
		sel := `input[name=languages][value=` + lang + `]`
		if !eval[bool](p, `document.querySelector(`+jsString(sel)+`).checked`) {
			p.do("tick "+lang, chromedp.Click(chromedp.CSS(sel)))
		}
	}
	p.fill("#f-password", reporterPassword)
	p.shot("2-register")
	if wait := time.Until(opened.Add(commentFillTime)); wait > 0 {
		time.Sleep(wait)
	}
	p.press(`form[action="/newsroom/register"] button[type=submit]`, 200)
	p.wantPath("/newsroom/register/sent")
	p.wantText("h1", "Check your e-mail")
	p.wantText(".page-register-sent .lead", reporterEmail)
	p.shot("3-register-sent")
}

func (j *journey) reporterConfirmsEmail() {
	p := j.reporter
	m := j.inbox.Await(j.t, j.mailDeadline(), reporterEmail, "Confirm your e-mail address")
	link := m.Link(j.t, "/newsroom/verify?token=")
	if !strings.HasPrefix(link, j.base+"/") {
		j.t.Errorf("verification link %s is not on the site %s", link, j.base)
	}
	p.open(link)
	p.wantText("h1", "Confirm your e-mail address")
	p.press(`form[action="/newsroom/verify"] button[type=submit]`, 200)
	p.wantText(".page-verify .done", "Your e-mail address is confirmed")
	p.wantText(".page-verify .done", "An editor will now review your registration")
	p.shot("4-verified")

	// Editors and admins hear of the registration once the address is confirmed.
	m = j.inbox.Await(j.t, j.mailDeadline(), adminEmail, "A reporter is waiting for approval")
	if !strings.Contains(m.Text, reporterName) || !strings.Contains(m.Text, reporterDistrict) ||
		m.Link(j.t, "/newsroom/users?status=pending") != j.base+"/newsroom/users?status=pending" {
		j.t.Errorf("the admin's registration mail does not name %s of %s with a link to the pending list:\n%s", reporterName, reporterDistrict, m.Text)
	}
}

func (j *journey) reporterWaitsForApproval() {
	p := j.reporter
	p.open("/")
	if sel := p.linkTo("/newsroom/login", "Reporter Login"); sel != "" {
		p.press(sel, 200)
	} else {
		p.open("/newsroom/login")
	}
	p.wantPath("/newsroom/login")
	p.logIn(403)
	p.wantText(".alert", "waiting for an editor’s approval")
	p.shot("5-login-pending")
}

func (j *journey) adminApproves() {
	p := j.admin
	p.open("/newsroom/")
	p.press(`.desk-counts a[href="/newsroom/users?status=pending"]`, 200)
	p.wantPath("/newsroom/users")
	card := `article.user[aria-labelledby="` + eval[string](p, `[...document.querySelectorAll('article.user')]
		.find(a => a.querySelector('h2').textContent.trim() === `+jsString(reporterName)+`)?.getAttribute('aria-labelledby') ?? ''`) + `"]`
	if p.count(card) != 1 {
		p.fatalf("no pending registration for %s", reporterName)
	}
	for _, fact := range []string{reporterEmail, reporterPhone, reporterDistrict, "English", "Assamese"} {
		p.wantText(card+" .facts", fact)
	}
	p.shot("6-pending")
	p.choose(card+` form[action$="/approve"] select[name=role]`, "reporter")
	p.press(card+` form[action$="/approve"] button[type=submit]`, 200)
	p.wantText(".flash", "Registration approved")
	if p.count(card) != 0 {
		p.errorf("%s is still listed as pending after approval", reporterName)
	}

	m := j.inbox.Await(j.t, j.mailDeadline(), reporterEmail, "Your registration is approved")
	if got := m.Link(j.t, "/newsroom/login"); got != j.base+"/newsroom/login" {
		j.t.Errorf("the approval mail links to %q, want the login page", got)
	}
	if !strings.Contains(m.From, "newsroom@example.org") {
		j.t.Errorf("the approval mail is from %q, want the configured sender", m.From)
	}
}

var editionPath = regexp.MustCompile(`^/newsroom/stories/(\d+)/edition/en$`)

func (j *journey) reporterWritesStory() {
	p := j.reporter
	m := j.inbox.Await(j.t, j.mailDeadline(), reporterEmail, "Your registration is approved")
	p.open(m.Link(j.t, "/newsroom/login"))
	p.logIn(200)
	p.wantPath("/newsroom/")
	p.wantText(".who-name", reporterName)
	p.wantText(".who-role", "Reporter")

	p.press(`.desk-head a[href="/newsroom/stories/new"]`, 200)
	p.choose("#f-section", p.optionValue("#f-section", sectionEN))
	p.do("choose English", chromedp.Click(chromedp.CSS(`input[name=lang][value=en]`)))
	p.fill("#f-headline", headline)
	p.fill("#f-standfirst", standfirst)
	p.press(`form[action="/newsroom/stories"] button[type=submit]`, 200)
	if !editionPath.MatchString(p.path()) {
		p.fatalf("a new story opened %s, want its English editor page", p.path())
	}
	j.editPath = p.path()
	p.wantText("h1", headline)

	// The body is written in the WYSIWYG area the script puts over the textarea: keys for the
	// first paragraph, as a phone keyboard's suggestions would insert the second.
	p.do("type the body",
		chromedp.WaitVisible(chromedp.CSS(".editor-area")),
		chromedp.Click(chromedp.CSS(".editor-area")),
		chromedp.KeyEvent(paragraph1),
		chromedp.KeyEvent(kb.Enter),
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, input.InsertText, input.InsertTextParams{Text: paragraph2})
			return err
		}),
	)
	if body := p.value("#body"); !strings.Contains(body, paragraph1) || !strings.Contains(body, paragraph2) {
		p.errorf("the body field holds %q after typing, want both paragraphs", body)
	}
	if n := eval[int](p, `document.querySelector('.editor-area').children.length`); n != 2 {
		p.errorf("the editor shows %d blocks, want 2 paragraphs", n)
	}
	// The approval made the reporter's author profile, and a new story carries its writer's byline.
	if got, want := p.value("#f-author-0"), p.optionValue("#f-author-0", reporterName); got == "" || got != want {
		p.errorf("the first byline is %q, want the reporter's own profile %q", got, want)
	}
	p.press(`button[name=action][value=save]`, 200)
	p.wantPath(j.editPath)
	p.wantText(".flash", "Saved.")
	p.wantText(".editor-area", paragraph2)

	// The featured photo: uploaded from the editor page, it comes back chosen.
	p.do("choose the photo", chromedp.SetUploadFiles(chromedp.CSS("#f-upload"), []string{j.photo}))
	p.press(`form.desk-upload button[type=submit]`, 200)
	p.wantPath(j.editPath)
	p.wantText(".flash", "Photo uploaded.")
	picture := eval[string](p, `new URLSearchParams(location.search).get('picture') ?? ''`)
	if id, err := strconv.Atoi(picture); err != nil || id <= 0 {
		p.fatalf("after the upload the editor URL has picture=%q, want the new photo's id", picture)
	}
	if got := p.value(`input[name=image_id]:checked`); got != picture {
		p.errorf("the chosen featured picture is %q, want the upload %s", got, picture)
	}
	p.fill("#f-image-alt", photoAlt)
	p.fill("#f-image-caption", caption)
	p.fill("#f-image-credit", credit)
	p.press(`button[name=action][value=save]`, 200)
	p.wantText(".flash", "Saved.")
	for sel, want := range map[string]string{"#f-image-alt": photoAlt, "#f-image-caption": caption, "#f-image-credit": credit, `input[name=image_id]:checked`: picture} {
		if got := p.value(sel); got != want {
			p.errorf("after saving %s = %q, want %q", sel, got, want)
		}
	}
	p.wantText(".desk-state .badge", "Draft")
	p.shot("7-editor")

	p.press(`button[name=action][value=submit]`, 200)
	p.wantPath("/newsroom/stories")
	p.wantText(".flash", "Submitted for review.")
	row := `tr:has(a[href="` + j.editPath + `"])`
	p.wantText(row+" .badge.desk-status-submitted", "Submitted")
	p.shot("8-submitted")
}

func (j *journey) adminPublishes() {
	p := j.admin
	p.open("/newsroom/review")
	p.wantText("h1", "Review queue")
	item := `ol.desk-list li:has(a[href="` + j.editPath + `"])`
	p.wantText(item, headline)
	p.wantText(item+" .desk-meta", reporterName)
	p.press(item+" a", 200)
	p.wantPath(j.editPath)
	p.wantText(".desk-state .badge", "Submitted")
	p.wantText(".editor-area", paragraph1)
	if p.value("#f-image-alt") != photoAlt {
		p.errorf("the editor shows alt text %q, want %q", p.value("#f-image-alt"), photoAlt)
	}
	p.press(`button[name=action][value=publish]`, 200)
	p.wantPath(j.editPath)
	p.wantText(".flash", "Published.")
	p.wantText(".desk-state .badge.desk-status-published", "Published")
	p.wantText(".desk-links", "Read on the site")
	p.shot("9-published")
}

// variantsMade waits until the reporter's photo has its variants, which the "make photo
// variants" task makes in the background after the upload; made here too, so that the
// reader's step does not depend on when the task's period comes round. One wait, its own
// deadline.
func (j *journey) variantsMade() {
	j.t.Helper()
	ctx := context.Background()
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(50 * time.Millisecond) {
		if _, err := j.app.Media.MakeQueuedVariants(ctx, 20); err != nil {
			j.t.Fatal(err)
		}
		n, err := j.app.Media.QueuedVariants(ctx)
		if err != nil {
			j.t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			j.t.Fatalf("%d photos still wait for their variants", n)
		}
	}
}

// srcsetWidth is one candidate of a srcset: "URL 640w".
var srcsetWidth = regexp.MustCompile(`^(\S+) (\d+)w$`)

// picture is a story's picture as the home page offers it.
type picture struct {
	WebP  string `json:"webp"`
	Srcs  string `json:"srcset"`
	Src   string `json:"src"`
	Sizes string `json:"sizes"`
}

func (j *journey) readerFindsStory() {
	j.reader = j.newPerson("reader", phone)
	p := j.reader
	p.open("/")
	href := eval[string](p, `[...document.querySelectorAll('main :is(h2, h3) a')]
		.find(a => a.textContent.trim() === `+jsString(headline)+`)?.getAttribute('href') ?? ''`)
	if href == "" {
		p.fatalf("the home page has no headline %q", headline)
	}
	pic := eval[picture](p, `(a => {
		const img = a?.closest('article')?.querySelector('picture > img');
		const webp = img?.parentElement.querySelector('source[type="image/webp"]');
		return {webp: webp?.getAttribute('srcset') ?? '', srcset: img?.getAttribute('srcset') ?? '',
			src: img?.getAttribute('src') ?? '', sizes: img?.getAttribute('sizes') ?? ''};
	})(document.querySelector('main a[href=`+jsString(href)+`]'))`)
	jpegURLs := j.srcset(p, "img srcset", pic.Srcs)
	webpURLs := j.srcset(p, "WebP source srcset", pic.WebP)
	if pic.Sizes == "" {
		p.errorf("the home page picture has no sizes")
	}
	p.shot("10-home")

	p.press(`main :is(h2, h3) a[href="`+href+`"]`, 200)
	p.wantText("h1", headline)
	p.wantText(".standfirst", standfirst)
	p.wantText(".story-meta .byline", reporterName)
	p.wantText(".story-body", paragraph1)
	p.wantText(".story-body", paragraph2)
	if got := p.attr("figure.story-figure img", "alt"); got != photoAlt {
		p.errorf("the article photo's alt = %q, want %q", got, photoAlt)
	}
	p.wantText("figure.story-figure figcaption", caption)
	p.wantText("figure.story-figure figcaption .credit", credit)
	loaded := eval[bool](p, `(i => i.complete ? i.naturalWidth > 0 : new Promise(r => { i.onload = () => r(i.naturalWidth > 0); i.onerror = () => r(false); }))(document.querySelector('figure.story-figure img'))`)
	if !loaded {
		p.errorf("the article photo did not load")
	}
	p.shot("11-article")

	for _, c := range []struct{ url, typ string }{{jpegURLs[0], "image/jpeg"}, {webpURLs[0], "image/webp"}} {
		got := eval[string](p, `fetch(`+jsString(c.url)+`).then(r => r.ok ? r.headers.get('Content-Type') : 'HTTP ' + r.status)`)
		if got != c.typ {
			p.errorf("GET %s answered %s, want %s", c.url, got, c.typ)
		}
	}
}

// srcset checks that a srcset offers several widths, each a site URL, and returns its URLs.
func (j *journey) srcset(p *person, what, set string) []string {
	var urls []string
	widths := map[string]bool{}
	for c := range strings.SplitSeq(set, ",") {
		m := srcsetWidth.FindStringSubmatch(strings.TrimSpace(c))
		if m == nil || !strings.HasPrefix(m[1], "/") {
			p.fatalf("the home page picture's %s %q has a candidate %q, want \"/path 640w\"", what, set, c)
		}
		urls = append(urls, m[1])
		widths[m[2]] = true
	}
	if len(widths) < 3 {
		p.fatalf("the home page picture's %s %q offers %d widths, want at least 3", what, set, len(widths))
	}
	return urls
}

// noDialogs checks that no page asked anything in a dialog: none of the journey's steps
// should leave unsaved work behind.
func (j *journey) noDialogs() {
	for _, p := range []*person{j.admin, j.reporter, j.reader} {
		if d := p.dialogs.list(); len(d) > 0 {
			j.t.Errorf("%s saw dialogs: %q", p.who, d)
		}
	}
}

// mailDeadline is when a mail the journey waits for from now on must have arrived.
func (j *journey) mailDeadline() time.Time {
	return time.Now().Add(stepTimeout)
}

// person is someone using the site in a browser context of their own, so that their cookies
// stay apart from everyone else's. Every step is bounded, and a failing step saves a
// screenshot and names it in the error.
type person struct {
	t        *testing.T
	who      string          // names the person in errors and screenshots: "sqlite-admin"
	ctx      context.Context // the person's tab
	base     string
	shots    string
	dialogs  *dialogLog
	failures int // failure screenshots taken
}

func (j *journey) newPerson(role string, viewport chromedp.Action[chromedp.Void]) *person {
	j.t.Helper()
	ctx, cancel := chromedp.NewContext(j.browser, chromedp.WithNewBrowserContext())
	j.t.Cleanup(cancel)
	p := &person{t: j.t, who: j.db + "-" + role, ctx: ctx, base: j.base, shots: j.shots, dialogs: &dialogLog{}}
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	if err := launch(ctx, cancel, viewport); err != nil {
		j.t.Fatalf("open a tab for the %s: %v", role, err)
	}
	// A dialog would block the page, and the test with it: note it and accept it.
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			p.dialogs.add(string(ev.Type) + ": " + ev.Message)
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	return p
}

// step is the context of one browser action or wait.
func (p *person) step() (context.Context, context.CancelFunc) {
	return context.WithTimeout(p.ctx, stepTimeout)
}

// do runs browser actions as one step.
func (p *person) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	ctx, cancel := p.step()
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		p.fatalf("%s: %v", what, err)
	}
}

// open loads a page by its path on the site or by a full URL, as from a mail.
func (p *person) open(u string) {
	p.t.Helper()
	if strings.HasPrefix(u, "/") {
		u = p.base + u
	}
	ctx, cancel := p.step()
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(u))
	if err != nil {
		p.fatalf("open %s: %v", u, err)
	}
	if resp.Status != 200 {
		p.fatalf("open %s: status %d", u, resp.Status)
	}
}

// press clicks the element sel, which leads to a page (after any redirect) answering status.
func (p *person) press(sel string, status int) {
	p.t.Helper()
	ctx, cancel := p.step()
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		p.fatalf("click %s: %v", sel, err)
	}
	if resp.Status != int64(status) {
		p.fatalf("click %s: %s answered %d, want %d", sel, resp.URL, resp.Status, status)
	}
}

// fill types value into the empty field sel.
func (p *person) fill(sel, value string) {
	p.t.Helper()
	p.do("type into "+sel, chromedp.SendKeys(chromedp.CSS(sel), value))
	if got := p.value(sel); got != value {
		p.fatalf("%s holds %q after typing %q", sel, got, value)
	}
}

// choose picks the option with value in the select sel.
func (p *person) choose(sel, value string) {
	p.t.Helper()
	p.do("choose in "+sel, chromedp.SetValue(chromedp.CSS(sel), value))
	if got := p.value(sel); got != value {
		p.fatalf("%s has no option %q", sel, value)
	}
}

// optionValue is the value of the option labelled label in the select sel.
func (p *person) optionValue(sel, label string) string {
	p.t.Helper()
	v := eval[string](p, `[...document.querySelectorAll(`+jsString(sel+" option")+`)]
		.find(o => o.textContent.trim() === `+jsString(label)+`)?.value ?? ''`)
	if v == "" {
		p.fatalf("%s offers no %q", sel, label)
	}
	return v
}

func (p *person) logIn(status int) {
	p.t.Helper()
	p.fill("#f-email", reporterEmail)
	p.fill("#f-password", reporterPassword)
	p.press(`form[action="/newsroom/login"] button[type=submit]`, status)
}

// linkTo returns a selector for a link to path (whatever its query) whose text is label, or
// "" when the page has none.
func (p *person) linkTo(path, label string) string {
	p.t.Helper()
	href := eval[string](p, `[...document.querySelectorAll('a[href]')]
		.find(a => a.pathname === `+jsString(path)+` && a.textContent.trim() === `+jsString(label)+`)?.getAttribute('href') ?? ''`)
	if href == "" {
		return ""
	}
	return `a[href="` + href + `"]`
}

func (p *person) path() string {
	p.t.Helper()
	return eval[string](p, `location.pathname`)
}

func (p *person) wantPath(want string) {
	p.t.Helper()
	if got := p.path(); got != want {
		p.fatalf("the page is %s, want %s", got, want)
	}
}

// wantText checks that the first element matching sel shows want in its text.
func (p *person) wantText(sel, want string) {
	p.t.Helper()
	got := eval[string](p, `(e => e ? e.textContent.replace(/\s+/g, ' ').trim() : '<no ' + `+jsString(sel)+` + '>')(document.querySelector(`+jsString(sel)+`))`)
	if !strings.Contains(got, want) {
		p.errorf("%s shows %q, want %q in it", sel, got, want)
	}
}

func (p *person) value(sel string) string {
	p.t.Helper()
	return eval[string](p, `document.querySelector(`+jsString(sel)+`)?.value ?? ('<no ' + `+jsString(sel)+` + '>')`)
}

func (p *person) attr(sel, name string) string {
	p.t.Helper()
	return eval[string](p, `document.querySelector(`+jsString(sel)+`)?.getAttribute(`+jsString(name)+`) ?? ''`)
}

func (p *person) count(sel string) int {
	p.t.Helper()
	return eval[int](p, `document.querySelectorAll(`+jsString(sel)+`).length`)
}

// eval evaluates a JavaScript expression in the person's page, awaiting a promise result.
func eval[T any](p *person, expr string) T {
	p.t.Helper()
	ctx, cancel := p.step()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		p.fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// shot saves a screenshot of a key step when BATORI_SCREENSHOTS is set.
func (p *person) shot(name string) {
	p.t.Helper()
	if p.shots == "" {
		return
	}
	tab{t: p.t, ctx: p.ctx, base: p.base}.screenshot(filepath.Join(p.shots, p.who+"-"+name+".png"))
}

func (p *person) fatalf(format string, args ...any) {
	p.t.Helper()
	p.t.Fatalf("%s on %s: %s (screenshot %s)", p.who, p.where(), fmt.Sprintf(format, args...), p.failureShot())
}

func (p *person) errorf(format string, args ...any) {
	p.t.Helper()
	p.t.Errorf("%s on %s: %s (screenshot %s)", p.who, p.where(), fmt.Sprintf(format, args...), p.failureShot())
}

// where is the page the person is on; it has its own short deadline so that it still
// answers after a step ran out of time.
func (p *person) where() string {
	ctx, cancel := context.WithTimeout(p.ctx, 5*time.Second)
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "?"
	}
	if u, err := url.Parse(loc); err == nil {
		return u.RequestURI()
	}
	return loc
}

// failureShot saves what the person sees into BATORI_SCREENSHOTS, else into a folder kept
// after the test so that the error can name it, and returns the file.
func (p *person) failureShot() string {
	dir := p.shots
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "batori-newsroom-"); err != nil {
			return "not saved: " + err.Error()
		}
	}
	ctx, cancel := context.WithTimeout(p.ctx, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
	if err != nil {
		return "not taken: " + err.Error()
	}
	p.failures++
	file := filepath.Join(dir, fmt.Sprintf("%s-failure-%d.png", p.who, p.failures))
	if err := os.WriteFile(file, png, 0o644); err != nil {
		return "not saved: " + err.Error()
	}
	return file
}

// dialogLog keeps the dialogs a person's pages opened.
type dialogLog struct {
	mu   sync.Mutex
	seen []string
}

func (d *dialogLog) add(s string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.seen = append(d.seen, s)
}

func (d *dialogLog) list() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.seen)
}

// jsString is s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// writePhoto writes a w×h JPEG like a phone's landscape photo (a sky, hills and a sun) to a
// temporary file and returns its path.
func writePhoto(t *testing.T, w, h int) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			fx, fy := float64(x)/float64(w), float64(y)/float64(h)
			hill := 0.55 + 0.08*math.Sin(fx*9) + 0.04*math.Sin(fx*23+1)
			c := color.RGBA{uint8(120 + 100*fy), uint8(160 + 60*fy), 235, 255}
			if fy > hill {
				c = color.RGBA{uint8(30 + 40*fx), uint8(110 + 50*math.Sin(fx*40+fy*60)), 40, 255}
			}
			if dx, dy := fx-0.75, (fy-0.25)*float64(h)/float64(w); dx*dx+dy*dy < 0.004 {
				c = color.RGBA{250, 200, 80, 255}
			}
			img.Set(x, y, c)
		}
	}
	file := filepath.Join(t.TempDir(), "solar-pump.jpg")
	if err := os.WriteFile(file, testkit.JPEG(t, img), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}
