package app_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/config"
	"github.com/batori-news/batori/internal/demo"
	"github.com/batori-news/batori/internal/testkit"
)

const chromiumPath = "/usr/bin/chromium"

// The browser tests have no budget for a whole journey, which a busy machine would blow
// without anything being wrong; instead every browser action and every wait has a deadline of
// its own, so a hung browser or server fails at the step that hung. Test data is made before
// the browser starts, outside any of these clocks.
const (
	// stepTimeout bounds one browser action, one wait for a page or for a mail.
	stepTimeout = 30 * time.Second
	// launchTimeout bounds starting Chromium or opening a browser context in it.
	launchTimeout = 60 * time.Second
)

// TestBrowserReaderJourney clicks through the demo newspaper as a phone reader would: home,
// a section, a story, its Assamese edition and author, a long story's "Read more", and the
// same long story with JavaScript off.
func TestBrowserReaderJourney(t *testing.T) {
	requireChromium(t)
	for name, mk := range configs(t) {
		t.Run(name, func(t *testing.T) {
			base := serveDemo(t, mk(t))
			b := openBrowser(t, base)
			shots := screenshotDir(t)

			b.readHome()
			b.screenshot(filepath.Join(shots, name+"-home-en.png"))
			b.followSection()
			b.switchToAssamese()
			b.screenshot(filepath.Join(shots, name+"-article-as.png"))
			b.openAuthor()
			b.screenshot(filepath.Join(shots, name+"-author-as.png"))
			long := b.readLongArticle()
			b.withoutJavaScript().readInFull(long)
		})
	}
}

func requireChromium(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("browser tests need %s: %v", chromiumPath, err)
		}
		t.Skipf("no %s: %v", chromiumPath, err)
	}
}

func screenshotDir(t *testing.T) string {
	dir := os.Getenv("BATORI_SCREENSHOTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// serveDemo starts the real server on a free port with the demo newspaper and returns its
// base URL; the server stops when the test ends.
func serveDemo(t *testing.T, cfg config.Config) string {
	t.Helper()
	ctx := context.Background()
	cfg.Migrate = true
	cfg.MaxBodyBytes = 10 << 20
	a, err := app.New(ctx, cfg, quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	// The page cache lives in memory, so the content goes in before the first request.
	n, err := demo.Seed(ctx, demo.Stores{News: a.News, Settings: a.Settings, Media: a.Media}, demo.Options{})
	if err != nil || n == 0 {
		t.Fatalf("demo.Seed = %d, %v", n, err)
	}
	return testkit.Serve(ctx, t, a.ServeListener)
}

// tab is one browser tab on the demo site.
type tab struct {
	t    *testing.T
	ctx  context.Context
	base string
}

// openBrowser starts a headless Chromium sized like a phone, closed when the test ends.
func openBrowser(t *testing.T, base string) tab {
	t.Helper()
	profile := t.TempDir()
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(412, 900),
	)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
	})
	if err := launch(bctx, cancelBrowser, phone); err != nil {
		t.Fatalf("start %s: %v", chromiumPath, err)
	}
	return tab{t: t, ctx: bctx, base: base}
}

// launch runs the first actions in a new browser context. They bind the browser or tab to
// ctx itself, so they cannot run under a step's shorter-lived context; a timer cancels ctx
// instead when they take longer than launchTimeout.
func launch(ctx context.Context, cancel context.CancelFunc, actions ...chromedp.Action[chromedp.Void]) error {
	timer := time.AfterFunc(launchTimeout, cancel)
	defer timer.Stop()
	if err := chromedp.Do(ctx, actions...); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("not ready within %s: %w", launchTimeout, err)
		}
		return err
	}
	return nil
}

// step is the context of one browser action or wait in the tab.
func (b tab) step() (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.ctx, stepTimeout)
}

