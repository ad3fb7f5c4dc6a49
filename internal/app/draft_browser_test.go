package app_test

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/testkit"
)

// TestBrowserEditorKeepsDraftThroughFailedSave has an editor write into a story while the
// database is full: the autosave and the Save button both fail (503), the words stay in the
// browser, and on opening the story again once there is room the page offers them back;
// restored and saved, the browser's copy is cleared.
func TestBrowserEditorKeepsDraftThroughFailedSave(t *testing.T) {
	requireChromium(t)
	ctx := context.Background()
	cfg := baseConfig(t)
	cfg.Migrate, cfg.MaxBodyBytes = true, 20<<20
	a, err := app.New(ctx, cfg, serverLogs(t).Logger(slog.LevelWarn))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	sec, err := a.News.CreateSection(ctx, news.SectionInput{Slug: "assam", Name: news.Names{EN: "Assam", AS: "অসম"}, Position: 1})
	if err != nil {
		t.Fatal(err)
	}
	id, err := a.News.CreateStory(ctx, news.StoryInput{SectionID: sec.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.News.SaveEdition(ctx, news.EditionInput{StoryID: id, Lang: locale.English, Headline: "Brahmaputra rises at Dibrugarh",
		Body: "<p>The river crossed the danger mark.</p>"}); err != nil {
		t.Fatal(err)
	}
	const email, password = "mridul@example.org", "Dibrugarh-embankment-2026"
	if _, err := a.People.Create(ctx, people.NewUser{Email: email, Name: "Mridul Gogoi", Password: password, Role: people.Admin}); err != nil {
		t.Fatal(err)
	}
	base := testkit.Serve(ctx, t, a.ServeListener)
	editorPath := "/newsroom/stories/" + strconv.FormatInt(id, 10) + "/edition/en"
	draftKey := "batori:draft:" + editorPath

	b := openBrowser(t, base)
	b.open("/newsroom/login")
	b.type_("#f-email", email)
	b.type_("#f-password", password)
	b.click(`form[action="/newsroom/login"] button[type=submit]`)
	b.open(editorPath)
	b.waitFor(".editor-area", 10*time.Second)

	// The database fills up.
	w := a.DB.Writer()
	if _, err := w.ExecContext(ctx, "CREATE TABLE filler (x BLOB)"); err != nil {
		t.Fatal(err)
	}
	var pages string
	w.QueryRowContext(ctx, "PRAGMA page_count").Scan(&pages)
	w.ExecContext(ctx, "PRAGMA max_page_count = "+pages)
	// Large rows first, then ever smaller ones, until not even a short headline fits.
	for _, size := range []string{"3000", "300", "30", "1"} {
		for i := 0; i < 100000; i++ {
			if _, err := w.ExecContext(ctx, "INSERT INTO filler VALUES (randomblob("+size+"))"); err != nil {
				break
			}
		}
	}

	const standfirst, words = "Embankments hold as the river crests.", "Embankments at Dibrugarh held overnight."
	b.type_("#f-standfirst", standfirst)
	b.do("type into the body", chromedp.Click(chromedp.CSS(".editor-area")), chromedp.SendKeys(chromedp.CSS(".editor-area"), words))
	// A long dispatch, pasted in: too long for the room left in any page of the database.
	js[bool](b, `(f => { f.editor.insertHTML('<p>'+'ব্ৰহ্মপুত্ৰ '.repeat(400)+'</p>'); return true })(document.querySelector('form[data-editor-form]'))`)
	b.type_(".editor-area", " Ferries stopped.")
	kept := func() string {
		return js[string](b, `localStorage.getItem(`+quote(draftKey)+`) || ''`)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(kept(), "Ferries stopped.") {
		if time.Now().After(deadline) {
			t.Fatalf("the browser kept no draft while typing: %q", kept())
		}
		time.Sleep(100 * time.Millisecond)
	}

	// Save: the server answers 503 with the words in the form.
	sctx, cancel := b.step()
	resp, err := chromedp.RunResponse(sctx, chromedp.Click(chromedp.CSS(`button[name=action][value=save]`)))
	cancel()
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 503 {
		t.Fatalf("save into a full database answered %d, want 503", resp.Status)
	}
	if got := b.text(".alert[role=alert]"); !strings.Contains(got, "Nothing was saved") {
		t.Errorf("the refused save says %q", got)
	}

	// Room again; the editor opens the story afresh (a reload, a new tab, the next morning).
	w.ExecContext(ctx, "DROP TABLE filler")
	w.ExecContext(ctx, "PRAGMA max_page_count = 1073741823")
	b.open(editorPath)
	b.waitFor(".editor-area", 10*time.Second)
	if js[bool](b, `document.querySelector('[data-draft-offer]').hidden`) {
		t.Fatal("the editor does not offer the words kept in the browser")
	}
	if got := js[string](b, `document.querySelector('#f-headline').value`); got != "Brahmaputra rises at Dibrugarh" {
		t.Errorf("the saved headline is %q", got)
	}
	b.press("[data-draft-restore]")
	if got := js[string](b, `document.querySelector('#f-standfirst').value`); got != standfirst {
		t.Errorf("restored standfirst %q", got)
	}
	if got := js[string](b, `document.querySelector('.editor-area').textContent`); !strings.Contains(got, words) || !strings.Contains(got, "Ferries stopped.") {
		t.Errorf("restored body %q", got)
	}
	if !js[bool](b, `document.querySelector('[data-draft-offer]').hidden`) {
		t.Error("the offer stays after restoring")
	}

	// Saved: the newsroom has the words and the browser's copy is gone.
	b.click(`button[name=action][value=save]`)
	e, err := a.News.EditionOf(ctx, id, locale.English)
	if err != nil {
		t.Fatal(err)
	}
	if e.Standfirst != standfirst || !strings.Contains(e.Body, words) || !strings.Contains(e.Body, "Ferries stopped.") {
		t.Errorf("saved %q / %.200q", e.Standfirst, e.Body)
	}
	if got := kept(); got != "" {
		t.Errorf("the browser still keeps a draft after the save: %q", got)
	}
}
