package site

import (
	"errors"
	"html/template"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/net/html"

	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/pagecache"

	"github.com/batori-news/batori/internal/locale"
)

const (
	relatedCount = 4
	// Reading time counts letters, not words: Assamese words are longer and fewer (the demo's
	// Assamese editions have 0.87 words for each English one) but carry as many letters (letters,
	// vowel signs and digits: 1.00 of the English count), so a story and its translation read
	// alike. lettersPerMinute is about 200 English words a minute, kept low for readers on
	// phones; longLetters (about 450 English words) is the length from which the article gets
	// "Read more / Read less".
	lettersPerMinute = 1000
	longLetters      = 2250
)

// article shows one published edition. /news/{id} and any wrong slug redirect permanently to
// the canonical URL, so edited headlines never break old links.
func (s *Server) article(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lang := langOf(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return errNotFound
	}
	pagecache.Tag(w, StoryTag(id))
	a, err := s.news.KeptArticle(ctx, id, lang)
	if errors.Is(err, news.ErrNotFound) {
		return s.otherEdition(w, r, id, lang)
	}
	if err != nil {
		return err
	}
	canonical := storyURL(lang, a.StoryID, a.Slug)
	if r.PathValue("slug") != a.Slug {
		target := canonical
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
		return nil
	}
	data, err := s.articleData(w, r, a)
	if err != nil {
		return err
	}
	if data.Comments, err = s.commentsSection(r, data.L, a, nil); err != nil {
		return err
	}
	if err := s.keepCommentFields(data.Page, data.Comments); err != nil {
		return err
	}
	data.MostRead = s.mostRead(ctx, w, lang)
	if err := s.keepMostRead(data.Page, data.MostRead, true); err != nil {
		return err
	}
	data.Beacon = s.beaconURL(lang, a.StoryID)
	if err := s.keepChrome(&data.Page); err != nil {
		return err
	}
	return s.templates.Render(w, http.StatusOK, "article", data)
}

// articleData builds the article page of a; the reader's page and the newsroom's preview
// share it so a preview is exactly what readers will get.
func (s *Server) articleData(w http.ResponseWriter, r *http.Request, a news.Article) (articlePage, error) {
	lang := a.Lang
	p, err := s.page(w, r, lang)
	if err != nil {
		return articlePage{}, err
	}
	for i := range p.Nav {
		p.Nav[i].Active = p.Nav[i].URL == sectionURL(lang, a.Section.Slug)
	}
	related, err := s.news.Related(r.Context(), a.StoryID, lang, a.Section.ID, relatedCount)
	if err != nil {
		return articlePage{}, err
	}
	pagecache.Tag(w, SectionTag(a.Section.ID, lang))
	tagCards(w, lang, related)
	canonical := storyURL(lang, a.StoryID, a.Slug)
	body, letters := s.pageBody(a.Body)
	view := articleView{
		card:           s.card(lang, a.Teaser),
		Body:           template.HTML(body),
		Updated:        a.UpdatedAt,
		Correction:     a.CorrectionNote,
		Long:           letters >= longLetters,
		ReadingMinutes: readingMinutes(letters),
		ShareURL:       s.absolute(r, canonical),
		ShareTitle:     a.Headline,
	}
	for _, tr := range a.Translators {
		view.Translators = append(view.Translators, tr.Name.In(lang))
	}
	for _, t := range a.Tags {
		view.Tags = append(view.Tags, link{Name: t.Name.In(lang), URL: tagURL(lang, t.Slug)})
	}
	view.Share = shareLinks(p.L, view.ShareURL, a.Headline)
	data := articlePage{Page: p, A: view, Related: s.cards(lang, related)}
	if err := s.renderCards(p, data.Related, "card-small", false); err != nil {
		return articlePage{}, err
	}
	data.Title = a.Headline
	data.Description = a.Standfirst
	data.Canonical = view.ShareURL
	data.OGType = "article"
	var images []string
	if a.Image != nil {
		vs := s.variantsOf(r.Context(), a.Image.MediaID)
		share := shareImage(*a.Image, vs)
		data.OGImage, data.OGImageWidth, data.OGImageHeight = s.absolute(r, share.URL()), share.Width, share.Height
		images = s.articleImages(r, *a.Image, vs)
	}
	// Each edition links the others at their final addresses: hreflang must never redirect.
	slugs := map[locale.Lang]string{lang: a.Slug}
	if len(a.Editions) > 1 {
		if a.Slugs != nil {
			slugs = maps.Clone(a.Slugs)
		} else if slugs, err = s.news.PublishedSlugs(r.Context(), a.StoryID); err != nil {
			return articlePage{}, err
		}
		slugs[lang] = a.Slug
	}
	for _, l := range a.Editions {
		slug, ok := slugs[l]
		if !ok {
			continue
		}
		u := storyURL(l, a.StoryID, slug)
		if l != lang {
			data.A.Switch = &languageSwitch{Lang: l, URL: u, Label: switchLabel(p.L, l, false)}
			data.OtherHome.URL = u
		}
		data.Alternates = append(data.Alternates, alternate(s.absolute(r, u), l))
	}
	if data.A.Switch == nil && lang == locale.English && s.machineOn(r.Context()) {
		data.A.Switch = &languageSwitch{Lang: locale.Assamese, URL: machineURL(a.StoryID, a.Slug), Label: switchLabel(p.L, locale.Assamese, true)}
	}
	site, err := s.siteSettings(r.Context())
	if err != nil {
		return articlePage{}, err
	}
	if data.Live, err = s.liveOf(w, r, a, 0); err != nil {
		return articlePage{}, err
	}
	articleLD := s.articleLD(r, site, a, data.Canonical, images)
	if data.Live != nil {
		articleLD = s.liveLD(articleLD, data.Live, data.Canonical)
	}
	data.StructuredData = []template.JS{
		jsonLD(articleLD),
		jsonLD(s.breadcrumbLD(r, link{Name: p.L.T("nav_home"), URL: homeURL(lang)},
			link{Name: a.Section.Name.In(lang), URL: sectionURL(lang, a.Section.Slug)}, link{Name: a.Headline, URL: canonical})),
	}
	return data, nil
}

