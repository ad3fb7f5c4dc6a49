package app_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/comments"
	"github.com/batori-news/batori/internal/enquiries"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/mail"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/newsroom"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/testkit"
	"github.com/batori-news/batori/internal/translation"
)

// payloadBases are the ways in: markup, attributes, URLs, CSS, SVG, template syntax. Each
// that could run sets window.__pwned or calls alert, which the page's watcher counts.
var payloadBases = []string{
	`<script>window.__pwned=1</script>`,
	`<img src=x onerror=window.__pwned=1>`,
	`<svg onload=window.__pwned=1>`,
	`<svg><script>window.__pwned=1</script></svg>`,
	`"><img src=x onerror=alert(1)>`,
	`'><svg/onload=alert(1)>`,
	`</textarea><script>alert(1)</script>`,
	`</title><script>alert(1)</script>`,
	`</script><script>alert(1)</script>`,
	`<iframe src="javascript:alert(1)"></iframe>`,
	`<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>`,
	`<a href="javascript:alert(1)" id=pwnlink>x</a>`,
	`javascript:alert(1)`,
	`JaVaScRiPt:window.__pwned=1`,
	`data:text/html,<script>alert(1)</script>`,
	`<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>`,
	`<object data="javascript:alert(1)"></object>`,
	`<embed src="javascript:alert(1)">`,
	`<body onload=alert(1)>`,
	`<details open ontoggle=alert(1)>`,
	`<input autofocus onfocus=alert(1)>`,
	`<video><source onerror=alert(1)></video>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
	`<style>*{background:url("javascript:alert(1)")}</style>`,
	`<div style="background-image:url(javascript:alert(1))">x</div>`,
	`x:expression(alert(1))`,
	`" onmouseover="alert(1)`,
	`' onfocus='alert(1)' autofocus='`,
	`{{.}} {{template "layout"}} {{printf "%s" "x"}}`,
	`${alert(1)} #{alert(1)} <%= 7*7 %>`,
	`{{constructor.constructor('alert(1)')()}}`,
	`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
	`<base href="javascript:alert(1)//">`,
	`<link rel=stylesheet href="javascript:alert(1)">`,
	`<form action="javascript:alert(1)"><button>x</button></form>`,
	`<!--<img src="--><img src=x onerror=alert(1)//">`,
	`<scr<script>ipt>alert(1)</scr</script>ipt>`,
	`&lt;script&gt;alert(1)&lt;/script&gt; &#60;img src=x onerror=alert(1)&#62;`,
	`\u003cimg src=x onerror=alert(1)\u003e`,
	`<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
	`<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>`,
	`<svg><animate onbegin=alert(1) attributeName=x dur=1s>`,
	`<img src="x:x" onerror="window['__pw'+'ned']=1">`,
}

// payloadCorpus is each base as it is, inside Assamese text, broken up by zero-width and
// direction-override characters, and wrapped in invalid and overlong UTF-8.
func payloadCorpus() []string {
	var out []string
	for _, b := range payloadBases {
		out = append(out,
			b,
			"অসমৰ বাতৰি "+b+" শেষ",
			"\u202E"+strings.Replace(b, "<", "<\u200B", 1)+"\u202C\u200D",
			"\xff\xfe"+b+"\xc0\xbc\xe0\x80\xbc",
		)
	}
	return out
}

// batches splits list into runs whose joined length stays within max bytes.
func batches(list []string, max int) [][]string {
	var out [][]string
	var cur []string
	n := 0
	for _, s := range list {
		if n+len(s)+2 > max && len(cur) > 0 {
			out = append(out, cur)
			cur, n = nil, 0
		}
		cur = append(cur, s)
		n += len(s) + 2
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// firstRunes is s cut to n runes.
func firstRunes(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		r = r[:n]
	}
	return string(r)
}

// watcher is run in every frame before the page's own scripts: dialogs become counts on
// the top window's __pwned, which payloads also set directly.
const watcher = `(() => {
	const hit = () => { try { window.top.__pwned = (window.top.__pwned || 0) + 1 } catch (e) { window.__pwned = 1 } };
	for (const f of ['alert', 'confirm', 'prompt', 'print']) { try { window[f] = hit } catch (e) {} }
})();`

// TestBrowserPayloads pushes a corpus of hostile strings through the inputs readers and
// staff control, really through the handlers (honeypot empty, forms signed minutes ago,
// each submission from an address of its own behind a trusted proxy so the rate limits do
// not stop the test), counts what was stored, and renders every page where the input
// appears, reader and newsroom, in both languages, in headless Chromium with the Content
// Security Policy bypassed, so that escaping alone must hold: no script may run and no
// dialog open.
//
// It runs whole on both databases (each run takes under a minute), so what PostgreSQL
// stores and hands back is rendered too. The site's origin is configured, so the mail
// worker sends every mail the submissions cause to the test SMTP server; each is rendered
// as the recipient's mail program would show it (its HTML part, else its text).
func TestBrowserPayloads(t *testing.T) {
	requireChromium(t)
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) { browserPayloads(t, dialect) })
	}
}

func browserPayloads(t *testing.T, dialect string) {
	ctx := context.Background()
	cfg := baseConfig(t)
	if dialect == "postgres" {
		cfg = postgresConfig(t)
	}
	cfg.ShutdownTimeout = 5 * time.Second
	cfg.TrustedProxies = "127.0.0.1/32"
	ln := testkit.Listen(t)
	cfg.BaseURL = "http://" + ln.Addr().String()
	j, a := newJourney(t, dialect, cfg)
	corpus := payloadCorpus()
	if len(corpus) < 150 {
		t.Fatalf("corpus of %d payloads, want at least 150", len(corpus))
	}
	story := seedStory(ctx, t, a)

	// Staff-controlled text, through the stores the newsroom's handlers call: the site's
	// name and tagline (on every page), a section, and a published story's headline,
	// standfirst and body.
	site, err := a.Settings.Site(ctx)
	if err != nil {
		t.Fatal(err)
	}
	site.TaglineEN, site.TaglineAS = firstRunes(corpus[1], 120), firstRunes(corpus[2], 120)
	site.NameEN = "Batori " + firstRunes(corpus[6], 60)
	// The desk is sent a notice of every enquiry, with every field the reader filled in.
	site.EnquiryEmail = "desk@payload.test"
	if err := a.Settings.SaveSite(ctx, site); err != nil {
		t.Fatal(err)
	}
	admin, err := a.People.Create(ctx, people.NewUser{Name: "Payload Admin", Email: "admin@payload.test", Password: adminPassword, Role: people.Admin})
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]int{}
	staffStory := publishPayloadStory(ctx, t, a, admin.ID, corpus)
	stored["story"]++

	serveCtx, stopServing := context.WithCancel(ctx)
	served := make(chan error, 1)
	go func() { served <- a.ServeListener(serveCtx, ln) }()
	t.Cleanup(func() {
		stopServing()
		if err := <-served; err != nil {
			t.Errorf("server: %v", err)
		}
	})
	j.base = cfg.BaseURL
	j.browser = openBrowser(t, j.base).ctx
	base := j.base
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }, Timeout: 30 * time.Second}
	addr := 0
	// nextAddr is the reader address the next post comes from; enquiry tokens are bound to it.
	nextAddr := func() string { return fmt.Sprintf("198.51.%d.%d", (addr+1)/250, (addr+1)%250+1) }
	post := func(path string, form url.Values, multipartFile *[2]string) *http.Response {
		t.Helper()
		addr++
		var body bytes.Buffer
		ctype := "application/x-www-form-urlencoded"
		if multipartFile == nil {
			body.WriteString(form.Encode())
		} else {
			mw := multipart.NewWriter(&body)
			for k, vs := range form {
				for _, v := range vs {
					mw.WriteField(k, v)
				}
			}
			fw, _ := mw.CreateFormFile(multipartFile[0], multipartFile[1])
			fw.Write(testkit.PNG(t, testkit.Picture(30+addr%50, 20)))
			mw.Close()
			ctype = mw.FormDataContentType()
		}
		req, _ := http.NewRequest(http.MethodPost, base+path, &body)
		req.Header.Set("Content-Type", ctype)
		req.Header.Set("Origin", base)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.Header.Set("X-Forwarded-For", fmt.Sprintf("198.51.%d.%d", addr/250, addr%250+1))
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	past := time.Now().Add(-5 * time.Minute)
	refused := map[string]int{}
	// Payloads holding invalid UTF-8 or NUL never reach a handler: the edge refuses them with
	// 400 (web.CleanInput). The rest go through the forms and must all be stored.
	var clean, dirty []string
	for _, p := range corpus {
		if utf8.ValidString(p) && !strings.ContainsRune(p, 0) {
			clean = append(clean, p)
		} else {
			dirty = append(dirty, p)
		}
	}
	for i, p := range dirty {
		tok, err := a.Enquiries.NewFormToken(ctx, nextAddr(), past)
		if err != nil {
			t.Fatal(err)
		}
		form := url.Values{"token": {tok}, "type": {"general"}, "name": {"Edge " + strconv.Itoa(i)},
			"email": {fmt.Sprintf("edge%d@payload.test", i)}, "message": {"Invalid bytes: " + p}, "website": {""}}
		if resp := post("/enquiry", form, nil); resp.StatusCode == http.StatusBadRequest {
			refused["invalid bytes"]++
		} else {
			t.Errorf("a message with invalid bytes answered %d, want 400", resp.StatusCode)
		}
	}
	if len(dirty) == 0 || len(clean) < 100 {
		t.Fatalf("corpus split: %d clean, %d with invalid bytes", len(clean), len(dirty))
	}

	// Comments: the name and the body, as many payloads as a comment holds.
	commentAction := fetchCommentForm(t, base, story).action
	for i, b := range batches(clean, 3500) {
		tok, err := a.Comments.TokenAt(ctx, story.StoryID, past)
		if err != nil {
			t.Fatal(err)
		}
		form := url.Values{"key": {"payload-comment-" + strconv.Itoa(i)}, "token": {tok}, "website": {""},
			"name": {firstRunes(b[0], 80)}, "email": {fmt.Sprintf("commenter%d@payload.test", i)}, "body": {strings.Join(b, "\n\n")}}
		if resp := post(commentAction, form, nil); resp.StatusCode == http.StatusSeeOther {
			stored["comment"]++
		} else {
			refused["comment"]++
			t.Logf("comment %d refused: %d", i, resp.StatusCode)
		}
	}
	// Enquiries: name and message, and news tips whose attachment names are payloads.
	for i, b := range batches(clean, 4500) {
		tok, err := a.Enquiries.NewFormToken(ctx, nextAddr(), past)
		if err != nil {
			t.Fatal(err)
		}
		form := url.Values{"token": {tok}, "type": {"general"}, "name": {firstRunes(b[0], 120)},
			"email": {fmt.Sprintf("enquirer%d@payload.test", i)}, "message": {strings.Join(b, "\n")}, "website": {""}}
		if resp := post("/enquiry", form, nil); resp.StatusCode == http.StatusSeeOther {
			stored["enquiry"]++
		} else {
			refused["enquiry"]++
			t.Logf("enquiry %d refused: %d", i, resp.StatusCode)
		}
	}
	for i, name := range []string{clean[0] + ".png", clean[3] + ".png", `"><svg onload=alert(1)>.png`, "{{.}}.png", clean[2] + ".png"} {
		tok, _ := a.Enquiries.NewFormToken(ctx, nextAddr(), past)
		form := url.Values{"token": {tok}, "type": {"tip"}, "name": {"Tipster " + strconv.Itoa(i)},
			"email": {fmt.Sprintf("tipster%d@payload.test", i)}, "message": {"A photo of the flooded road near Dhemaji, taken this morning."}, "website": {""}}
		// A name with direction overrides is refused (its own message); the others are kept.
		if resp := post("/enquiry", form, &[2]string{"attachment", name}); resp.StatusCode == http.StatusSeeOther {
			stored["attachment name"]++
		} else {
			refused["attachment name"]++
		}
	}
	// Reporter registrations: name and bio.
	for i, b := range batches(clean, 1900) {
		tok, err := a.Guard.TokenFor(ctx, newsroom.RegisterFormName, nextAddr(), past)
		if err != nil {
			t.Fatal(err)
		}
		form := url.Values{"form_token": {tok}, "website": {""}, "name": {firstRunes(b[0], 100)},
			"email": {fmt.Sprintf("reporter%d@payload.test", i)}, "phone": {"+91 98640 12345"}, "district": {"Jorhat"},
			"languages": {"en"}, "bio": {strings.Join(b, "\n")}, "password": {"monsoon-lamp-river-" + strconv.Itoa(i)}}
		if resp := post("/newsroom/register", form, nil); resp.StatusCode == http.StatusSeeOther {
			stored["registration"]++
		} else {
			refused["registration"]++
			t.Logf("registration %d refused: %d", i, resp.StatusCode)
		}
	}
	// Staff profiles: the byline's names and biographies in both languages, saved by signed-in
	// staff through /newsroom/profile (the admin's own among them), and e-mail changes to
	// payloads, which are refused with the field's message.
	profileUsers := []people.User{admin}
	for i := range batches(clean, 1900)[1:] {
		u, err := a.People.Create(ctx, people.NewUser{Name: "Profile " + strconv.Itoa(i), Email: fmt.Sprintf("profile%d@payload.test", i), Password: adminPassword, Role: people.Editor})
		if err != nil {
			t.Fatal(err)
		}
		profileUsers = append(profileUsers, u)
	}
	var answers []string // pages answered to refused forms, rendered below
	for i, b := range batches(clean, 1900) {
		u := profileUsers[i]
		jar, _ := cookiejar.New(nil)
		staff := &http.Client{Jar: jar, CheckRedirect: hc.CheckRedirect, Timeout: hc.Timeout}
		send := func(path string, form url.Values) (int, string) {
			t.Helper()
			addr++
			req, _ := http.NewRequest(http.MethodPost, base+path, strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", base)
			req.Header.Set("X-Forwarded-For", fmt.Sprintf("203.0.%d.%d", addr/250, addr%250+1))
			resp, err := staff.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(body)
		}
		if code, _ := send("/newsroom/login", url.Values{"email": {u.Email}, "password": {adminPassword}, "next": {"/newsroom/profile"}}); code != http.StatusSeeOther {
			t.Fatalf("%s could not sign in: %d", u.Email, code)
		}
		rev := slices.Clone(b)
		slices.Reverse(rev)
		form := url.Values{"name_en": {firstRunes(b[0], 120)}, "name_as": {firstRunes(rev[0], 120)},
			"bio_en": {strings.Join(b, "\n")}, "bio_as": {strings.Join(rev, "\n")}}
		if code, _ := send("/newsroom/profile", form); code == http.StatusSeeOther {
			stored["profile"]++
		} else {
			refused["profile"]++
			t.Logf("profile %d refused: %d", i, code)
		}
		if code, page := send("/newsroom/profile/email", url.Values{"email": {firstRunes(b[0], 200)}, "current": {adminPassword}}); code == http.StatusUnprocessableEntity {
			refused["profile e-mail"]++
			answers = append(answers, page)
		} else {
			t.Errorf("a payload for an e-mail address answered %d, want 422", code)
		}
	}

	// Failed logins with payloads for e-mail addresses: the security log shows them.
	for i, p := range clean[:20] {
		if resp := post("/newsroom/login", url.Values{"email": {p}, "password": {"wrong"}}, nil); resp.StatusCode == http.StatusUnauthorized {
			stored["failed login"]++
		} else {
			refused["failed login"]++
			t.Logf("login %d answered %d", i, resp.StatusCode)
		}
	}
	// Approve every comment, so the article shows them.
	items, _, err := a.Comments.Queue(ctx, comments.QueueFilter{Status: "pending", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, it := range items {
		ids = append(ids, it.ID)
	}
	if _, err := a.Comments.Moderate(ctx, comments.Moderation{IDs: ids, Action: comments.Approve, By: admin.ID}); err != nil {
		t.Fatal(err)
	}
	var rows int
	for _, q := range []string{"SELECT COUNT(*) FROM comments WHERE status = 'approved'", "SELECT COUNT(*) FROM enquiries", "SELECT COUNT(*) FROM users WHERE role = 'reporter'", "SELECT COUNT(*) FROM security_log WHERE kind = 'login_failed'",
		"SELECT COUNT(*) FROM authors WHERE user_id IS NOT NULL AND bio_en <> '' AND bio_as <> ''"} {
		var n int
		if err := a.DB.QueryRow(ctx, q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		rows += n
	}
	// Every submission reached its handler and was stored, but for the attachment name with
	// direction overrides, which is refused with its own message.
	for _, kind := range []string{"comment", "enquiry", "registration", "profile", "failed login"} {
		if stored[kind] == 0 || refused[kind] != 0 {
			t.Errorf("%s: %d stored, %d refused", kind, stored[kind], refused[kind])
		}
	}
	if refused["attachment name"] != 1 {
		t.Errorf("%d attachment names refused, want the one with direction overrides", refused["attachment name"])
	}
	if want := stored["comment"] + stored["enquiry"] + stored["attachment name"] + stored["registration"] + stored["profile"] + stored["failed login"]; rows != want {
		t.Errorf("%d rows stored for %d accepted submissions", rows, want)
	}
	t.Logf("%d payloads; stored %v (%d rows), refused %v", len(corpus), stored, rows, refused)

	// side is another origin than the site's: it serves the mails and refused forms' answers
	// as pages (/doc/N), and the page the editor's paste is copied from (/clip).
	var sideMu sync.Mutex
	var docs []string
	var clip string
	addDoc := func(d string) { sideMu.Lock(); docs = append(docs, d); sideMu.Unlock() }
	side := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sideMu.Lock()
		defer sideMu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		if r.URL.Path == "/clip" {
			io.WriteString(w, clipPage(clip))
			return
		}
		n, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/doc/"))
		if err != nil || n < 0 || n >= len(docs) {
			http.NotFound(w, r)
			return
		}
		io.WriteString(w, docs[n])
	}))
	defer side.Close()

	// The browser: one tab, the policy bypassed, the watcher in every frame.
	p := j.newPerson("attacker", phone)
	p.do("bypass CSP and watch", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, page.SetBypassCSP, page.SetBypassCSPParams{Enabled: true}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: watcher})
		return err
	}))
	pages := 0
	// shows lists the pages that must show payloads as text: a page that lost them would
	// pass for the wrong reason.
	shows := map[string]bool{}
	visit := func(path string) {
		t.Helper()
		p.open(path)
		if shows[path] && !eval[bool](p, `(t => t.includes('alert(1)') || t.includes('__pwned'))(document.body.textContent +
			[...document.querySelectorAll('input, textarea')].map(e => e.value).join(' '))`) {
			t.Errorf("%s does not show the payloads it should", path)
		}
		// Event handlers of broken images and the like fire after load; give them a turn.
		n := eval[int](p, `new Promise(r => { const done = () => setTimeout(() => r(window.__pwned || 0), 150);
			document.readyState === 'complete' ? done() : addEventListener('load', done) })`)
		if n != 0 {
			t.Errorf("%s: a payload ran (%d)", path, n)
		}
		pages++
	}
	// The watcher works and the policy is bypassed: markup with an inline handler, put into
	// one of our pages unescaped, runs and is seen.
	p.open("/")
	if n := eval[int](p, `new Promise(r => { document.body.insertAdjacentHTML('beforeend', '<img src="x:x" onerror="alert(1)">');
		setTimeout(() => r(window.__pwned || 0), 300) })`); n == 0 {
		t.Fatal("an inline handler added unescaped did not run: the watcher or the policy bypass does not work")
	}

	q := url.QueryEscape(corpus[1] + corpus[12])
	articleEN := "/news/" + strconv.FormatInt(story.StoryID, 10)
	staffEN := "/news/" + strconv.FormatInt(staffStory, 10)
	for _, path := range []string{articleEN, staffEN, "/newsroom/translation/glossary", "/newsroom/enquiries", "/newsroom/users", "/newsroom/outbox", "/newsroom/security", "/newsroom/comments?status=approved", "/search?q=alert"} {
		shows[path] = true
	}
	for _, path := range []string{"/", "/as/", articleEN, "/as" + articleEN, staffEN, "/enquiry", "/as/enquiry", "/contact",
		"/?q=" + q, articleEN + "?page=" + q + "&comment=" + q, "/enquiry?type=" + q, "/as/?x=" + q,
		staffEN + "/" + url.PathEscape(corpus[0]), "/section/payloads", "/tag/payload-tag", "/as/tag/payload-tag",
		// Search: hostile queries echoed in the box and the results' heading, and results whose
		// marked snippets are cut from hostile headlines and bodies.
		"/search?q=" + q, "/as/search?q=" + q, "/search?q=alert", "/search?q=pwned", "/as/search?q=alert"} {
		visit(path)
	}
	for _, u := range profileUsers {
		au, err := a.News.UserAuthor(ctx, u.ID)
		if err != nil {
			t.Fatalf("no author profile for %s: %v", u.Email, err)
		}
		for _, path := range []string{"/author/" + au.Slug, "/as/author/" + au.Slug} {
			shows[path] = true
			visit(path)
		}
	}

	// The newsroom, as an admin, in English and then in Assamese.
	p.open("/newsroom/login")
	p.fill("#f-email", "admin@payload.test")
	p.fill("#f-password", adminPassword)
	p.press(`form[action="/newsroom/login"] button[type=submit]`, 200)
	// The story body through the editor's paste path: the payloads, as markup and as text, are
	// copied to the clipboard on another site's page and pasted with the keyboard into the
	// rich-text editor of a draft, which is saved with its button, published, and read.
	var sectionID int64
	if err := a.DB.QueryRow(ctx, "SELECT id FROM sections WHERE slug = 'payloads'").Scan(&sectionID); err != nil {
		t.Fatal(err)
	}
	draftID, err := a.News.CreateStory(ctx, news.StoryInput{SectionID: sectionID})
	if err != nil {
		t.Fatal(err)
	}
	draft, err := a.News.SaveEdition(ctx, news.EditionInput{StoryID: draftID, Lang: locale.English, Headline: "Pasted payloads",
		Standfirst: "A draft whose body is pasted.", Body: "<p>Draft.</p>", Slug: "pasted-payloads", UserID: admin.ID})
	if err != nil {
		t.Fatal(err)
	}
	var paste strings.Builder
	for _, pl := range clean {
		paste.WriteString("<p>" + pl + "</p><p>" + html.EscapeString(pl) + "</p>\n")
	}
	sideMu.Lock()
	clip = paste.String()
	sideMu.Unlock()
	p.open(side.URL + "/clip")
	p.do("copy", chromedp.Focus(chromedp.CSS("#src")), keyCommand("a", "KeyA", 65, "selectAll"), keyCommand("c", "KeyC", 67, "copy"))
	if eval[int](p, `window.__copied || 0`) != 1 {
		t.Fatal("the copy event did not fire on the clipboard page")
	}
	p.open("/newsroom/stories/" + strconv.FormatInt(draftID, 10) + "/edition/en")
	p.do("paste into the editor", chromedp.WaitVisible(chromedp.CSS(".editor-area")), chromedp.Click(chromedp.CSS(".editor-area")),
		keyCommand("a", "KeyA", 65, "selectAll"), keyCommand("v", "KeyV", 86, "paste"))
	// The editor reads the clipboard's HTML in a callback and copies its content to the form's
	// field on its next input event, both after the key press returns: wait for the field,
	// with a deadline of its own.
	body := eval[string](p, `new Promise(r => { const end = Date.now() + 20000;
		(function check() { const v = document.querySelector('#body')?.value ?? '';
			v.includes('alert(1)') || Date.now() > end ? r(v) : setTimeout(check, 50) })() })`)
	if !strings.Contains(body, "alert(1)") {
		t.Fatalf("after the paste the body field holds %q, want the payloads", firstRunes(body, 300))
	}
	if n := eval[int](p, `new Promise(r => setTimeout(() => r(window.__pwned || 0), 150))`); n != 0 {
		t.Errorf("the editor ran a pasted payload (%d)", n)
	}
	p.press(`button[name=action][value=save]`, 200)
	saved, err := a.News.Edition(ctx, draft.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(saved.Body, "alert(1)") || !strings.Contains(saved.Body, "অসমৰ বাতৰি") {
		t.Errorf("the saved body does not hold the pasted payloads: %q", firstRunes(saved.Body, 300))
	} else {
		stored["pasted body"]++
	}
	if err := a.News.Publish(ctx, draft.ID, time.Now().Add(-time.Minute)); err != nil {
		t.Fatal(err)
	}
	pasted := "/news/" + strconv.FormatInt(draftID, 10)
	shows[pasted] = true
	visit(pasted)

	var newsroomPages []string
	newsroomPages = append(newsroomPages, "/newsroom/stories/"+strconv.FormatInt(draftID, 10)+"/edition/en", "/newsroom/comments?status=approved", "/newsroom/enquiries", "/newsroom/users?status=unverified",
		"/newsroom/users", "/newsroom/outbox", "/newsroom/security", "/newsroom/enquiries?ref="+q, "/newsroom/login?next="+q,
		"/newsroom/stories", "/newsroom/settings", "/newsroom/sections", "/newsroom/media",
		"/newsroom/translation/glossary", "/newsroom/media?q="+q, "/newsroom/stories?q="+q,
		"/newsroom/search?q="+q, "/newsroom/search?q=alert", "/newsroom/search?q=pwned", "/newsroom/profile")
	shows["/newsroom/profile"] = true
	list, _, err := a.Enquiries.List(ctx, enquiryListAll())
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range list {
		newsroomPages = append(newsroomPages, "/newsroom/enquiries/"+strconv.FormatInt(e.ID, 10))
	}
	for _, lang := range []string{"en", "as"} {
		if err := a.People.SetUILang(ctx, admin.ID, lang); err != nil {
			t.Fatal(err)
		}
		for _, path := range newsroomPages {
			visit(path)
		}
	}
	// The mails the submissions caused (enquiry notices, registration mails...), once the
	// worker has sent them all, as the test SMTP server received them: each is shown as a mail
	// program would, its text/html part as a page, else its text/plain part as text in a
	// page, from another origin than the site's. The refused forms' answers are pages too.
	deadline := time.Now().Add(60 * time.Second)
	for {
		queued, _, err := a.Outbox.List(ctx, mail.ListFilter{Status: mail.StatusQueued, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(queued) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("mail %d still queued: %s", queued[0].ID, queued[0].LastError)
		}
		time.Sleep(100 * time.Millisecond)
	}
	htmlMails := 0
	received := j.inbox.Received()
	for _, r := range received {
		m := testkit.ParseMail(t, r.Data)
		if m.HTML != "" {
			htmlMails++
			addDoc(m.HTML)
		} else {
			addDoc("<!doctype html><html><head><meta charset=utf-8><title>" + html.EscapeString(m.Subject) +
				"</title></head><body><pre>" + html.EscapeString(m.Text) + "</pre></body></html>")
		}
	}
	if len(received) == 0 {
		t.Fatal("no mail reached the SMTP server")
	}
	mailDocs := len(received)
	for _, page := range answers {
		addDoc(page)
	}
	shown := 0
	for i := range mailDocs + len(answers) {
		visit(side.URL + "/doc/" + strconv.Itoa(i))
		if i < mailDocs && eval[bool](p, `(t => t.includes('alert(1)') || t.includes('__pwned') || t.includes('{{.}}'))(document.body.textContent)`) {
			shown++
		}
	}
	if shown == 0 {
		t.Errorf("none of the %d mails shows a payload", mailDocs)
	}
	t.Logf("%d mails received (%d with an HTML part), %d of them carrying payloads; %d refused forms' answers", mailDocs, htmlMails, shown, len(answers))
	if d := p.dialogs.list(); len(d) > 0 {
		t.Errorf("dialogs opened: %q", d)
	}
	total := 0
	for _, n := range stored {
		total += n
	}
	t.Logf("%d payloads through %d stored submissions %v; %d pages rendered with no script run", len(corpus), total, stored, pages)
}

// publishPayloadStory publishes, as the newsroom's store does for an editor, a story whose
// headline, standfirst and body carry payloads, in a section and with a tag named with them,
// and returns its id.
//
// Payloads with invalid UTF-8 are left out: the edge refuses them before any handler (and
// PostgreSQL would refuse them too), so the newsroom's stores never see them.
func publishPayloadStory(ctx context.Context, t *testing.T, a *app.App, adminID int64, all []string) int64 {
	t.Helper()
	var corpus []string
	for _, p := range all {
		if utf8.ValidString(p) {
			corpus = append(corpus, p)
		}
	}
	sec, err := a.News.CreateSection(ctx, news.SectionInput{Slug: "payloads", Name: news.Names{EN: firstRunes(corpus[4], 60), AS: firstRunes(corpus[5], 60)}, Position: 99})
	if err != nil {
		t.Fatal(err)
	}
	tag, err := a.News.CreateTag(ctx, "payload-tag", news.Names{EN: firstRunes(corpus[8], 60), AS: firstRunes(corpus[9], 60)})
	if err != nil {
		t.Fatal(err)
	}
	id, err := a.News.CreateStory(ctx, news.StoryInput{SectionID: sec.ID, TagIDs: []int64{tag.ID}})
	if err != nil {
		t.Fatal(err)
	}
	// A photo whose alt text, caption and credit are payloads, in the library and on the story.
	pic, err := a.Media.AddImage(ctx, "payload.jpg", testkit.JPEG(t, testkit.Picture(640, 360)))
	if err != nil {
		t.Fatal(err)
	}
	meta := media.Meta{Alt: firstRunes(corpus[12], 200), Caption: firstRunes(corpus[13]+corpus[14], 300), Credit: firstRunes(corpus[16], 100)}
	if err := a.Media.Update(ctx, pic.ID, meta); err != nil {
		t.Fatal(err)
	}
	// Glossary entries of payloads.
	for i := 0; i < 8; i++ {
		if _, err := a.MT.Glossary.Add(ctx, translation.Entry{English: firstRunes(corpus[20+i], 100), Assamese: "অসম " + firstRunes(corpus[28+i], 90)}); err != nil {
			t.Logf("glossary entry %d refused: %v", i, err)
		}
	}
	var body strings.Builder
	for _, p := range corpus {
		body.WriteString("<p>" + p + "</p>\n")
	}
	for _, lang := range []locale.Lang{locale.English, locale.Assamese} {
		ed, err := a.News.SaveEdition(ctx, news.EditionInput{StoryID: id, Lang: lang, Headline: "Payloads " + firstRunes(corpus[0], 200),
			Standfirst: firstRunes(corpus[1]+corpus[10], 900), Body: body.String(), Slug: "payloads-" + string(lang), UserID: adminID,
			ImageID: pic.ID, ImageAlt: meta.Alt, ImageCaption: meta.Caption, ImageCredit: meta.Credit})
		if err != nil {
			t.Fatal(err)
		}
		if err := a.News.Publish(ctx, ed.ID, time.Now().Add(-time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	return id
}

func enquiryListAll() enquiries.Filter { return enquiries.Filter{Limit: 200} }

// keyCommand presses Ctrl+key as a person does, with the editing command the browser runs
// for it ("selectAll", "copy", "paste"): the events are trusted, and a paste reads the
// browser's own clipboard.
func keyCommand(key, code string, vk int64, command string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		down := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeRawKeyDown, Modifiers: 2, Key: key, Code: code,
			WindowsVirtualKeyCode: vk, NativeVirtualKeyCode: vk, Commands: []string{command}}
		if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, down); err != nil {
			return err
		}
		up := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyUp, Modifiers: 2, Key: key, Code: code,
			WindowsVirtualKeyCode: vk, NativeVirtualKeyCode: vk}
		_, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, up)
		return err
	})
}

// clipPage is a page whose copy puts markup on the clipboard as HTML and as text, as a
// word processor or another web page would.
func clipPage(markup string) string {
	return `<!doctype html><html><head><meta charset=utf-8><title>Copy from here</title></head><body>
<textarea id=src>` + html.EscapeString(markup) + `</textarea>
<script>
document.addEventListener('copy', e => {
	const src = document.getElementById('src').value;
	e.clipboardData.setData('text/html', src);
	e.clipboardData.setData('text/plain', src);
	e.preventDefault();
	window.__copied = 1;
});
</script></body></html>`
}