// phone makes the tab's viewport a 412 px wide phone screen: headless Chromium keeps its
// window at least 500 px wide whatever window-size says.
var phone = chromedp.EmulateViewport(412, 900, chromedp.EmulatePortrait, chromedp.EmulateMobile)

// withoutJavaScript opens a tab in a fresh browser context where page scripts never run.
func (b tab) withoutJavaScript() tab {
	b.t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
	b.t.Cleanup(cancel)
	noJS := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	})
	if err := launch(ctx, cancel, phone, noJS); err != nil {
		b.t.Fatalf("disable JavaScript: %v", err)
	}
	b.ctx = ctx
	return b
}

// open loads a page of the site by path and waits for it.
func (b tab) open(path string) {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(b.base+path))
	if err != nil {
		b.t.Fatalf("open %s: %v", path, err)
	}
	if resp.Status != 200 {
		b.t.Fatalf("open %s: status %d", path, resp.Status)
	}
}

// click clicks the first element matching sel and waits for the page it leads to.
func (b tab) click(sel string) {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	resp, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("click %s on %s: %v", sel, b.path(), err)
	}
	if resp.Status != 200 {
		b.t.Fatalf("click %s: %s answered %d", sel, resp.URL, resp.Status)
	}
}

// press clicks a button that changes the page in place.
func (b tab) press(sel string) {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		b.t.Fatalf("click %s on %s: %v", sel, b.path(), err)
	}
}

// js evaluates a JavaScript expression in the tab's page, awaiting a promise result.
func js[T any](b tab, expr string) T {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("evaluate %s on %s: %v", expr, b.path(), err)
	}
	return v
}

func (b tab) path() string {
	ctx, cancel := b.step()
	defer cancel()
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		return "?"
	}
	u, err := url.Parse(loc)
	if err != nil {
		return loc
	}
	return u.Path
}

func (b tab) text(sel string) string {
	b.t.Helper()
	return js[string](b, `(document.querySelector(`+quote(sel)+`)?.textContent ?? "").trim()`)
}

func (b tab) count(sel string) int {
	b.t.Helper()
	return js[int](b, `document.querySelectorAll(`+quote(sel)+`).length`)
}

// links lists the distinct same-site paths of the links matching sel, in page order.
func (b tab) links(sel string) []string {
	b.t.Helper()
	return js[[]string](b, `[...new Set([...document.querySelectorAll(`+quote(sel)+`)]
		.filter(a => a.origin === location.origin).map(a => a.pathname))]`)
}

func quote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

func (b tab) screenshot(file string) {
	b.t.Helper()
	// Pictures and web fonts load lazily; wait for both so the picture shows the real page.
	js[bool](b, `document.fonts.ready.then(() => Promise.all([...document.images].map(i =>
		(i.loading = 'eager', i.complete ? true : new Promise(r => { i.onload = i.onerror = r; })))).then(() => true))`)
	ctx, cancel := b.step()
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot of %s: %v", b.path(), err)
	}
	if err := os.WriteFile(file, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot of %s: %s", b.path(), file)
}

var (
	sectionPath = regexp.MustCompile(`^/section/[a-z0-9-]+$`)
	storyPathAS = regexp.MustCompile(`^/as/news/\d+/[^/]+$`)
	authorAS    = regexp.MustCompile(`^/as/author/[a-z0-9-]+$`)
	assamese    = regexp.MustCompile(`[\x{0980}-\x{09FF}]`)
)

func (b tab) readHome() {
	b.t.Helper()
	b.open("/")
	if w := js[int](b, `innerWidth`); w != 412 {
		b.t.Errorf("viewport is %d px wide, want a 412 px phone", w)
	}
	if lang := js[string](b, `document.documentElement.lang`); lang != "en" {
		b.t.Errorf("home lang = %q, want en", lang)
	}
	if b.count(`.lead .lead-title a[href]`) != 1 {
		b.t.Error("home has no lead story link")
	}
	if n := b.count(`nav.sections a[href]`); n < 6 {
		b.t.Errorf("section menu has %d links, want at least 6", n)
	}
}

