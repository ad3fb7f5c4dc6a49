package app_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/config"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/testkit"
)

// TestBrowserMachineTranslation follows issue 5's "Done means" in Chromium: Batori pointed at a
// provider by configuration only; a reader asks for the Assamese translation of an English
// story, waits on the progress page (which refreshes itself) and reads the labelled machine
// version; an editor starts the Assamese edition from that draft in the translation desk,
// corrects it and publishes it; the reader now gets the human edition.
func TestBrowserMachineTranslation(t *testing.T) {
	requireChromium(t)
	for name, mk := range configs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			mt := newFakeMT(t)
			cfg := mk(t)
			cfg.Getenv = mt.env()
			a, base := serveMachine(t, cfg)
			shots := screenshotDir(t)

			sec, err := a.News.CreateSection(ctx, news.SectionInput{Slug: "assam", Name: news.Names{EN: "Assam", AS: "অসম"}, Position: 1})
			if err != nil {
				t.Fatal(err)
			}
			e := englishStory(t, a, sec, "Floods in Dhemaji", "<p>Water rose overnight in Dhemaji.</p><p>Relief camps opened.</p>")
			const email, password = "priya@example.org", "Brahmaputra-ferry-ticket-2024"
			if _, err := a.People.Create(ctx, people.NewUser{Email: email, Name: "Priya Baruah", Password: password, Role: people.Editor}); err != nil {
				t.Fatal(err)
			}
			english := "/news/" + mtID(e.StoryID) + "/" + e.Slug
			machine := "/as/news/" + mtID(e.StoryID) + "/" + e.Slug + "/machine"

			// The reader asks for the Assamese translation and waits on the progress page.
			// The story and the editor exist before the browser starts.
			reader := openBrowser(t, base)
			reader.open(english)
			if got := reader.text(".switch a"); !strings.HasSuffix(got, "Translate in Assamese") {
				t.Fatalf("switch %q", got)
			}
			reader.click(".switch a")
			if reader.path() != machine {
				t.Fatalf("the switch went to %s", reader.path())
			}
			if reader.count(`meta[http-equiv=refresh]`) != 1 {
				t.Fatal("the progress page does not refresh itself")
			}
			l := locale.New(locale.Assamese, nil, locale.NativeDigits)
			reader.waitFor(".machine-note[role=note]", 30*time.Second)
			if got := reader.text("h1"); got != fakePrefix+"Floods in Dhemaji" {
				t.Errorf("machine h1 %q", got)
			}
			if !strings.Contains(reader.text(".machine-note"), l.T("ed_machine_label")) || reader.count(`.machine-note a[href="`+english+`"]`) != 1 {
				t.Errorf("machine label %q lacks the label or the link to the English original", reader.text(".machine-note"))
			}
			if lang := js[string](reader, `document.documentElement.lang`); lang != "as" {
				t.Errorf("html lang %q", lang)
			}
			reader.screenshot(filepath.Join(shots, name+"-machine-as.png"))

			// The editor post-edits the machine draft from the translation desk and publishes it.
			editor := reader.newSession()
			editor.open("/newsroom/login")
			editor.type_("#f-email", email)
			editor.type_("#f-password", password)
			editor.click(`form[action="/newsroom/login"] button[type=submit]`)
			editor.open("/newsroom/translations")
			editor.click(`form[action="/newsroom/stories/` + mtID(e.StoryID) + `/edition/as/start"] button`)
			if editor.path() != "/newsroom/stories/"+mtID(e.StoryID)+"/edition/as" {
				t.Fatalf("starting the edition opened %s", editor.path())
			}
			if got := editor.text(".flash"); !strings.Contains(got, "machine translation") {
				t.Errorf("flash %q", got)
			}
			if got := js[string](editor, `document.querySelector('#f-headline').value`); got != fakePrefix+"Floods in Dhemaji" {
				t.Errorf("the draft's headline is %q, want the machine translation", got)
			}
			const human = "ধেমাজিত বানপানী"
			editor.do("set the headline", chromedp.SetValue(chromedp.CSS("#f-headline"), human))
			editor.click(`button[name=action][value=publish]`)
			if got := editor.text(".flash"); got != "Published." {
				t.Errorf("publish flash %q", got)
			}

			// The reader now gets the human edition.
			reader.open(machine)
			if p := reader.path(); !strings.HasPrefix(p, "/as/news/"+mtID(e.StoryID)+"/") || strings.HasSuffix(p, "/machine") {
				t.Fatalf("the machine URL now shows %s", p)
			}
			if got := reader.text("h1"); got != human {
				t.Errorf("h1 %q, want the human edition's %q", got, human)
			}
			if reader.count(".machine-note") != 0 {
				t.Error("the human edition is labelled as machine translated")
			}
			reader.open(english)
			if href := js[string](reader, `document.querySelector('.switch a')?.getAttribute('href') ?? ''`); strings.HasSuffix(href, "/machine") {
				t.Errorf("the English page still offers the machine translation: %s", href)
			}
			reader.screenshot(filepath.Join(shots, name+"-human-as.png"))
		})
	}
}

// serveMachine starts the real server, its periodic tasks (the translation worker among them)
// included, and returns the app and its base URL.
func serveMachine(t *testing.T, cfg config.Config) (*app.App, string) {
	t.Helper()
	cfg.Migrate = true
	cfg.MaxBodyBytes = 10 << 20
	a, err := app.New(context.Background(), cfg, quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	return a, testkit.Serve(context.Background(), t, a.ServeListener)
}

// newSession opens another person's tab: a fresh browser context with its own cookies.
func (b tab) newSession() tab {
	b.t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	b.t.Cleanup(cancel)
	if err := launch(ctx, cancel, phone); err != nil {
		b.t.Fatalf("open a tab: %v", err)
	}
	b.ctx = ctx
	return b
}

// type_ types value into the field sel.
func (b tab) type_(sel, value string) {
	b.t.Helper()
	b.do("type into "+sel, chromedp.SendKeys(chromedp.CSS(sel), value))
}

// do runs browser actions as one step.
func (b tab) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("%s on %s: %v", what, b.path(), err)
	}
}

// waitFor waits until the page (reloading itself meanwhile) shows an element matching sel.
func (b tab) waitFor(sel string, within time.Duration) {
	b.t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		// A reload may be under way; an evaluation that fails for it is tried again.
		ctx, cancel := b.step()
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+quote(sel)+`).length`))
		cancel()
		if err == nil && n > 0 {
			return
		}
		time.Sleep(250 * time.Millisecond)
	}
	b.t.Fatalf("no %s on %s after %s", sel, b.path(), within)
}
