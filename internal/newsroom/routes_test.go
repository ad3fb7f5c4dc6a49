package newsroom

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/settings"
	"github.com/batori-news/batori/internal/web"
)

// bareNewsroom is a newsroom with only its core parts wired (no comments, enquiries or
// machine translation), behind the app's panic and body-size middleware, on a real database.
type bareNewsroom struct {
	t      *testing.T
	s      *Server
	people *people.Store
	h      http.Handler
}

func newBareNewsroom(t *testing.T, maxBody int64) *bareNewsroom {
	t.Helper()
	d := dbtest.Open(t, db.SQLite)
	assets, err := web.LoadAssets(web.Files)
	if err != nil {
		t.Fatal(err)
	}
	funcs := web.Funcs(assets)
	maps.Copy(funcs, TemplateFuncs())
	tpl, err := web.ParseTemplates(web.Files, "templates/newsroom", funcs)
	if err != nil {
		t.Fatal(err)
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	ppl := people.NewStore(d)
	s := New(Deps{People: ppl, News: news.NewStore(d), Settings: settings.NewStore(d), Templates: tpl, Assets: assets, Log: quiet})
	mux := http.NewServeMux()
	s.Routes(mux)
	// ?boom makes any route panic, as a bug in its handler would.
	boom := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Has("boom") {
				panic("boom")
			}
			next.ServeHTTP(w, r)
		})
	}
	return &bareNewsroom{t: t, s: s, people: ppl, h: web.Chain(mux, web.Recover(quiet, s.RenderError), web.LimitBody(maxBody, s.RenderError), boom)}
}

// session signs in a new account with role, in uiLang, and returns its cookie.
func (b *bareNewsroom) session(role people.Role, email, uiLang string) *http.Cookie {
	b.t.Helper()
	ctx := context.Background()
	u, err := b.people.Create(ctx, people.NewUser{Email: email, Name: "Staff " + string(role), Password: "correct horse battery", Role: role})
	if err != nil {
		b.t.Fatal(err)
	}
	if err := b.people.SetUILang(ctx, u.ID, uiLang); err != nil {
		b.t.Fatal(err)
	}
	secret, err := b.people.StartSession(ctx, u.ID, "test", "127.0.0.1", false)
	if err != nil {
		b.t.Fatal(err)
	}
	return &http.Cookie{Name: sessionCookie, Value: secret}
}

func (b *bareNewsroom) do(r *http.Request, c *http.Cookie) *httptest.ResponseRecorder {
	if c != nil {
		r.AddCookie(c)
	}
	rec := httptest.NewRecorder()
	b.h.ServeHTTP(rec, r)
	return rec
}

// TestFeatureOffAnswersClearly checks that a feature whose part is not wired answers with a
// page saying so, in the user's language, and is left out of the menu; access is still checked.
func TestFeatureOffAnswersClearly(t *testing.T) {
	b := newBareNewsroom(t, 1<<20)
	editor := b.session(people.Editor, "ed@example.org", "en")
	rec := b.do(httptest.NewRequest("GET", "/newsroom/enquiries", nil), editor)
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "The enquiries inbox is not set up on this site") {
		t.Fatalf("enquiries off: %d\n%s", rec.Code, rec.Body.String())
	}
	if strings.Contains(rec.Body.String(), `href="/newsroom/enquiries"`) || strings.Contains(rec.Body.String(), `href="/newsroom/comments"`) {
		t.Error("menu offers a feature that is not set up")
	}
	if !strings.Contains(rec.Body.String(), `href="/newsroom/review"`) {
		t.Error("editor's menu lacks the review queue")
	}
	asEditor := b.session(people.Editor, "as@example.org", "as")
	rec = b.do(httptest.NewRequest("GET", "/newsroom/translation/glossary", nil), asEditor)
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "এই ছাইটত যান্ত্ৰিক অনুবাদ সাজু কৰা হোৱা নাই") {
		t.Fatalf("translation off, in Assamese: %d\n%s", rec.Code, rec.Body.String())
	}
	// Roles are checked before the feature: a reporter is refused, a stranger sent to log in.
	reporter := b.session(people.Reporter, "rep@example.org", "en")
	if rec := b.do(httptest.NewRequest("GET", "/newsroom/comments", nil), reporter); rec.Code != http.StatusForbidden {
		t.Errorf("reporter on comments: %d", rec.Code)
	}
	if rec := b.do(httptest.NewRequest("GET", "/newsroom/comments", nil), nil); rec.Code != http.StatusSeeOther {
		t.Errorf("stranger on comments: %d", rec.Code)
	}
	if rec := b.do(httptest.NewRequest("GET", "/newsroom/no-such-page", nil), editor); rec.Code != http.StatusNotFound {
		t.Errorf("unknown page: %d", rec.Code)
	}
}