// followSection clicks the first section in the menu, then that section's first story.
func (b tab) followSection() {
	b.t.Helper()
	name := b.text(`nav.sections a`)
	b.click(`nav.sections a`)
	if p := b.path(); !sectionPath.MatchString(p) {
		b.t.Fatalf("section link led to %s", p)
	}
	if h1 := b.text(`h1`); h1 != name {
		b.t.Errorf("section page h1 = %q, want %q", h1, name)
	}
	headline := b.text(`main .card-title a`)
	b.click(`main .card-title a`)
	if h1 := b.text(`h1`); h1 == "" || h1 != headline {
		b.t.Errorf("story h1 = %q, want the card's headline %q", h1, headline)
	}
	if b.count(`.story-meta time[datetime]`) == 0 {
		b.t.Error("story has no time[datetime]")
	}
}

// findStory opens the English stories linked from the home page, then from each section,
// until one matches the CSS selector has; it fails when none does.
func (b tab) findStory(has string) string {
	b.t.Helper()
	b.open("/")
	sections := b.links(`nav.sections a`)
	seen := map[string]bool{}
	for _, from := range append([]string{"/"}, sections...) {
		b.open(from)
		for _, p := range b.links(`main a[href*="/news/"]`) {
			if seen[p] || !strings.HasPrefix(p, "/news/") {
				continue
			}
			seen[p] = true
			b.open(p)
			if b.count(has) > 0 {
				return p
			}
		}
	}
	b.t.Fatalf("none of %d stories has %s", len(seen), has)
	return ""
}

func (b tab) switchToAssamese() {
	b.t.Helper()
	b.findStory(`.switch a[hreflang="as"]`)
	// The switch names the Assamese edition's own address, slug and all: no redirect.
	href := js[string](b, `decodeURIComponent(document.querySelector('.switch a').pathname)`)
	b.click(`.switch a`)
	if p := b.path(); !storyPathAS.MatchString(p) || p != href {
		b.t.Fatalf("the Assamese switch %s led to %s", href, p)
	}
	if lang := js[string](b, `document.documentElement.lang`); lang != "as" {
		b.t.Errorf("Assamese story lang = %q", lang)
	}
	if h1 := b.text(`h1`); !assamese.MatchString(h1) {
		b.t.Errorf("Assamese story h1 %q has no Assamese letters", h1)
	}
	if font := js[string](b, `getComputedStyle(document.querySelector('h1')).fontFamily`); !strings.Contains(font, "Noto Sans Bengali") {
		b.t.Errorf("Assamese h1 font-family = %s, want Noto Sans Bengali", font)
	}
	loaded := js[bool](b, `document.fonts.ready.then(() => document.fonts.check('16px "Noto Sans Bengali"', 'অসম') &&
		[...document.fonts].some(f => f.family.replace(/"/g, '') === 'Noto Sans Bengali' && f.status === 'loaded'))`)
	if !loaded {
		b.t.Error("Noto Sans Bengali did not load")
	}
	// Phones rarely have the font installed, so the self-hosted file must be there too.
	served := js[bool](b, `Promise.all([...document.styleSheets].flatMap(s => [...s.cssRules])
		.filter(r => r instanceof CSSFontFaceRule).map(r => r.style.getPropertyValue('src').match(/url\("?([^")]+)/)[1])
		.map(u => fetch(u).then(r => r.ok && r.headers.get('Content-Type') === 'font/woff2')))
		.then(oks => oks.length > 0 && oks.every(Boolean))`)
	if !served {
		b.t.Error("the Noto Sans Bengali woff2 files are not served as font/woff2")
	}
}

