package app_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/css"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/chromedp"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/demo"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/testkit"
)

// latinFonts is a folder of fonts without a single Bengali-script glyph; the font test's
// Chromium sees no other font, as on a reader's computer without an Assamese font.
const latinFonts = "/usr/share/fonts/truetype/dejavu"

// TestBrowserAssameseFonts renders English and Assamese pages of the reader site and the
// newsroom in a Chromium whose fontconfig knows only Latin fonts, and asks the browser which
// fonts drew every element holding Assamese text: each must be drawn with the self-hosted
// Noto Sans Bengali, never left to a fallback font (which would draw empty boxes). On English
// pages that text is a word or a glyph (the language switch, an Assamese headline in a
// newsroom list), which the font stacks must reach as surely as whole Assamese pages.
func TestBrowserAssameseFonts(t *testing.T) {
	requireChromium(t)
	if _, err := os.Stat(latinFonts); err != nil {
		t.Fatalf("the font test needs the Latin fonts in %s: %v", latinFonts, err)
	}
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
	const email, password = "admin@batori.test", "tea-garden-morning-mist-41"
	if _, err := a.People.Create(ctx, people.NewUser{Email: email, Name: "Anjali Das", Password: password, Role: people.Admin}); err != nil {
		t.Fatal(err)
	}
	base := testkit.Serve(ctx, t, a.ServeListener)
	b := latinOnlyBrowser(t, base)

	// The reader site, English then Assamese: the switch "অসমীয়া", the "অ" of the
	// translate button, whole Assamese pages.
	b.open("/")
	article := b.links(".lead a[href^='/news/'], .card a[href^='/news/']")
	if len(article) == 0 {
		t.Fatal("the English home page links to no story")
	}
	b.assameseInWebFont(1)
	b.open(article[0])
	b.assameseInWebFont(2)
	b.open("/as/")
	b.assameseInWebFont(20)
	b.assameseReadable()
	asArticle := b.links(".lead a[href^='/as/news/'], .card a[href^='/as/news/']")
	if len(asArticle) == 0 {
		t.Fatal("the Assamese home page links to no story")
	}
	b.open(asArticle[0])
	b.assameseInWebFont(20)
	b.assameseReadable()
	b.open("/as/contact")
	b.assameseInWebFont(5)
	b.assameseReadable()

	// The newsroom in English: the language toggle on the doors, Assamese headlines in lists.
	b.open("/newsroom/login")
	b.assameseInWebFont(1)
	b.open("/newsroom/register")
	b.assameseInWebFont(1)
	b.open("/newsroom/login")
	b.type_("#f-email", email)
	b.type_("#f-password", password)
	b.click(`form[action="/newsroom/login"] button[type=submit]`)
	b.open("/newsroom/stories")
	b.assameseInWebFont(5)
	b.open("/newsroom/")
	b.assameseInWebFont(1)
	b.open("/newsroom/?lang=as")
	b.assameseInWebFont(5)
}

// latinOnlyBrowser starts a headless Chromium that sees only the fonts in latinFonts.
func latinOnlyBrowser(t *testing.T, base string) tab {
	t.Helper()
	dir := t.TempDir()
	conf := filepath.Join(dir, "fonts.conf")
	if err := os.WriteFile(conf, fmt.Appendf(nil, `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>%s</dir><cachedir>%s</cachedir></fontconfig>
`, latinFonts, filepath.Join(dir, "cache")), 0o644); err != nil {
		t.Fatal(err)
	}
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
		chromedp.UserDataDir(filepath.Join(dir, "profile")),
		chromedp.WindowSize(1280, 900),
		chromedp.Env("FONTCONFIG_FILE="+conf),
	)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
	})
	if err := launch(bctx, cancelBrowser, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatalf("start %s: %v", chromiumPath, err)
	}
	return tab{t: t, ctx: bctx, base: base}
}

