package app_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/chromedp/cdproto/cdp"
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
func TestBrowserPayloads(t *testing.T) {
	requireChromium(t)
	ctx := context.Background()
	cfg := baseConfig(t)
	cfg.ShutdownTimeout = 5 * time.Second
	cfg.TrustedProxies = "127.0.0.1/32"
	j, a := newJourney(t, "sqlite", cfg)
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

	j.open(a)
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
	for _, q := range []string{"SELECT COUNT(*) FROM comments WHERE status = 'approved'", "SELECT COUNT(*) FROM enquiries", "SELECT COUNT(*) FROM users WHERE role = 'reporter'", "SELECT COUNT(*) FROM security_log WHERE kind = 'login_failed'"} {
		var n int
		if err := a.DB.QueryRow(ctx, q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		rows += n
	}
	// Every submission reached its handler and was stored, but for the attachment name with
	// direction overrides, which is refused with its own message.
	for _, kind := range []string{"comment", "enquiry", "registration", "failed login"} {
		if stored[kind] == 0 || refused[kind] != 0 {
			t.Errorf("%s: %d stored, %d refused", kind, stored[kind], refused[kind])
		}
	}
	if refused["attachment name"] != 1 {
		t.Errorf("%d attachment names refused, want the one with direction overrides", refused["attachment name"])
	}
	if want := stored["comment"] + stored["enquiry"] + stored["attachment name"] + stored["registration"] + stored["failed login"]; rows != want {
		t.Errorf("%d rows stored for %d accepted submissions", rows, want)
	}
	t.Logf("%d payloads; stored %v (%d rows), refused %v", len(corpus), stored, rows, refused)

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

	// The newsroom, as an admin, in English and then in Assamese.
	p.open("/newsroom/login")
	p.fill("#f-email", "admin@payload.test")
	p.fill("#f-password", adminPassword)
	p.press(`form[action="/newsroom/login"] button[type=submit]`, 200)
	var newsroomPages []string
	newsroomPages = append(newsroomPages, "/newsroom/comments?status=approved", "/newsroom/enquiries", "/newsroom/users?status=unverified",
		"/newsroom/users", "/newsroom/outbox", "/newsroom/security", "/newsroom/enquiries?ref="+q, "/newsroom/login?next="+q,
		"/newsroom/stories", "/newsroom/settings", "/newsroom/sections", "/newsroom/media",
		"/newsroom/translation/glossary", "/newsroom/media?q="+q, "/newsroom/stories?q="+q,
		"/newsroom/search?q="+q, "/newsroom/search?q=alert", "/newsroom/search?q=pwned")
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
	// The mails, as their HTML bodies, each served as a page of its own from another origin.
	mails, _, err := a.Outbox.List(ctx, mail.ListFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	var htmlMails []string
	for _, m := range mails {
		if m.HTML != "" {
			htmlMails = append(htmlMails, m.HTML)
		}
	}
	mailSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/mail/"))
		if err != nil || n < 0 || n >= len(htmlMails) {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, htmlMails[n])
	}))
	defer mailSrv.Close()
	shown := 0
	for i := range htmlMails {
		path := mailSrv.URL + "/mail/" + strconv.Itoa(i)
		visit(path)
		if eval[bool](p, `document.body.textContent.includes('onerror=') || document.body.textContent.includes('<script>') || document.body.textContent.includes('{{.}}')`) {
			shown++
		}
	}
	if len(htmlMails) > 0 && shown == 0 {
		t.Errorf("none of the %d HTML mails shows a payload", len(htmlMails))
	}
	t.Logf("%d mails, %d as HTML, %d of them carrying payloads", len(mails), len(htmlMails), shown)
	if d := p.dialogs.list(); len(d) > 0 {
		t.Errorf("dialogs opened: %q", d)
	}
	t.Logf("%d payloads through %d submissions; %d pages rendered with no script run", len(corpus),
		stored["comment"]+stored["enquiry"]+stored["attachment name"]+stored["registration"]+stored["failed login"]+stored["story"], pages)
}

// publishPayloadStory publishes, as the newsroom's store does for an editor, a story whose
// headline, standfirst and body carry payloads, in a section and with a tag named with them,
// and returns its id.
func publishPayloadStory(ctx context.Context, t *testing.T, a *app.App, adminID int64, corpus []string) int64 {
	t.Helper()
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
