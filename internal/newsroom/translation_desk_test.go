package newsroom_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/config"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/testkit"
)

// publishStory creates an English story as c and publishes it through the store.
func (e *deskEnv) publishStory(c *deskClient, editor news.Actor, headline, body string) news.Edition {
	e.t.Helper()
	id := c.createStory(e, locale.English, headline, body)
	ed := e.edition(id, locale.English)
	if err := e.a.News.PublishNow(context.Background(), editor, ed.ID); err != nil {
		e.t.Fatal(err)
	}
	return e.edition(id, locale.English)
}

func TestTranslationDeskFlow(t *testing.T) {
	runDesk(t, func(t *testing.T, e *deskEnv) {
		ctx := context.Background()
		editor := e.login(people.Editor, "Priya Baruah")
		tr := e.login(people.Translator, "Anu Saikia")
		rep := e.login(people.Reporter, "Manoj Kalita")
		asEditor := news.Actor{UserID: editor.user.ID, Editor: true}
		src := e.publishStory(editor, asEditor, "Floods in Dhemaji", "<p>Water rose overnight in Dhemaji.</p>")
		id := src.StoryID

		// The desk is for editors and translators; it lists the story as untranslated.
		deskStatus(t, rep.get("/newsroom/translations"), http.StatusForbidden, "reporter's translation desk")
		r := tr.get("/newsroom/translations")
		deskStatus(t, r, http.StatusOK, "translation desk")
		deskCheckPage(t, "translation desk", r.doc)
		start := deskEditor(id, locale.Assamese) + "/start"
		if r.doc.Find(`form[action="`+start+`"]`).Length() != 1 || !strings.Contains(r.text(), "Floods in Dhemaji") {
			t.Fatalf("desk does not offer to start the Assamese edition:\n%s", r.text())
		}
		if r.doc.Find(`nav a[href="/newsroom/translations"]`).Length() == 0 {
			t.Error("no menu link to the translation desk")
		}

		// Translators do not start stories.
		deskStatus(t, tr.post("/newsroom/stories", url.Values{"section": {deskID(e.section.ID)}, "lang": {"en"}, "headline": {"Mine"}}),
			http.StatusForbidden, "translator creates a story")

		// The editor page offers to start the other edition.
		r = editor.get(deskEditor(id, locale.English))
		deskStatus(t, r, http.StatusOK, "editor page")
		if got := r.doc.Find(`form.desk-start[action="` + start + `"] button`).Text(); got != "Start the Assamese edition" {
			t.Errorf("start button %q", got)
		}

		// Without a provider the translator gets a copy of the source, with the source's bylines.
		r = tr.post(start, nil)
		deskStatus(t, r, http.StatusOK, "start the Assamese edition")
		if !strings.HasSuffix(r.url, deskEditor(id, locale.Assamese)) {
			t.Fatalf("start went to %s", r.url)
		}
		deskText(t, r, "started edition", "The edition was started as a copy of its source")
		as := e.edition(id, locale.Assamese)
		if as.Headline != src.Headline || as.Status != news.Draft {
			t.Fatalf("started edition %+v", as)
		}
		authors, err := e.a.News.Authors(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range authors {
			if a.Name.EN == "Anu Saikia" && slices.Contains(as.AuthorIDs, a.ID) {
				t.Errorf("the translator is in the bylines %v; translators are credited as translators", as.AuthorIDs)
			}
		}
		if r := editor.get(deskEditor(id, locale.English)); r.doc.Find("form.desk-start").Length() != 0 {
			t.Error("start button shown although the edition exists")
		}
		if r := tr.post(start, nil); !strings.HasSuffix(r.url, deskEditor(id, locale.Assamese)) || e.edition(id, locale.Assamese).Revision != as.Revision {
			t.Error("starting again did not just open the edition")
		}

		// The translator translates and submits, but may not publish.
		_, form := tr.editorForm(id, locale.Assamese)
		form.Set("headline", "ধেমাজিত বানপানী")
		form.Set("body", "<p>ৰাতিৰ ভিতৰতে পানী বাঢ়িল।</p>")
		form.Set("action", "save")
		deskStatus(t, tr.post(deskEditor(id, locale.Assamese), form), http.StatusOK, "translator saves")
		_, form = tr.editorForm(id, locale.Assamese)
		form.Set("action", "publish")
		deskStatus(t, tr.post(deskEditor(id, locale.Assamese), form), http.StatusForbidden, "translator publishes")
		if got := e.edition(id, locale.Assamese); got.Headline != "ধেমাজিত বানপানী" || got.Status != news.Draft {
			t.Fatalf("after the translator: %+v", got)
		}

		// The source changes: the desk flags the translation with the words that changed.
		_, form = editor.editorForm(id, locale.English)
		form.Set("headline", "Floods in Dhemaji worsen")
		form.Set("action", "save")
		deskStatus(t, editor.post(deskEditor(id, locale.English), form), http.StatusOK, "editor changes the source")
		r = tr.get("/newsroom/translations")
		changed := r.doc.Find(".ed-changed")
		if changed.Length() != 1 || !strings.Contains(changed.Find(".desk-diff ins").Text(), "worsen") {
			t.Fatalf("changed translations: %d\n%s", changed.Length(), r.text())
		}
		r = tr.post(deskEditor(id, locale.Assamese)+"/synced", nil)
		deskStatus(t, r, http.StatusOK, "mark synced")
		if !strings.HasSuffix(r.url, "/newsroom/translations") || r.doc.Find(".ed-changed").Length() != 0 {
			t.Errorf("after sync at %s: %d changed", r.url, r.doc.Find(".ed-changed").Length())
		}
		deskStatus(t, rep.post(deskEditor(id, locale.Assamese)+"/synced", nil), http.StatusForbidden, "reporter syncs another's story")
	})
}

func TestTranslationDeskMachineDrafts(t *testing.T) {
	runDesk(t, func(t *testing.T, e *deskEnv) {
		ctx := context.Background()
		editor := e.login(people.Editor, "Priya Baruah")
		asEditor := news.Actor{UserID: editor.user.ID, Editor: true}
		src := e.publishStory(editor, asEditor, "Rhino census in Kaziranga", "<p>The count rose again.</p>")

		// A reader asked for the translation and the worker made it.
		j, err := e.a.News.EnqueueMachine(ctx, src.ID, src.Revision, locale.Assamese)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.a.News.ClaimMachine(ctx); err != nil {
			t.Fatal(err)
		}
		if err := e.a.News.CompleteMachine(ctx, j.ID, "কাজিৰঙাত গঁড় পিয়ল", "", "<p>সংখ্যা আকৌ বাঢ়িল।</p>"); err != nil {
			t.Fatal(err)
		}
		r := editor.get("/newsroom/translations")
		deskStatus(t, r, http.StatusOK, "translation desk")
		ready := r.doc.Find(`form input[name=job][value="` + deskID(j.ID) + `"]`)
		if ready.Length() != 1 || !strings.Contains(r.text(), "কাজিৰঙাত গঁড় পিয়ল") {
			t.Fatalf("desk does not offer the machine draft:\n%s", r.text())
		}
		if item := ready.Closest("li"); item.Find(`a[href="`+deskEditor(src.StoryID, locale.English)+`"][lang=en]`).Text() != "Rhino census in Kaziranga" {
			t.Errorf("the reader-requested translation does not name and link its English source:\n%s", item.Text())
		}
		r = editor.post(deskEditor(src.StoryID, locale.Assamese)+"/start", url.Values{"job": {deskID(j.ID)}})
		deskStatus(t, r, http.StatusOK, "start from the machine draft")
		deskText(t, r, "machine draft", "started from a machine translation")
		as := e.edition(src.StoryID, locale.Assamese)
		if as.Headline != "কাজিৰঙাত গঁড় পিয়ল" || !strings.Contains(as.Body, "সংখ্যা") {
			t.Fatalf("machine draft edition %+v", as)
		}
		r = editor.get("/newsroom/translations")
		deskCheckPage(t, "translation desk with a machine draft", r.doc)
		if r.doc.Find(`input[name=job]`).Length() != 0 || !strings.Contains(r.doc.Find("#machine-h").Parent().Text(), "কাজিৰঙাত গঁড় পিয়ল") {
			t.Errorf("machine draft not listed for post-editing:\n%s", r.text())
		}

		// The Assamese interface of the desk.
		_, form := editor.editorForm(src.StoryID, locale.Assamese)
		form.Set("action", "save")
		form.Set("headline", "কাজিৰঙাত গঁড়ৰ পিয়ল")
		deskStatus(t, editor.post(deskEditor(src.StoryID, locale.Assamese), form), http.StatusOK, "post-edit")
		deskStatus(t, editor.post("/newsroom/account/language", url.Values{"lang": {"as"}}), http.StatusOK, "switch to Assamese")
		r = editor.get("/newsroom/translations")
		deskStatus(t, r, http.StatusOK, "Assamese translation desk")
		deskCheckPage(t, "Assamese translation desk", r.doc)
		if r.doc.Find("h1").Text() != "অনুবাদ ডেস্ক" {
			t.Errorf("h1 %q", r.doc.Find("h1").Text())
		}
	})
}

// TestTranslationDeskRetriesFailedMachine fails a reader's machine translation until the
// worker gives up: the desk lists it with the provider's reason, and Try again queues it anew.
func TestTranslationDeskRetriesFailedMachine(t *testing.T) {
	runDesk(t, func(t *testing.T, e *deskEnv) {
		ctx := context.Background()
		editor := e.login(people.Editor, "Nilima Das")
		src := e.publishStory(editor, news.Actor{UserID: editor.user.ID, Editor: true}, "Ferry service suspended at Neamati", "<p>The river is too high.</p>")
		j, err := e.a.News.EnqueueMachine(ctx, src.ID, src.Revision, locale.Assamese)
		if err != nil {
			t.Fatal(err)
		}
		at := time.Now()
		for attempt := 1; attempt <= 3; attempt++ {
			worker := e.a.News.WithClock(func() time.Time { return at })
			if _, err := worker.ClaimMachine(ctx); err != nil {
				t.Fatalf("attempt %d: %v", attempt, err)
			}
			if err := worker.FailMachine(ctx, j.ID, "provider answered 503"); err != nil {
				t.Fatal(err)
			}
			r := editor.get("/newsroom/translations")
			if listed := r.doc.Find(`form[action="/newsroom/translations/jobs/` + deskID(j.ID) + `/retry"]`).Length(); listed != 0 != (attempt == 3) {
				t.Fatalf("after %d failures the desk lists it for retry: %v", attempt, listed != 0)
			}
			at = at.Add(10 * time.Minute)
		}
		r := editor.get("/newsroom/translations")
		deskCheckPage(t, "translation desk with a failed translation", r.doc)
		deskText(t, r, "failed list", "Ferry service suspended at Neamati", "provider answered 503")
		r = editor.post("/newsroom/translations/jobs/"+deskID(j.ID)+"/retry", url.Values{})
		deskStatus(t, r, http.StatusOK, "retry")
		deskText(t, r, "retried", "queued again")
		if job, err := e.a.News.MachineJobByID(ctx, j.ID); err != nil || job.Status != news.JobQueued || job.Attempts != 0 {
			t.Errorf("after Try again the job is %+v (%v)", job, err)
		}
		if r := editor.post("/newsroom/translations/jobs/"+deskID(j.ID)+"/retry", url.Values{}); r.status != http.StatusNotFound {
			t.Errorf("retrying a queued job answered %d", r.status)
		}
	})
}

// fakeChat is an OpenAI-compatible chat server that prefixes অসমীয়া to what it is given, or
// refuses the key while failing is set.
func fakeChat(t *testing.T, failing *atomic.Bool) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if failing.Load() {
			w.WriteHeader(http.StatusUnauthorized)
			w.Write([]byte(`{"error":{"message":"bad key","type":"invalid_request_error","code":"invalid_api_key"}}`))
			return
		}
		var req struct {
			Messages []struct{ Content string } `json:"messages"`
		}
		json.NewDecoder(r.Body).Decode(&req)
		text := strings.TrimSpace(req.Messages[len(req.Messages)-1].Content)
		json.NewEncoder(w).Encode(map[string]any{"choices": []any{map[string]any{
			"finish_reason": "stop", "message": map[string]string{"role": "assistant", "content": "অসমীয়া " + text}}}})
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestTranslationDeskStartsMachineDraft(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			var failing atomic.Bool
			srv := fakeChat(t, &failing)
			env := map[string]string{"BATORI_MT_PROVIDER": "openai", "BATORI_MT_MODEL": "fake", "BATORI_MT_BASE_URL": srv.URL, "BATORI_MT_ATTEMPTS": "1"}
			cfg := config.Config{DataDir: t.TempDir(), LogFormat: "text", Migrate: true, MaxBodyBytes: 20 << 20, ShutdownTimeout: 5 * time.Second,
				Getenv: func(k string) string { return env[k] }, LightPasswordHashesForTests: true}
			if dialect == "postgres" {
				cfg.DatabaseURL = dbtest.NewPostgresSchema(t)
			}
			e := newDeskEnv(t, cfg)
			editor := e.login(people.Editor, "Priya Baruah")
			asEditor := news.Actor{UserID: editor.user.ID, Editor: true}

			one := e.publishStory(editor, asEditor, "Floods in Dhemaji", "<p>Water rose.</p>")
			r := editor.get(deskEditor(one.StoryID, locale.English))
			deskText(t, r, "editor page with a provider", "A machine translation is made as the first draft")
			r = editor.post(deskEditor(one.StoryID, locale.Assamese)+"/start", nil)
			deskStatus(t, r, http.StatusOK, "start with a provider")
			deskText(t, r, "machine draft", "started from a machine translation")
			if as := e.edition(one.StoryID, locale.Assamese); as.Headline != "অসমীয়া Floods in Dhemaji" || !strings.Contains(as.Body, "অসমীয়া Water rose.") {
				t.Fatalf("machine draft %+v", as)
			}

			// The picture's alt text and caption are translated too, not copied in English.
			pic, err := e.a.Media.AddImage(context.Background(), "ferry.jpg", testkit.JPEG(t, testkit.Picture(800, 600)))
			if err != nil {
				t.Fatal(err)
			}
			three := e.publishStory(editor, asEditor, "Ferries return to Majuli", "<p>Boats sail again.</p>")
			if _, err := e.a.News.SaveAs(context.Background(), asEditor, news.EditionInput{StoryID: three.StoryID, Lang: locale.English,
				Headline: three.Headline, Body: three.Body, AuthorIDs: three.AuthorIDs, BaseRevision: three.Revision,
				ImageID: pic.ID, ImageAlt: "A ferry at the ghat", ImageCaption: "The Majuli ferry", ImageCredit: "Batori"}); err != nil {
				t.Fatal(err)
			}
			deskStatus(t, editor.post(deskEditor(three.StoryID, locale.Assamese)+"/start", nil), http.StatusOK, "start a story with a picture")
			if as := e.edition(three.StoryID, locale.Assamese); as.Image == nil || as.Image.Alt != "অসমীয়া A ferry at the ghat" || as.Image.Caption != "অসমীয়া The Majuli ferry" {
				t.Errorf("machine draft's picture %+v", as.Image)
			}

			failing.Store(true)
			two := e.publishStory(editor, asEditor, "Tea garden wages", "<p>Wages rise.</p>")
			r = editor.post(deskEditor(two.StoryID, locale.Assamese)+"/start", nil)
			deskStatus(t, r, http.StatusOK, "start with a failing provider")
			deskText(t, r, "copy after failure", "Machine translation failed")
			if as := e.edition(two.StoryID, locale.Assamese); as.Headline != "Tea garden wages" {
				t.Fatalf("copy after failure %+v", as)
			}
		})
	}
}