// markAssamese marks every rendered element with Assamese text of its own (a text node child
// holding a Bengali-script letter) and returns how many it marked, once the page's fonts
// have loaded.
const markAssamese = `document.fonts.ready.then(() => {
	const bengali = /[\u0980-\u09FF]/;
	const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	for (let n = walk.nextNode(); n; n = walk.nextNode()) {
		const el = n.parentElement;
		if (!el || !bengali.test(n.data) || ['OPTION', 'TEXTAREA', 'SCRIPT', 'NOSCRIPT'].includes(el.tagName) || !el.checkVisibility()) continue;
		el.setAttribute('data-assamese', '');
	}
	return document.querySelectorAll('[data-assamese]').length;
})`

// assameseInWebFont fails the test for every element of the page whose Assamese text is drawn
// in a font other than the web font, and when fewer than least elements hold Assamese text
// (so that a page that lost its Assamese cannot pass by having nothing to check).
func (b tab) assameseInWebFont(least int) {
	b.t.Helper()
	page := b.path()
	n := js[int](b, markAssamese)
	if n < least {
		b.t.Errorf("%s: %d elements with Assamese text, want at least %d", page, n, least)
	}
	var bad []string
	check := chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, dom.Enable, dom.EnableParams{}); err != nil {
			return err
		}
		if _, err := cdp.Call(ctx, t, css.Enable, cdp.Empty{}); err != nil {
			return err
		}
		doc, err := cdp.Call(ctx, t, dom.GetDocument, dom.GetDocumentParams{})
		if err != nil {
			return err
		}
		found, err := cdp.Call(ctx, t, dom.QuerySelectorAll, dom.QuerySelectorAllParams{NodeID: doc.Root.NodeID, Selector: "[data-assamese]"})
		if err != nil {
			return err
		}
		for _, id := range found.NodeIDs {
			fonts, err := cdp.Call(ctx, t, css.GetPlatformFontsForNode, css.GetPlatformFontsForNodeParams{NodeID: id})
			if err != nil {
				return err
			}
			web := false
			var used []string
			for _, f := range fonts.Fonts {
				used = append(used, fmt.Sprintf("%s (custom %t, %g glyphs)", f.FamilyName, f.IsCustomFont, f.GlyphCount))
				if f.IsCustomFont && strings.HasPrefix(f.FamilyName, "Noto Sans Bengali") {
					web = true
				}
			}
			if !web {
				html, _ := cdp.Call(ctx, t, dom.GetOuterHTML, dom.GetOuterHTMLParams{NodeID: id})
				snippet := html.OuterHTML
				if len(snippet) > 160 {
					snippet = snippet[:160] + "…"
				}
				bad = append(bad, fmt.Sprintf("%s drawn with %s", snippet, strings.Join(used, ", ")))
			}
		}
		return nil
	})
	ctx, cancel := b.step()
	defer cancel()
	if err := chromedp.Do(ctx, check); err != nil {
		b.t.Fatalf("%s: read the fonts: %v", page, err)
	}
	for _, s := range bad {
		b.t.Errorf("%s: Assamese text in a fallback font: %s", page, s)
	}
}

// assameseReadable fails the test for every element of an Assamese reader page, marked by
// assameseInWebFont, whose Assamese text is smaller than 14 px (Bengali script's vowel signs
// and conjuncts blur below it) or slanted by a faux italic (the script has no italic face).
func (b tab) assameseReadable() {
	b.t.Helper()
	bad := js[[]string](b, `[...document.querySelectorAll('[data-assamese]')].flatMap(el => {
		const cs = getComputedStyle(el), px = parseFloat(cs.fontSize), why = [];
		if (px < 14) why.push(px + ' px');
		if (cs.fontStyle !== 'normal' && cs.fontSynthesisStyle !== 'none') why.push('faux ' + cs.fontStyle);
		return why.length ? [el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + ' (' + why.join(', ') + '): ' + el.textContent.trim().slice(0, 40)] : [];
	})`)
	for _, s := range bad {
		b.t.Errorf("%s: Assamese text hard to read: %s", b.path(), s)
	}
}