// TestMenuFollowsRoles checks the menu, built from the route table, offers each role its pages.
func TestMenuFollowsRoles(t *testing.T) {
	b := newBareNewsroom(t, 1<<20)
	cases := []struct {
		role       people.Role
		has, lacks []string
	}{
		{people.Reporter, []string{"/newsroom/stories", "/newsroom/media", "/newsroom/account"}, []string{"/newsroom/review", "/newsroom/users", "/newsroom/settings", "/newsroom/translations"}},
		{people.Translator, []string{"/newsroom/translations", "/newsroom/stories"}, []string{"/newsroom/review", "/newsroom/users"}},
		{people.Editor, []string{"/newsroom/review", "/newsroom/users", "/newsroom/translations"}, []string{"/newsroom/settings", "/newsroom/outbox"}},
		{people.Admin, []string{"/newsroom/settings", "/newsroom/sections", "/newsroom/outbox", "/newsroom/users"}, nil},
	}
	for _, c := range cases {
		cookie := b.session(c.role, string(c.role)+"@example.org", "en")
		body := b.do(httptest.NewRequest("GET", "/newsroom/account", nil), cookie).Body.String()
		for _, u := range c.has {
			if !strings.Contains(body, `href="`+u+`"`) {
				t.Errorf("%s: menu lacks %s", c.role, u)
			}
		}
		for _, u := range c.lacks {
			if strings.Contains(body, `href="`+u+`"`) {
				t.Errorf("%s: menu offers %s", c.role, u)
			}
		}
	}
}

// TestErrorsAsJSONToScripts checks failures caught by middleware answer the editor's scripts
// in JSON, by route or by header, and people with the newsroom's page.
func TestErrorsAsJSONToScripts(t *testing.T) {
	b := newBareNewsroom(t, 1024)
	rep := b.session(people.Reporter, "rep@example.org", "en")
	isJSON := func(name string, rec *httptest.ResponseRecorder, status int) {
		t.Helper()
		var body struct{ Error string }
		if rec.Code != status || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") ||
			json.Unmarshal(rec.Body.Bytes(), &body) != nil || body.Error == "" {
			t.Errorf("%s: %d %s %q", name, rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
		}
	}
	isPage := func(name string, rec *httptest.ResponseRecorder, status int, text string) {
		t.Helper()
		if rec.Code != status || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") || !strings.Contains(rec.Body.String(), text) {
			t.Errorf("%s: %d %s\n%s", name, rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
		}
	}

	// The editor's photo upload, too large, from the script and from the library's form.
	big := strings.Repeat("x", 4096)
	up := httptest.NewRequest("POST", "/newsroom/media/upload", strings.NewReader(big))
	up.Header.Set("Accept", "application/json")
	isJSON("too-large upload from the editor", b.do(up, rep), http.StatusRequestEntityTooLarge)
	isPage("too-large upload from the page", b.do(httptest.NewRequest("POST", "/newsroom/media/upload", strings.NewReader(big)), rep),
		http.StatusRequestEntityTooLarge, "What you sent is too large")

	// A panic in a JSON route answers JSON without any header saying so; elsewhere a page.
	isJSON("panic in autosave", b.do(httptest.NewRequest("POST", "/newsroom/stories/1/edition/en/autosave?boom", nil), rep), http.StatusInternalServerError)
	isPage("panic in a page", b.do(httptest.NewRequest("GET", "/newsroom/stories?boom", nil), rep), http.StatusInternalServerError, "Something went wrong on our side")

	// A handler's own error on the JSON route: the autosave of a story that does not exist.
	save := httptest.NewRequest("POST", "/newsroom/stories/999/edition/en/autosave", strings.NewReader(`{}`))
	isJSON("autosave of a missing story", b.do(save, rep), http.StatusNotFound)
}