func (b tab) openAuthor() {
	b.t.Helper()
	name := b.text(`.story-meta a[rel=author]`)
	b.click(`.story-meta a[rel=author]`)
	if p := b.path(); !authorAS.MatchString(p) {
		b.t.Fatalf("the byline led to %s, want /as/author/{slug}", p)
	}
	if h1 := b.text(`h1`); h1 == "" || h1 != name {
		b.t.Errorf("author page h1 = %q, want %q", h1, name)
	}
	if n := b.count(`main .card .card-title a[href^="/as/news/"]`); n == 0 {
		b.t.Error("author page lists no stories")
	}
}

// bodyBox is the long-story body as rendered.
type bodyBox struct {
	Height    float64 `json:"height"`
	Scroll    float64 `json:"scroll"`
	Collapsed bool    `json:"collapsed"`
	Toggles   int     `json:"toggles"`
	Label     string  `json:"label"`
	Expanded  string  `json:"expanded"`
}

func (b tab) body() bodyBox {
	b.t.Helper()
	return js[bodyBox](b, `(() => {
		const body = document.querySelector('.story-body'), btn = document.querySelector('button.readmore');
		return {height: body.getBoundingClientRect().height, scroll: body.scrollHeight,
			collapsed: body.classList.contains('is-collapsed'),
			toggles: document.querySelectorAll('button.readmore').length,
			label: btn ? btn.textContent.trim() : '', expanded: btn ? btn.getAttribute('aria-expanded') : ''};
	})()`)
}

// readLongArticle finds a long English story, reads it through "Read more" and checks its
// share buttons; it returns the story's path.
func (b tab) readLongArticle() string {
	b.t.Helper()
	p := b.findStory(`.story-body[data-collapse]`)
	got := b.body()
	if !got.Collapsed || got.Height > got.Scroll-200 || got.Toggles != 1 || got.Label != "Read more" || got.Expanded != "false" {
		b.t.Fatalf("long story %s before Read more: %+v", p, got)
	}
	b.press(`button.readmore`)
	if got = b.body(); got.Collapsed || got.Height < got.Scroll-1 || got.Label != "Read less" || got.Expanded != "true" {
		b.t.Errorf("long story after Read more: %+v", got)
	}
	b.press(`button.readmore`)
	if got = b.body(); !got.Collapsed || got.Height > got.Scroll-200 || got.Label != "Read more" || got.Expanded != "false" {
		b.t.Errorf("long story after Read less: %+v", got)
	}

	clipboard := js[bool](b, `window.isSecureContext && !!navigator.clipboard?.writeText`)
	copyShown := js[bool](b, `(b => !!b && b.checkVisibility())(document.querySelector('[data-copy-link]'))`)
	if copyShown != clipboard {
		b.t.Errorf("Copy link visible = %v, want %v (navigator.clipboard available)", copyShown, clipboard)
	}
	page := url.QueryEscape(p)
	for key, prefix := range map[string]string{
		"whatsapp": "https://wa.me/", "facebook": "https://www.facebook.com/sharer/", "x": "https://x.com/intent/",
		"telegram": "https://t.me/share/", "email": "mailto:",
	} {
		href := js[string](b, `(a => a?.checkVisibility() ? a.getAttribute('href') : '')(document.querySelector('.share a.share-`+key+`'))`)
		if !strings.HasPrefix(href, prefix) || !strings.Contains(href, page) {
			b.t.Errorf("visible %s share link = %q, want %s… with the story URL", key, href, prefix)
		}
	}
	return p
}

// readInFull checks that, without JavaScript, a long story shows its whole body.
func (b tab) readInFull(p string) {
	b.t.Helper()
	b.open(p)
	// 600 px is more than the 34rem a collapsed body keeps.
	if got := b.body(); got.Collapsed || got.Toggles != 0 || got.Height < got.Scroll-1 || got.Height < 600 {
		b.t.Errorf("long story %s without JavaScript: %+v, want the whole body and no toggle", p, got)
	}
	if js[bool](b, `document.querySelector('[data-copy-link]').checkVisibility()`) {
		b.t.Error("Copy link shows without JavaScript")
	}
}
