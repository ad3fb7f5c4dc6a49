package newsroom_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/config"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/testkit"
)

// The story desk tests run the whole app over HTTP, on SQLite and on PostgreSQL, with real
// accounts logged in through the login form.

const deskPassword = "Brahmaputra-ferry-ticket-2024"

// deskEnv is a running app with a section, a tag and an author profile to write with.
type deskEnv struct {
	t       *testing.T
	a       *app.App
	srv     *httptest.Server
	section news.Section
	tag     news.Tag
	author  news.Author
}

// runDesk runs fn against a fresh app on each database.
func runDesk(t *testing.T, fn func(t *testing.T, e *deskEnv)) {
	t.Helper()
	base := func(t *testing.T) config.Config {
		return config.Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), LogFormat: "text", Migrate: true,
			MaxBodyBytes: 20 << 20, ShutdownTimeout: 5 * time.Second, LightPasswordHashesForTests: true}
	}
	dialects := []struct {
		name string
		cfg  func(t *testing.T) config.Config
	}{
		{"sqlite", func(t *testing.T) config.Config {
			c := base(t)
			c.DataDir = dbtest.MigratedDataDir(t) // migrated once per test binary, copied
			return c
		}},
		{"postgres", func(t *testing.T) config.Config {
			c := base(t)
			c.DatabaseURL = dbtest.NewPostgresSchema(t)
			return c
		}},
	}
	for _, d := range dialects {
		t.Run(d.name, func(t *testing.T) {
			fn(t, newDeskEnv(t, d.cfg(t)))
		})
	}
}

