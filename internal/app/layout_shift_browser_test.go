package app_test

import (
	"context"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/demo"
	"github.com/batori-news/batori/internal/testkit"
)

// layoutShift sums the page's layout shifts (the cumulative layout shift of the Web Vitals,
// without input-caused ones) from the first paint on.
const layoutShift = `window.__cls = 0; new PerformanceObserver(l => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__cls += e.value }).observe({type: 'layout-shift', buffered: true});`

// TestBrowserAssameseLayoutShift loads the Assamese home page and article on a phone over a
// slow emulated network (150 ms, 1.6 Mbit/s, no cache) in a Chromium without any Bengali
// font, so the web font arrives well after the page: the text must not move when it does
// (cumulative layout shift under 0.05; 0.03 to 0.08 was measured so before Assamese pages
// preloaded the font, 0.0000 since).
// On a desktop article the comment form's Name and E-mail boxes stand level.
func TestBrowserAssameseLayoutShift(t *testing.T) {
	requireChromium(t)
	ctx := context.Background()
	cfg := baseConfig(t)
	cfg.Migrate = true
	a, err := app.New(ctx, cfg, quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if n, err := demo.Seed(ctx, demo.Stores{News: a.News, Settings: a.Settings, Media: a.Media}, demo.Options{}); err != nil || n == 0 {
		t.Fatalf("demo.Seed = %d, %v", n, err)
	}
	base := testkit.Serve(ctx, t, a.ServeListener)
	b := latinOnlyBrowser(t, base)
	b.open("/as/")
	article := b.links(".lead a[href^='/as/news/']")
	if len(article) == 0 {
		t.Fatal("the Assamese home page has no lead story")
	}
	b.open("/")
	english := b.links(".lead a[href^='/news/']")

	slow := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, tg, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, tg, network.OverrideNetworkState, network.OverrideNetworkStateParams{Latency: 150, DownloadThroughput: 1.6e6 / 8, UploadThroughput: 750e3 / 8}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: layoutShift})
		return err
	})
	for _, path := range []string{"/as/", article[0]} {
		// A fresh browser context each time, so no font is in any cache.
		b := b.newSession()
		b.do("open "+path+" slowly", chromedp.EmulateViewport(412, 900), slow, chromedp.Navigate(base+path))
		// Shifts are counted until a second after the fonts have loaded: layout-shift entries
		// arrive after the frame that made them.
		cls := js[float64](b, `document.fonts.ready.then(() => new Promise(r => setTimeout(() => r(window.__cls), 1000)))`)
		t.Logf("%s: cumulative layout shift %.4f", path, cls)
		if cls >= 0.05 {
			t.Errorf("%s: cumulative layout shift %.3f on a phone, want under 0.05", path, cls)
		}
	}

	b.do("desktop", chromedp.EmulateViewport(1280, 900))
	b.open(english[0])
	if d := js[float64](b, `(() => { const n = document.querySelector('#cf-name'), e = document.querySelector('#cf-email'); return n && e ? Math.abs(n.getBoundingClientRect().top - e.getBoundingClientRect().top) : -1 })()`); d != 0 {
		t.Errorf("the comment form's Name and E-mail boxes are %g px apart in height (-1: no form)", d)
	}
}