// otherEdition answers for a story not published in lang: when it is published in the other
// language, a temporary redirect there (to the machine translation where readers may ask for
// one), since the edition in lang may come later; otherwise not found.
func (s *Server) otherEdition(w http.ResponseWriter, r *http.Request, id int64, lang locale.Lang) error {
	slugs, err := s.news.PublishedSlugs(r.Context(), id)
	if err != nil {
		return err
	}
	slug, ok := slugs[lang.Other()]
	if !ok {
		return errNotFound
	}
	target := storyURL(lang.Other(), id, slug)
	if lang == locale.Assamese && s.machineOn(r.Context()) {
		target = machineURL(id, slug)
	}
	http.Redirect(w, r, target, http.StatusFound)
	return nil
}

// switchLabel names the switch to the edition in to: a language switch to an edition the
// newsroom wrote, "Translate" only where it leads to a machine translation.
func switchLabel(l *locale.Locale, to locale.Lang, machine bool) string {
	switch {
	case to == locale.Assamese && machine:
		return l.T("translate_in_assamese")
	case to == locale.Assamese:
		return l.T("read_in_assamese")
	}
	return l.T("read_in_english")
}

// shareLinks are plain links to each network's own share page: no third-party script runs
// on our pages.
func shareLinks(l *locale.Locale, pageURL, title string) []shareLink {
	u, t := url.QueryEscape(pageURL), url.QueryEscape(title)
	return []shareLink{
		{Key: "whatsapp", Name: l.T("share_whatsapp"), Href: "https://wa.me/?text=" + url.QueryEscape(title+" "+pageURL)},
		{Key: "facebook", Name: l.T("share_facebook"), Href: "https://www.facebook.com/sharer/sharer.php?u=" + u},
		{Key: "x", Name: l.T("share_x"), Href: "https://x.com/intent/post?url=" + u + "&text=" + t},
		{Key: "telegram", Name: l.T("share_telegram"), Href: "https://t.me/share/url?url=" + u + "&text=" + t},
		{Key: "email", Name: l.T("share_email"), Href: "mailto:?subject=" + strings.ReplaceAll(t, "+", "%20") + "&body=" + u},
	}
}

// letterCount counts the letters, marks (Assamese vowel signs) and digits of an HTML body's
// text.
func letterCount(body string) int {
	z := html.NewTokenizer(strings.NewReader(body))
	n := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return n
		case html.TextToken:
			for _, r := range string(z.Text()) {
				if unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsNumber(r) {
					n++
				}
			}
		}
	}
}

// readingMinutes is the reading time of a text of n letters, rounded, at least a minute.
func readingMinutes(n int) int { return max(1, (n+lettersPerMinute/2)/lettersPerMinute) }

// bodies keeps article bodies as pages print them, sanitised and with their letter count, by
// the stored body: sanitising and counting were a twentieth of a fresh article's time, and
// both follow from the text alone, so a kept body is never stale. Bounded by maxBodyBytes,
// past which it starts over.
type bodies struct {
	mu     sync.Mutex
	byText map[string]pageBody
	bytes  int
}

type pageBody struct {
	html    string
	letters int
}

// maxBodyBytes bounds the kept bodies (stored and printed text alike).
const maxBodyBytes = 16 << 20

// pageBody is the stored body as the article prints it and its letters.
func (s *Server) pageBody(stored string) (string, int) {
	k := &s.bodies
	k.mu.Lock()
	b, ok := k.byText[stored]
	k.mu.Unlock()
	if ok {
		return b.html, b.letters
	}
	b.html = s.sanitizer.Body(stored)
	b.letters = letterCount(b.html)
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.byText == nil || k.bytes >= maxBodyBytes {
		k.byText, k.bytes = map[string]pageBody{}, 0
	}
	if _, ok := k.byText[stored]; !ok {
		k.byText[stored] = b
		k.bytes += len(stored) + len(b.html)
	}
	return b.html, b.letters
}