func newDeskEnv(t *testing.T, cfg config.Config) *deskEnv {
	t.Helper()
	ctx := context.Background()
	a, err := app.New(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	rendered.Track(a.StaffTemplates())
	t.Cleanup(func() { a.Close() })
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	e := &deskEnv{t: t, a: a, srv: srv}
	if e.section, err = a.News.CreateSection(ctx, news.SectionInput{Slug: "assam", Name: news.Names{EN: "Assam", AS: "অসম"}, Position: 1}); err != nil {
		t.Fatal(err)
	}
	if e.tag, err = a.News.CreateTag(ctx, "floods", news.Names{EN: "Floods", AS: "বানপানী"}); err != nil {
		t.Fatal(err)
	}
	if e.author, err = a.News.CreateAuthor(ctx, news.AuthorInput{Slug: "rina-das", Name: news.Names{EN: "Rina Das", AS: "ৰীণা দাস"}}); err != nil {
		t.Fatal(err)
	}
	return e
}

// login creates an account with role and signs it in through the login form.
func (e *deskEnv) login(role people.Role, name string) *deskClient {
	e.t.Helper()
	email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.org"
	u, err := e.a.People.Create(context.Background(), people.NewUser{Email: email, Name: name, Password: deskPassword, Role: role})
	if err != nil {
		e.t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	c := &deskClient{t: e.t, base: e.srv.URL, user: u, c: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
	r := c.post("/newsroom/login", url.Values{"email": {email}, "password": {deskPassword}})
	if r.status != http.StatusOK || !strings.HasSuffix(r.url, "/newsroom/") {
		e.t.Fatalf("login %s: %d at %s\n%s", name, r.status, r.url, r.text())
	}
	return c
}

// anon is a reader without an account.
func (e *deskEnv) anon() *deskClient {
	return &deskClient{t: e.t, base: e.srv.URL, c: &http.Client{Timeout: 30 * time.Second}}
}

// deskClient is one browser session.
type deskClient struct {
	t    *testing.T
	base string
	user people.User
	c    *http.Client
}

// deskResp is a response after redirects, with its parsed page.
type deskResp struct {
	status int
	body   string
	url    string
	header http.Header
	doc    *goquery.Document
}

func (r *deskResp) text() string {
	if r.doc == nil {
		return r.body
	}
	return strings.Join(strings.Fields(r.doc.Find("body").Text()), " ")
}

func (c *deskClient) do(req *http.Request) *deskResp {
	c.t.Helper()
	if req.Method == http.MethodPost {
		req.Header.Set("Origin", c.base)
	}
	res, err := c.c.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	r := &deskResp{status: res.StatusCode, body: string(b), url: res.Request.URL.String(), header: res.Header}
	if strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		r.doc, _ = goquery.NewDocumentFromReader(bytes.NewReader(b))
		if strings.HasPrefix(res.Request.URL.Path, "/newsroom/") && !strings.HasSuffix(res.Request.URL.Path, "/preview") {
			deskCheckPage(c.t, req.Method+" "+res.Request.URL.RequestURI(), r.doc)
		}
	}
	return r
}

var deskKeyRE = regexp.MustCompile(`\b(desk|nr|flash)_[a-z0-9]+(_[a-z0-9]+)*\b`)

// deskCheckPage holds a newsroom page to the house rules: language and noindex set, no
// inline style or script (the CSP forbids them), every control labelled, every string
// translated, and no Bengali র in the Assamese interface (story text, marked with its own
// lang, aside).
func deskCheckPage(t *testing.T, what string, doc *goquery.Document) {
	t.Helper()
	lang, _ := doc.Find("html").Attr("lang")
	if lang != "en" && lang != "as" {
		t.Errorf("%s: html lang %q", what, lang)
	}
	if robots, _ := doc.Find(`meta[name=robots]`).Attr("content"); robots != "noindex" {
		t.Errorf("%s: robots %q", what, robots)
	}
	if n := doc.Find("[style]").Length(); n > 0 {
		t.Errorf("%s: %d inline style attributes", what, n)
	}
	doc.Find("script").Each(func(_ int, s *goquery.Selection) {
		if _, ok := s.Attr("src"); !ok {
			t.Errorf("%s: inline script", what)
		}
	})
	doc.Find("input, select, textarea").Each(func(_ int, s *goquery.Selection) {
		typ, _ := s.Attr("type")
		if typ == "hidden" {
			return
		}
		id, _ := s.Attr("id")
		_, aria := s.Attr("aria-label")
		if !aria && s.ParentsFiltered("label").Length() == 0 && (id == "" || doc.Find(`label[for="`+id+`"]`).Length() == 0) {
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
	text := doc.Clone()
	text.Find("script, style").Remove()
	if k := deskKeyRE.FindString(text.Text()); k != "" {
		t.Errorf("%s: untranslated message key %q", what, k)
	}
	if lang == "as" {
		text.Find("body [lang], textarea, input").Remove()
		if offs := locale.BengaliRa(text.Find("body").Text()); offs != nil {
			t.Errorf("%s: Bengali ra U+09B0 in the Assamese interface", what)
		}
	}
}

func (c *deskClient) get(path string) *deskResp {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.base+path, nil)
	return c.do(req)
}

func (c *deskClient) post(path string, form url.Values) *deskResp {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// postJSON posts v as the editor's script does and decodes the JSON answer.
func (c *deskClient) postJSON(path string, v any) (int, map[string]any) {
	c.t.Helper()
	b, _ := json.Marshal(v)
	req, _ := http.NewRequest(http.MethodPost, c.base+path, bytes.NewReader(b))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	r := c.do(req)
	var out map[string]any
	if err := json.Unmarshal([]byte(r.body), &out); err != nil {
		c.t.Fatalf("POST %s: %d, not JSON: %v\n%s", path, r.status, err, r.body)
	}
	return r.status, out
}

// upload sends a file as the library's form does, or as the editor's script when asJSON.
func (c *deskClient) upload(name string, data []byte, asJSON bool, fields url.Values) *deskResp {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.base+"/newsroom/media/upload", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if asJSON {
		req.Header.Set("Accept", "application/json")
	}
	return c.do(req)
}

var deskEditionPath = regexp.MustCompile(`/newsroom/stories/(\d+)/edition/(en|as)$`)

// createStory starts a draft through the new-story form and returns its story id.
func (c *deskClient) createStory(e *deskEnv, lang locale.Lang, headline, body string) int64 {
	c.t.Helper()
	r := c.post("/newsroom/stories", url.Values{
		"section": {deskID(e.section.ID)}, "lang": {string(lang)}, "headline": {headline}, "body": {body},
	})
	m := deskEditionPath.FindStringSubmatch(r.url)
	if r.status != http.StatusOK || m == nil || r.doc.Find(".flash").Length() != 1 {
		c.t.Fatalf("create story: %d at %s\n%s", r.status, r.url, r.text())
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// editorForm loads the editor page and returns its form as a browser would submit it.
func (c *deskClient) editorForm(storyID int64, lang locale.Lang) (*deskResp, url.Values) {
	c.t.Helper()
	r := c.get(deskEditor(storyID, lang))
	if r.status != http.StatusOK {
		c.t.Fatalf("editor page: %d\n%s", r.status, r.text())
	}
	return r, deskForm(r.doc.Find("form.desk-form"))
}

// formValues are the successful controls of a form (buttons left out).
func deskForm(form *goquery.Selection) url.Values {
	v := url.Values{}
	form.Find("input, textarea, select").Each(func(_ int, s *goquery.Selection) {
		name, ok := s.Attr("name")
		if !ok || s.Is("[disabled]") || s.Closest("fieldset[disabled]").Length() > 0 {
			return
		}
		switch {
		case s.Is("textarea"):
			v.Add(name, s.Text())
		case s.Is("select"):
			opt := s.Find("option[selected]").First()
			if opt.Length() == 0 {
				opt = s.Find("option").First()
			}
			val, _ := opt.Attr("value")
			v.Add(name, val)
		default:
			typ, _ := s.Attr("type")
			if (typ == "checkbox" || typ == "radio") && !s.Is("[checked]") || typ == "file" || typ == "submit" {
				return
			}
			val, _ := s.Attr("value")
			if (typ == "checkbox" || typ == "radio") && val == "" {
				val = "on"
			}
			v.Add(name, val)
		}
	})
	return v
}

func deskEditor(storyID int64, lang locale.Lang) string {
	return "/newsroom/stories/" + deskID(storyID) + "/edition/" + string(lang)
}

func deskID(n int64) string { return strconv.FormatInt(n, 10) }

func (e *deskEnv) edition(storyID int64, lang locale.Lang) news.Edition {
	e.t.Helper()
	items, _, err := e.a.News.Desk(context.Background(), news.DeskFilter{Lang: lang, Limit: 200})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, it := range items {
		if it.StoryID == storyID {
			ed, err := e.a.News.Edition(context.Background(), it.EditionID)
			if err != nil {
				e.t.Fatal(err)
			}
			return ed
		}
	}
	e.t.Fatalf("no %s edition of story %d", lang, storyID)
	return news.Edition{}
}

func deskStatus(t *testing.T, r *deskResp, want int, what string) {
	t.Helper()
	if r.status != want {
		t.Fatalf("%s: status %d, want %d (at %s)\n%.3000s", what, r.status, want, r.url, r.text())
	}
}

func deskText(t *testing.T, r *deskResp, what string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(r.body, p) && !strings.Contains(r.text(), p) {
			t.Errorf("%s: page lacks %q\n%.3000s", what, p, r.text())
		}
	}
}

func TestDeskReporterToPublication(t *testing.T) {
	runDesk(t, func(t *testing.T, e *deskEnv) {
		rep := e.login(people.Reporter, "Anu Bora")
		other := e.login(people.Reporter, "Bikash Kalita")
		ed := e.login(people.Editor, "Chandra Hazarika")
		reader := e.anon()

		// The reporter's desk and the new-story form.
		deskStatus(t, rep.get("/newsroom/"), http.StatusOK, "reporter dashboard")
		r := rep.get("/newsroom/stories/new")
		deskStatus(t, r, http.StatusOK, "new story form")
		r = rep.post("/newsroom/stories", url.Values{"section": {""}, "lang": {"en"}, "headline": {""}})
		deskStatus(t, r, http.StatusUnprocessableEntity, "new story without headline or section")
		deskText(t, r, "refused new story", "Write a headline.")

		id := rep.createStory(e, locale.English, "Brahmaputra rises at Dibrugarh", "<p>The river crossed the danger mark.</p>")
		r, form := rep.editorForm(id, locale.English)
		deskText(t, r, "editor page", "Brahmaputra rises at Dibrugarh", "data-editor-form", `data-autosave-url="/newsroom/stories/`+deskID(id)+`/edition/en/autosave"`)
		if r.doc.Find(`form[data-editor-form] textarea#body[data-editor][data-upload-url="/newsroom/media/upload"]`).Length() != 1 {
			t.Error("editor page lacks the body textarea of the editor.js contract")
		}
		for _, k := range []string{"saved", "saving", "save-failed", "conflict", "ra-warning", "ra-fix", "bold", "italic", "h2", "h3", "link", "link-prompt", "ul", "ol", "quote", "image", "embed", "embed-prompt", "undo", "redo", "uploading", "upload-failed", "caption", "credit"} {
			if v, ok := r.doc.Find("form[data-editor-form]").Attr("data-l-" + k); !ok || v == "" || strings.HasPrefix(v, "desk_") {
				t.Errorf("editor form: data-l-%s = %q", k, v)
			}
		}
		if v, _ := r.doc.Find("form[data-editor-form]").Attr("data-l-ra-warning"); !strings.Contains(v, "{0}") {
			t.Errorf("data-l-ra-warning %q lacks its {0}", v)
		}

		// Save with a tag and a byline.
		form.Set("body", "<p>The river crossed the danger mark on Monday.</p><script>alert(1)</script>")
		form.Set("tag", deskID(e.tag.ID))
		form.Set("author", deskID(e.author.ID))
		form.Set("action", "save")
		r = rep.post(deskEditor(id, locale.English), form)
		deskStatus(t, r, http.StatusOK, "save")
		deskText(t, r, "after save", "Saved.")
		saved := e.edition(id, locale.English)
		if saved.Revision != 2 || strings.Contains(saved.Body, "script") || !strings.Contains(saved.Body, "Monday") {
			t.Fatalf("after save: revision %d body %q", saved.Revision, saved.Body)
		}
		if len(saved.AuthorIDs) != 1 || saved.AuthorIDs[0] != e.author.ID {
			t.Errorf("bylines %v", saved.AuthorIDs)
		}

		// Autosave: JSON in and out, no change of state.
		status, js := rep.postJSON(deskEditor(id, locale.English)+"/autosave", map[string]any{
			"headline": "Brahmaputra rises at Dibrugarh", "standfirst": "Embankments watched", "body": "<p>Autosaved words.</p>", "base_revision": saved.Revision,
		})
		if status != http.StatusOK || js["revision"] != float64(saved.Revision+1) || js["saved_at"] == "" {
			t.Fatalf("autosave: %d %v", status, js)
		}
		if got := e.edition(id, locale.English); got.Status != news.Draft || got.Standfirst != "Embankments watched" || len(got.AuthorIDs) != 1 {
			t.Fatalf("after autosave: %+v", got)
		}
		status, js = rep.postJSON(deskEditor(id, locale.English)+"/autosave", map[string]any{
			"headline": "Stale", "body": "<p>Stale</p>", "base_revision": saved.Revision,
		})
		if status != http.StatusConflict || js["current_revision"] != float64(saved.Revision+1) || js["error"] == "" {
			t.Fatalf("stale autosave: %d %v", status, js)
		}

		// Another reporter may not see, save, autosave or preview it.
		deskStatus(t, other.get(deskEditor(id, locale.English)), http.StatusForbidden, "other reporter's editor page")
		_, form = rep.editorForm(id, locale.English)
		hijack := url.Values{}
		for k, v := range form {
			hijack[k] = v
		}
		hijack.Set("headline", "Hijacked")
		hijack.Set("action", "save")
		deskStatus(t, other.post(deskEditor(id, locale.English), hijack), http.StatusForbidden, "other reporter's save")
		status, js = other.postJSON(deskEditor(id, locale.English)+"/autosave", map[string]any{"headline": "Hijacked", "body": "", "base_revision": deskAtoi(form.Get("base_revision"))})
		if status != http.StatusForbidden || js["error"] == "" {
			t.Fatalf("other reporter's autosave: %d %v", status, js)
		}
		deskStatus(t, other.get(deskEditor(id, locale.English)+"/preview"), http.StatusForbidden, "other reporter's preview")
		if got := e.edition(id, locale.English); got.Headline == "Hijacked" {
			t.Fatal("another reporter changed the story")
		}
		r = other.get("/newsroom/stories")
		deskStatus(t, r, http.StatusOK, "other reporter's list")
		if strings.Contains(r.body, "Brahmaputra rises") {
			t.Error("another reporter's list shows the story")
		}
		// Nor may the owner take an editor's step.
		form.Set("action", "publish")
		deskStatus(t, rep.post(deskEditor(id, locale.English), form), http.StatusForbidden, "reporter publishing")
		if got := e.edition(id, locale.English); got.Status != news.Draft {
			t.Fatalf("reporter's publish changed the state to %s", got.Status)
		}

		// Submit.
		form.Set("action", "submit")
		r = rep.post(deskEditor(id, locale.English), form)
		deskStatus(t, r, http.StatusOK, "submit")
		deskText(t, r, "after submit", "Submitted for review.")
		if got := e.edition(id, locale.English); got.Status != news.Submitted {
			t.Fatalf("after submit: %s", got.Status)
		}
		// While the editors have it, the reporter's page is read-only.
		r, _ = rep.editorForm(id, locale.English)
		deskText(t, r, "reporter's submitted story", "This story is with the editors")
		if r.doc.Find("form[data-editor-form]").Length() != 0 || r.doc.Find(`button[value="save"]`).Length() != 0 {
			t.Error("a submitted story is still editable by its reporter")
		}

		// The editor's queue and dashboard.
		r = ed.get("/newsroom/review")
		deskStatus(t, r, http.StatusOK, "review queue")
		deskText(t, r, "review queue", "Brahmaputra rises at Dibrugarh", "Anu Bora")
		r = ed.get("/newsroom/")
		deskStatus(t, r, http.StatusOK, "editor dashboard")
		deskText(t, r, "editor dashboard", "waiting for review", "submitted for review")
		deskStatus(t, rep.get("/newsroom/review"), http.StatusForbidden, "reporter's review queue")
		deskStatus(t, rep.get("/newsroom/audit"), http.StatusForbidden, "reporter's audit log")

		// Return with a comment; the reporter sees it.
		r, form = ed.editorForm(id, locale.English)
		form.Set("action", "return")
		r = ed.post(deskEditor(id, locale.English), form)
		deskStatus(t, r, http.StatusUnprocessableEntity, "return without comment")
		deskText(t, r, "return without comment", "Tell the reporter what to change.")
		form.Set("comment", "Add the water level at Neamatighat.")
		r = ed.post(deskEditor(id, locale.English), form)
		deskStatus(t, r, http.StatusOK, "return")
		deskText(t, r, "after return", "Returned to the reporter.")
		r = rep.get("/newsroom/")
		deskText(t, r, "reporter dashboard after return", "Returned to you", "Add the water level at Neamatighat.", "Chandra Hazarika")
		r, form = rep.editorForm(id, locale.English)
		deskText(t, r, "reporter's editor after return", "Notes from the editors", "Add the water level at Neamatighat.")

		// Resubmit with the change.
		form.Set("body", "<p>The river crossed the danger mark at Neamatighat, 86.2 m.</p>")
		form.Set("action", "submit")
		deskStatus(t, rep.post(deskEditor(id, locale.English), form), http.StatusOK, "resubmit")
		if got := e.edition(id, locale.English); got.Status != news.Submitted || !strings.Contains(got.Body, "86.2") {
			t.Fatalf("after resubmit: %s %q", got.Status, got.Body)
		}

		// Publish: the story reaches the reader's home page and its article page.
		deskText(t, reader.get("/"), "home before publishing") // cached now, so publishing must purge
		_, form = ed.editorForm(id, locale.English)
		form.Set("action", "publish")
		r = ed.post(deskEditor(id, locale.English), form)
		deskStatus(t, r, http.StatusOK, "publish")
		deskText(t, r, "after publish", "Published.")
		home := reader.get("/")
		deskStatus(t, home, http.StatusOK, "home")
		deskText(t, home, "home after publishing", "Brahmaputra rises at Dibrugarh")
		art := reader.get("/news/" + deskID(id))
		deskStatus(t, art, http.StatusOK, "article")
		deskText(t, art, "article", "Brahmaputra rises at Dibrugarh", "Neamatighat", "Rina Das")

		// The audit log has the whole history.
		r = ed.get("/newsroom/audit?story=" + deskID(id))
		deskStatus(t, r, http.StatusOK, "audit")
		deskText(t, r, "audit", "created the story", "submitted for review", "returned to the reporter", "published", "Anu Bora", "Chandra Hazarika")
		deskStatus(t, ed.get("/newsroom/audit"), http.StatusOK, "whole audit log")
		r = ed.get("/newsroom/stories?status=published&lang=en&q=brahmaputra")
		deskStatus(t, r, http.StatusOK, "stories filtered")
		deskText(t, r, "stories filtered", "Brahmaputra rises at Dibrugarh", "Anu Bora")
		deskStatus(t, ed.get("/newsroom/stories?status=nonsense"), http.StatusNotFound, "unknown status filter")
	})
}

func TestDeskPictureNeedsAltText(t *testing.T) {
	runDesk(t, func(t *testing.T, e *deskEnv) {
		rep := e.login(people.Reporter, "Dipankar Saikia")
		ed := e.login(people.Editor, "Elora Baruah")
		reader := e.anon()

		// The editor's script uploads a photo and gets it as JSON.
		r := rep.upload("flood.png", testkit.PNG(t, testkit.Picture(64, 48)), true, nil)
		deskStatus(t, r, http.StatusOK, "JSON upload")
		var up struct {
			ID            int64
			URL           string
			Width, Height int
		}
		if err := json.Unmarshal([]byte(r.body), &up); err != nil || up.ID == 0 || !strings.HasPrefix(up.URL, "/media/") || up.Width != 64 || up.Height != 48 {
			t.Fatalf("upload reply %s (%v)", r.body, err)
		}

		id := rep.createStory(e, locale.English, "Relief camps open in Morigaon", "<p>Camps opened.</p>")
		_, form := ed.editorForm(id, locale.English)
		form.Set("image_id", deskID(up.ID))
		form.Set("image_alt", "")
		form.Set("image_caption", "A relief camp")
		form.Set("action", "publish")
		r = ed.post(deskEditor(id, locale.English), form)
		deskStatus(t, r, http.StatusUnprocessableEntity, "publish without alt text")
		deskText(t, r, "publish without alt text", "The picture needs alt text", "Describe the picture before publishing.")
		if r.doc.Find(`#f-image-alt[aria-invalid="true"]`).Length() != 1 {
			t.Error("the alt text field is not marked invalid")
		}
		if got := e.edition(id, locale.English); got.Status == news.Published {
			t.Fatal("published without alt text")
		}
		deskStatus(t, reader.get("/news/"+deskID(id)), http.StatusNotFound, "reader before publishing")

		// The refused page keeps the picture chosen and can be sent again with alt text.
		form = deskForm(r.doc.Find("form.desk-form"))
		if form.Get("image_id") != deskID(up.ID) || form.Get("image_caption") != "A relief camp" {
			t.Fatalf("refused page lost the picture: %v", form)
		}
		form.Set("image_alt", "Families under a tarpaulin shelter")
		form.Set("action", "publish")
		deskStatus(t, ed.post(deskEditor(id, locale.English), form), http.StatusOK, "publish with alt text")
		art := reader.get("/news/" + deskID(id))
		deskStatus(t, art, http.StatusOK, "article with picture")
		deskText(t, art, "article with picture", "Families under a tarpaulin shelter", "A relief camp")

		// An upload from the page without script returns to the editor with the picture chosen.
		r = ed.upload("camp.png", testkit.PNG(t, testkit.Picture(40, 30)), false, url.Values{"next": {deskEditor(id, locale.English)}})
		deskStatus(t, r, http.StatusOK, "form upload")
		deskText(t, r, "form upload", "Photo uploaded.")
		if u, _ := url.Parse(r.url); u.Path != deskEditor(id, locale.English) || u.Query().Get("picture") == "" {
			t.Errorf("form upload went to %s", r.url)
		}
		if v, _ := r.doc.Find(`input[name="image_id"][checked]`).Attr("value"); v == "" || v == deskID(up.ID) {
			t.Errorf("the new picture is not chosen: %q", v)
		}
	})
}

func TestDeskConflict(t *testing.T) {
	runDesk(t, func(t *testing.T, e *deskEnv) {
		rep := e.login(people.Reporter, "Farhan Ahmed")
		ed := e.login(people.Editor, "Gitanjali Devi")
		id := rep.createStory(e, locale.English, "Tea garden wages revised", "<p>Workers will get more.</p>")

		_, mine := rep.editorForm(id, locale.English)
		_, theirs := ed.editorForm(id, locale.English)
		theirs.Set("body", "<p>Workers will get 250 rupees a day from April.</p>")
		theirs.Set("action", "save")
		deskStatus(t, ed.post(deskEditor(id, locale.English), theirs), http.StatusOK, "first save")

		mine.Set("body", "<p>Workers will get more, the union said on Friday.</p>")
		mine.Set("action", "save")
		r := rep.post(deskEditor(id, locale.English), mine)
		deskStatus(t, r, http.StatusConflict, "second save from the same revision")
		deskText(t, r, "conflict page", "Someone else saved this story", "250 rupees a day from April")
		if got := r.doc.Find("textarea#body").Text(); !strings.Contains(got, "the union said on Friday") {
			t.Errorf("conflict page lost the writer's text: %q", got)
		}
		if r.doc.Find(".desk-conflict .desk-diff ins").Length() == 0 || r.doc.Find(".desk-conflict .desk-diff del").Length() == 0 {
			t.Error("conflict page shows no differences")
		}
		cur := e.edition(id, locale.English)
		if !strings.Contains(cur.Body, "250 rupees") {
			t.Fatalf("the first save was lost: %q", cur.Body)
		}
		// The form now carries the current revision: saving again is a choice and succeeds.
		again := deskForm(r.doc.Find("form.desk-form"))
		if again.Get("base_revision") != strconv.Itoa(cur.Revision) {
			t.Errorf("conflict form base_revision %s, want %d", again.Get("base_revision"), cur.Revision)
		}
		again.Set("action", "save")
		deskStatus(t, rep.post(deskEditor(id, locale.English), again), http.StatusOK, "save after the conflict")
		if got := e.edition(id, locale.English); !strings.Contains(got.Body, "union said") {
			t.Errorf("save after the conflict: %q", got.Body)
		}
		revs, err := e.a.News.Revisions(context.Background(), cur.ID)
		if err != nil || !strings.Contains(revs[1].Body, "250 rupees") {
			t.Errorf("the other version is not kept in the revisions: %v", err)
		}
	})
}

func TestDeskSchedule(t *testing.T) {
	runDesk(t, func(t *testing.T, e *deskEnv) {
		ctx := context.Background()
		rep := e.login(people.Reporter, "Hemanta Gogoi")
		ed := e.login(people.Editor, "Indira Sarma")
		reader := e.anon()
		site, err := e.a.Settings.Site(ctx)
		if err != nil {
			t.Fatal(err)
		}
		zone := site.Location()
		id := rep.createStory(e, locale.English, "Bihu committee names its chief guest", "<p>The committee met.</p>")

		r, form := ed.editorForm(id, locale.English)
		if r.doc.Find(`input[type="datetime-local"][name="publish_at"]`).Length() != 1 {
			t.Fatal("editor page lacks the schedule field")
		}
		form.Set("action", "schedule")
		form.Set("publish_at", time.Now().In(zone).Add(-time.Hour).Format("2006-01-02T15:04"))
		r = ed.post(deskEditor(id, locale.English), form)
		deskStatus(t, r, http.StatusUnprocessableEntity, "schedule in the past")
		deskText(t, r, "schedule in the past", "Choose a time in the future.")
		if got := e.edition(id, locale.English); got.Status != news.Draft {
			t.Fatalf("schedule in the past changed the state to %s", got.Status)
		}

		form = deskForm(r.doc.Find("form.desk-form"))
		at := time.Now().In(zone).Add(time.Hour).Truncate(time.Minute)
		form.Set("action", "schedule")
		form.Set("publish_at", at.Format("2006-01-02T15:04"))
		r = ed.post(deskEditor(id, locale.English), form)
		deskStatus(t, r, http.StatusOK, "schedule")
		deskText(t, r, "after scheduling", "Scheduled.")
		got := e.edition(id, locale.English)
		if got.Status != news.Scheduled || !got.PublishedAt.Equal(at) {
			t.Fatalf("scheduled: %s at %v, want %v", got.Status, got.PublishedAt, at)
		}
		r = ed.get("/newsroom/review")
		deskText(t, r, "review lists the scheduled story", "Bihu committee names its chief guest")
		deskStatus(t, reader.get("/news/"+deskID(id)), http.StatusNotFound, "reader before the time")

		n, err := e.a.News.PublishDue(ctx, time.Now().Add(2*time.Hour))
		if err != nil || n != 1 {
			t.Fatalf("PublishDue = %d, %v", n, err)
		}
		deskStatus(t, reader.get("/news/"+deskID(id)), http.StatusOK, "reader after the time")
	})
}

func TestDeskUnpublishAndCorrect(t *testing.T) {
	runDesk(t, func(t *testing.T, e *deskEnv) {
		rep := e.login(people.Reporter, "Jayanta Nath")
		ed := e.login(people.Editor, "Kabita Mahanta")
		reader := e.anon()
		id := rep.createStory(e, locale.English, "Ferry service resumes at Nimati", "<p>Ferries run again from Nimati ghat.</p>")
		_, form := ed.editorForm(id, locale.English)
		form.Set("action", "publish")
		deskStatus(t, ed.post(deskEditor(id, locale.English), form), http.StatusOK, "publish")

		// A correction shows on the article beside Updated On, at once.
		deskStatus(t, reader.get("/news/"+deskID(id)), http.StatusOK, "article before the correction")
		r, form := ed.editorForm(id, locale.English)
		if r.doc.Find(`button[value="correct"]`).Length() != 1 || r.doc.Find(`button[value="unpublish"]`).Length() != 1 {
			t.Fatal("a published story offers no correction or unpublish")
		}
		// Autosave would put half-typed words in front of readers.
		if r.doc.Find("form[data-editor-form][data-autosave-url]").Length() != 0 {
			t.Error("a published story is autosaved")
		}
		if status, js := ed.postJSON(deskEditor(id, locale.English)+"/autosave", map[string]any{"headline": "Half", "body": "<p>Half</p>", "base_revision": deskAtoi(form.Get("base_revision"))}); status != http.StatusBadRequest || js["error"] == "" {
			t.Errorf("autosave of a published story: %d %v", status, js)
		}
		form.Set("action", "correct")
		r = ed.post(deskEditor(id, locale.English), form)
		deskStatus(t, r, http.StatusUnprocessableEntity, "correction without a note")
		deskText(t, r, "correction without a note", "Write the correction readers will see.")
		form = deskForm(r.doc.Find("form.desk-form"))
		form.Set("body", "<p>Ferries run again from Nimati ghat to Majuli.</p>")
		form.Set("correction_note", "An earlier version named the wrong ghat.")
		form.Set("action", "correct")
		r = ed.post(deskEditor(id, locale.English), form)
		deskStatus(t, r, http.StatusOK, "correction")
		deskText(t, r, "after the correction", "Correction published.")
		art := reader.get("/news/" + deskID(id))
		deskStatus(t, art, http.StatusOK, "corrected article")
		deskText(t, art, "corrected article", "to Majuli", "Updated On")
		if c := art.doc.Find(".story-meta .correction"); !strings.Contains(c.Text(), "An earlier version named the wrong ghat.") {
			t.Errorf("correction note beside Updated On: %q", c.Text())
		}
		// The preview of a corrected story shows the note too.
		r = ed.get(deskEditor(id, locale.English) + "/preview")
		deskStatus(t, r, http.StatusOK, "preview of the corrected story")
		deskText(t, r, "preview of the corrected story", "An earlier version named the wrong ghat.")

		// Unpublishing takes it off the reader site at once, cached or not.
		deskStatus(t, reader.get("/news/"+deskID(id)), http.StatusOK, "article cached")
		deskText(t, reader.get("/"), "home lists the story", "Ferry service resumes at Nimati")
		_, form = ed.editorForm(id, locale.English)
		form.Set("action", "unpublish")
		r = ed.post(deskEditor(id, locale.English), form)
		deskStatus(t, r, http.StatusOK, "unpublish")
		deskText(t, r, "after unpublishing", "Taken off the site.")
		deskStatus(t, reader.get("/news/"+deskID(id)), http.StatusNotFound, "article after unpublishing")
		if home := reader.get("/"); strings.Contains(home.body, "Ferry service resumes") {
			t.Error("home page still lists the unpublished story")
		}
	})
}

func TestDeskRevisionsAndPreview(t *testing.T) {
	runDesk(t, func(t *testing.T, e *deskEnv) {
		rep := e.login(people.Reporter, "Lakhi Deka")
		reader := e.anon()
		id := rep.createStory(e, locale.English, "Kaziranga reopens for visitors", "<p>The park opens on Tuesday.</p>")
		_, form := rep.editorForm(id, locale.English)
		form.Set("body", "<p>The park opens on Wednesday for jeep safaris.</p>")
		form.Set("tag", deskID(e.tag.ID))
		form.Set("action", "save")
		deskStatus(t, rep.post(deskEditor(id, locale.English), form), http.StatusOK, "save")

		r := rep.get(deskEditor(id, locale.English) + "/revisions")
		deskStatus(t, r, http.StatusOK, "revisions")
		if ins, del := r.doc.Find(".desk-diff ins").Text(), r.doc.Find(".desk-diff del").Text(); !strings.Contains(ins, "Wednesday") || !strings.Contains(del, "Tuesday") {
			t.Errorf("revisions diff: ins %q del %q", ins, del)
		}
		r = rep.get(deskEditor(id, locale.English) + "/revisions?a=1&b=1")
		deskStatus(t, r, http.StatusOK, "same revision compared")
		deskText(t, r, "same revision compared", "These revisions have the same words.")
		deskStatus(t, rep.get(deskEditor(id, locale.English)+"/revisions?a=1&b=9"), http.StatusNotFound, "unknown revision")

		// The preview is the reader's article page with a banner, though not published.
		r = rep.get(deskEditor(id, locale.English) + "/preview")
		deskStatus(t, r, http.StatusOK, "preview")
		deskText(t, r, "preview", "Preview: readers cannot see this version yet.", "Kaziranga reopens for visitors", "jeep safaris", "Floods", "Back to the editor")
		if r.doc.Find("article.story .story-body").Length() != 1 || r.doc.Find(".preview-banner").Length() != 1 {
			t.Error("preview is not the reader's article page with a banner")
		}
		if r.header.Get("Cache-Control") != "no-store" || r.doc.Find(`meta[name="robots"][content="noindex"]`).Length() != 1 {
			t.Errorf("preview may be cached or indexed: %q", r.header.Get("Cache-Control"))
		}
		deskStatus(t, reader.get("/news/"+deskID(id)), http.StatusNotFound, "reader while unpublished")
		deskStatus(t, rep.get(deskEditor(id, locale.Assamese)+"/preview"), http.StatusNotFound, "preview of an edition not written")
	})
}

func TestDeskAssameseEdition(t *testing.T) {
	runDesk(t, func(t *testing.T, e *deskEnv) {
		rep := e.login(people.Reporter, "Manab Rajkhowa")
		// Two Bengali র (U+09B0) where Assamese ৰ belongs, and one correct ৰ.
		id := rep.createStory(e, locale.Assamese, "গুৱাহাটীত বানপানীর সতর্কতা", "<p>ৰাজ্যত বৰষুণ।</p>")
		r, form := rep.editorForm(id, locale.Assamese)
		warn := r.doc.Find("[data-ra-warning]")
		if warn.Length() != 1 || warn.Is("[hidden]") || !strings.Contains(warn.Text(), "2 Bengali র") {
			t.Errorf("র warning: hidden=%v %q", warn.Is("[hidden]"), warn.Text())
		}
		if v, _ := r.doc.Find("form[data-editor-form]").Attr("data-lang"); v != "as" {
			t.Errorf("data-lang %q", v)
		}
		form.Set("headline", "গুৱাহাটীত বানপানীৰ সতৰ্কতা")
		form.Set("action", "save")
		r = rep.post(deskEditor(id, locale.Assamese), form)
		deskStatus(t, r, http.StatusOK, "save fixed")
		if !r.doc.Find("[data-ra-warning]").Is("[hidden]") {
			t.Error("র warning shown after the fix")
		}

		// The other language starts empty, for the owner; saving it creates the edition.
		r, form = rep.editorForm(id, locale.English)
		deskText(t, r, "new English edition", "New English edition")
		form.Set("headline", "Flood alert in Guwahati")
		form.Set("action", "save")
		deskStatus(t, rep.post(deskEditor(id, locale.English), form), http.StatusOK, "save the English edition")
		if got := e.edition(id, locale.English); got.Headline != "Flood alert in Guwahati" {
			t.Errorf("English edition: %+v", got)
		}
	})
}

func TestDeskMediaLibrary(t *testing.T) {
	runDesk(t, func(t *testing.T, e *deskEnv) {
		rep := e.login(people.Reporter, "Nilima Borah")
		other := e.login(people.Reporter, "Om Prakash")

		r := rep.upload("notes.txt", []byte("these are not the pixels you are looking for\n"), true, nil)
		if r.status != http.StatusUnsupportedMediaType || !strings.Contains(r.body, "not a photo") {
			t.Errorf("text upload as JSON: %d %s", r.status, r.body)
		}
		r = rep.upload("notes.txt", []byte("plain text"), false, nil)
		deskStatus(t, r, http.StatusOK, "text upload by form")
		deskText(t, r, "text upload by form", "This file is not a photo: upload a JPEG, PNG or WebP image.")
		if !strings.HasSuffix(r.url, "/newsroom/media") {
			t.Errorf("text upload went to %s", r.url)
		}

		r = rep.upload("kaziranga.png", testkit.PNG(t, testkit.Picture(32, 32)), false, url.Values{"alt": {"A rhino in tall grass"}, "credit": {"Nilima Borah"}})
		deskStatus(t, r, http.StatusOK, "photo upload by form")
		deskText(t, r, "library after upload", "Photo uploaded.", "A rhino in tall grass")
		list, _, err := e.a.Media.Search(context.Background(), "rhino", 10, 0)
		if err != nil || len(list) != 1 {
			t.Fatalf("library search: %v %v", list, err)
		}
		m := list[0]

		r = rep.get("/newsroom/media?q=rhino")
		deskStatus(t, r, http.StatusOK, "library search")
		if r.doc.Find(".desk-photo").Length() != 1 {
			t.Errorf("library search shows %d photos", r.doc.Find(".desk-photo").Length())
		}
		r = rep.post("/newsroom/media/"+deskID(m.ID), url.Values{"alt": {"A one-horned rhino"}, "caption": {"Kaziranga at dawn"}, "credit": {"N. Borah"}, "next": {"/newsroom/media?q=rhino"}})
		deskStatus(t, r, http.StatusOK, "edit photo words")
		deskText(t, r, "edit photo words", "Photo details saved.", "A one-horned rhino")
		deskStatus(t, other.post("/newsroom/media/"+deskID(m.ID), url.Values{"alt": {"Mine now"}}), http.StatusForbidden, "another reporter edits the photo")
		if got, _ := e.a.Media.Get(context.Background(), m.ID); got.Alt != "A one-horned rhino" || got.Caption != "Kaziranga at dawn" {
			t.Errorf("photo words: %+v", got)
		}
	})
}

func TestDeskAssameseInterface(t *testing.T) {
	runDesk(t, func(t *testing.T, e *deskEnv) {
		rep := e.login(people.Reporter, "Pallavi Medhi")
		ed := e.login(people.Editor, "Queen Kalita")
		for _, c := range []*deskClient{rep, ed} {
			r := c.post("/newsroom/account/language", url.Values{"lang": {"as"}, "next": {"/newsroom/"}})
			deskStatus(t, r, http.StatusOK, "switch to Assamese")
			if lang, _ := r.doc.Find("html").Attr("lang"); lang != "as" {
				t.Fatalf("interface language %q after switching", lang)
			}
		}
		id := rep.createStory(e, locale.Assamese, "মাজুলীত নতুন দলং", "<p>দলংখন মুকলি কৰা হ’ল।</p>")
		r, form := rep.editorForm(id, locale.Assamese)
		deskText(t, r, "Assamese editor", "সাঁচি ৰাখক", "পৰ্যালোচনাৰ বাবে দাখিল কৰক")
		form.Set("action", "submit")
		deskStatus(t, rep.post(deskEditor(id, locale.Assamese), form), http.StatusOK, "submit")
		for _, path := range []string{"/newsroom/", "/newsroom/stories", "/newsroom/stories/new", "/newsroom/media", deskEditor(id, locale.Assamese) + "/revisions"} {
			deskStatus(t, rep.get(path), http.StatusOK, path)
		}
		for _, path := range []string{"/newsroom/", "/newsroom/review", "/newsroom/audit", deskEditor(id, locale.Assamese)} {
			r := ed.get(path)
			deskStatus(t, r, http.StatusOK, path)
		}
		r = ed.get("/newsroom/review")
		deskText(t, r, "Assamese review queue", "পৰ্যালোচনাৰ অপেক্ষাত", "মাজুলীত নতুন দলং")
		r = ed.get(deskEditor(id, locale.Assamese) + "/preview")
		deskStatus(t, r, http.StatusOK, "Assamese preview")
		deskText(t, r, "Assamese preview", "পূৰ্বদৰ্শন: পাঠকে এই সংস্কৰণ এতিয়াও দেখা নাপায়।", "মাজুলীত নতুন দলং")
	})
}

func deskAtoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// TestNewStoryPlainTextParagraphs types a body with blank lines on the New story page (which
// has no editor): it is stored as paragraphs, a single line break as a line break, and a
// stray < as text.
func TestNewStoryPlainTextParagraphs(t *testing.T) {
	runDesk(t, func(t *testing.T, e *deskEnv) {
		rep := e.login(people.Reporter, "Mitali Bora")
		id := rep.createStory(e, locale.English, "Ferry resumes at Nimati", "Para one.\r\n\r\nPara two,\r\nsecond line.\r\n\r\n\r\nRiver level < 2 m & falling.")
		got := e.edition(id, locale.English).Body
		if want := "<p>Para one.</p><p>Para two,<br>second line.</p><p>River level &lt; 2 m &amp; falling.</p>"; got != want {
			t.Errorf("body %q, want %q", got, want)
		}
		id = rep.createStory(e, locale.English, "Ferry resumes at Majuli", "<p>Already HTML.</p>\n\n<p>Kept.</p>")
		if got := e.edition(id, locale.English).Body; !strings.Contains(got, "<p>Already HTML.</p>") || strings.Contains(got, "&lt;") {
			t.Errorf("an HTML body became %q", got)
		}
	})
}
