package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/config"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
)

// fakeMT is an OpenAI-compatible chat-completions server that "translates" by prefixing
// অসমীয়া to the text, counting the requests it answers; failing makes it refuse the key.
type fakeMT struct {
	srv     *httptest.Server
	calls   atomic.Int64
	failing atomic.Bool
}

const fakePrefix = "অসমীয়া "

func newFakeMT(t *testing.T) *fakeMT {
	t.Helper()
	f := &fakeMT{}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.calls.Add(1)
		if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		if f.failing.Load() {
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte(`{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}`))
			return
		}
		var req struct {
			Messages []struct{ Role, Content string } `json:"messages"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || len(req.Messages) == 0 {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		text := req.Messages[len(req.Messages)-1].Content
		json.NewEncoder(w).Encode(map[string]any{"choices": []any{map[string]any{
			"index": 0, "finish_reason": "stop", "message": map[string]string{"role": "assistant", "content": fakePrefix + strings.TrimSpace(text)},
		}}})
	}))
	t.Cleanup(f.srv.Close)
	return f
}

// env points Batori at the fake by configuration only, as an operator would.
func (f *fakeMT) env() func(string) string {
	vars := map[string]string{
		"BATORI_MT_PROVIDER": "openai", "BATORI_MT_MODEL": "fake-translator", "BATORI_MT_BASE_URL": f.srv.URL,
		"BATORI_MT_API_KEY": "sk-test", "BATORI_MT_ATTEMPTS": "1",
	}
	return func(k string) string { return vars[k] }
}

// machineApp is a migrated app with a section, behind a test server.
func machineApp(t *testing.T, cfg config.Config) (*app.App, *httptest.Server, news.Section) {
	t.Helper()
	cfg.Migrate = true
	a, err := app.New(context.Background(), cfg, quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	sec, err := a.News.CreateSection(context.Background(), news.SectionInput{Slug: "assam", Name: news.Names{EN: "Assam", AS: "অসম"}, Position: 1})
	if err != nil {
		t.Fatal(err)
	}
	return a, srv, sec
}

// englishStory publishes an English-only story.
func englishStory(t *testing.T, a *app.App, sec news.Section, headline, body string) news.Edition {
	t.Helper()
	ctx := context.Background()
	id, err := a.News.CreateStory(ctx, news.StoryInput{SectionID: sec.ID})
	if err != nil {
		t.Fatal(err)
	}
	e, err := a.News.SaveEdition(ctx, news.EditionInput{StoryID: id, Lang: locale.English, Headline: headline,
		Standfirst: "What the water did overnight.", Body: body})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.News.Publish(ctx, e.ID, time.Now().Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	a.Pages.Purge()
	return e
}

type mtPage struct {
	status int
	header http.Header
	doc    *goquery.Document
}

func mtFetch(t *testing.T, base, path string) mtPage {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return mtPage{resp.StatusCode, resp.Header, doc}
}

func TestMachineTranslationThroughTheApp(t *testing.T) {
	for name, cfgOf := range configs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			mt := newFakeMT(t)
			cfg := cfgOf(t)
			cfg.Getenv = mt.env()
			a, srv, sec := machineApp(t, cfg)
			e := englishStory(t, a, sec, "Floods in Dhemaji", "<p>Water rose <strong>overnight</strong> in Dhemaji.</p><p>Relief camps opened.</p>")
			english := "/news/" + mtID(e.StoryID) + "/" + e.Slug
			machine := "/as/news/" + mtID(e.StoryID) + "/" + e.Slug + "/machine"

			page := mtFetch(t, srv.URL, english)
			if href := page.doc.Find(".switch a").AttrOr("href", ""); href != machine {
				t.Fatalf("switch %q, want %q", href, machine)
			}

			// The first reader waits on a page that refreshes itself.
			page = mtFetch(t, srv.URL, machine)
			if page.status != 200 || page.doc.Find(`meta[http-equiv=refresh]`).Length() != 1 || mt.calls.Load() != 0 {
				t.Fatalf("progress page: %d, %d provider calls", page.status, mt.calls.Load())
			}

			// The worker translates the revision once.
			if err := a.TranslateQueued(ctx); err != nil {
				t.Fatal(err)
			}
			calls := mt.calls.Load()
			if calls == 0 {
				t.Fatal("the worker made no provider call")
			}
			page = mtFetch(t, srv.URL, machine)
			if page.status != 200 || page.doc.Find("html").AttrOr("lang", "") != "as" {
				t.Fatalf("translated page: %d", page.status)
			}
			if h1 := page.doc.Find("h1").Text(); h1 != fakePrefix+"Floods in Dhemaji" {
				t.Errorf("h1 %q", h1)
			}
			body := page.doc.Find(".story-body")
			if body.Find("p").Length() != 2 || body.Find("strong").Length() != 1 || !strings.Contains(body.Text(), fakePrefix) {
				t.Errorf("translated body %q lost its structure", body.Text())
			}
			if page.doc.Find(`.machine-note a[href="`+english+`"]`).Length() != 1 {
				t.Error("no link to the English original in the machine label")
			}

			// Later readers cost no provider call.
			for range 3 {
				if p := mtFetch(t, srv.URL, machine); p.status != 200 || p.header.Get("X-Cache") != "HIT" {
					t.Errorf("later reader: %d, X-Cache %q", p.status, p.header.Get("X-Cache"))
				}
			}
			if err := a.TranslateQueued(ctx); err != nil {
				t.Fatal(err)
			}
			if n := mt.calls.Load(); n != calls {
				t.Errorf("later readers made %d provider calls", n-calls)
			}

			// When the provider fails, readers get a clear message and the English text.
			mt.failing.Store(true)
			e2 := englishStory(t, a, sec, "Tea garden wages", "<p>Wages rise next month.</p>")
			machine2 := "/as/news/" + mtID(e2.StoryID) + "/" + e2.Slug + "/machine"
			mtFetch(t, srv.URL, machine2)
			if err := a.TranslateQueued(ctx); err != nil {
				t.Fatal(err)
			}
			// A failure the worker will try again keeps the reader waiting on the progress page.
			page = mtFetch(t, srv.URL, machine2)
			if page.status != 200 || page.doc.Find(`meta[http-equiv=refresh]`).Length() != 1 {
				t.Fatalf("after one failure: %d, want the progress page", page.status)
			}
			// The worker tries twice more once each backoff has passed (the job's clock is
			// moved back instead of waiting); the third failure is the last.
			for range 2 {
				if _, err := a.DB.Exec(ctx, "UPDATE mt_jobs SET updated_at = ? WHERE status = 'failed'", time.Now().Add(-time.Hour).UTC()); err != nil {
					t.Fatal(err)
				}
				if err := a.TranslateQueued(ctx); err != nil {
					t.Fatal(err)
				}
			}
			page = mtFetch(t, srv.URL, machine2)
			l := locale.New(locale.Assamese, nil, locale.NativeDigits)
			if page.doc.Find("h1").Text() != l.T("ed_machine_failed_title") || !strings.Contains(page.doc.Find(`[lang=en]`).Text(), "Wages rise next month.") {
				t.Errorf("failure page %d %q:\n%s", page.status, page.header.Get("Location"), page.doc.Find("main").Text())
			}

			// Once an editor publishes a person's Assamese edition, readers go there.
			as, err := a.News.SaveEdition(ctx, news.EditionInput{StoryID: e.StoryID, Lang: locale.Assamese, Headline: "ধেমাজিত বানপানী", Body: "<p>পানী বাঢ়িল।</p>"})
			if err != nil {
				t.Fatal(err)
			}
			if err := a.News.Publish(ctx, as.ID, time.Now()); err != nil {
				t.Fatal(err)
			}
			a.Pages.Purge()
			page = mtFetch(t, srv.URL, machine)
			if page.status != http.StatusFound || !strings.HasPrefix(page.header.Get("Location"), "/as/news/"+mtID(e.StoryID)+"/") {
				t.Errorf("after the human edition: %d to %q", page.status, page.header.Get("Location"))
			}
		})
	}
}

func TestMachineTranslationUnconfigured(t *testing.T) {
	for name, cfgOf := range configs(t) {
		t.Run(name, func(t *testing.T) {
			a, srv, sec := machineApp(t, cfgOf(t))
			e := englishStory(t, a, sec, "Floods in Dhemaji", "<p>Water rose.</p>")
			if n := mtFetch(t, srv.URL, "/news/"+mtID(e.StoryID)+"/"+e.Slug).doc.Find(".switch").Length(); n != 0 {
				t.Errorf("switch shown without a provider")
			}
			if p := mtFetch(t, srv.URL, "/as/news/"+mtID(e.StoryID)+"/"+e.Slug+"/machine"); p.status != http.StatusNotFound {
				t.Errorf("machine page without a provider: %d", p.status)
			}
			if err := a.TranslateQueued(context.Background()); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func mtID(n int64) string { return strconv.FormatInt(n, 10) }

// TestProviderConfiguredWhileRunning sets a provider up the way an admin does in the newsroom,
// after start: readers get the switch and the worker translates, with no restart.
func TestProviderConfiguredWhileRunning(t *testing.T) {
	for name, cfgOf := range configs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			mt := newFakeMT(t)
			a, srv, sec := machineApp(t, cfgOf(t))
			e := englishStory(t, a, sec, "Tea auction prices rise", "<p>Prices rose at the Guwahati auction.</p>")
			english := "/news/" + mtID(e.StoryID) + "/" + e.Slug
			if n := mtFetch(t, srv.URL, english).doc.Find(`a[href*="/machine"]`).Length(); n != 0 {
				t.Fatalf("switch to a machine translation shown with no provider")
			}
			if err := a.MT.SaveConfig(ctx, "openai", map[string]string{"base_url": mt.srv.URL, "model": "fake-translator", "api_key": "sk-test"}); err != nil {
				t.Fatal(err)
			}
			a.Pages.Purge() // the settings page does this on save
			link, ok := mtFetch(t, srv.URL, english).doc.Find(`a[href*="/machine"]`).Attr("href")
			if !ok {
				t.Fatal("no machine-translation switch after configuring a provider")
			}
			mtFetch(t, srv.URL, link) // asks for the translation
			if err := a.TranslateQueued(ctx); err != nil {
				t.Fatal(err)
			}
			if mt.calls.Load() == 0 {
				t.Fatal("the worker did not use the provider configured while running")
			}
			if got := mtFetch(t, srv.URL, link).doc.Find("h1").Text(); !strings.Contains(got, fakePrefix) {
				t.Fatalf("machine page h1 %q", got)
			}
		})
	}
}
