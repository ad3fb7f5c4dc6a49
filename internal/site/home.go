package site

import (
	"html/template"
	"net/http"
	"slices"
	"strconv"

	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/pagecache"
	"github.com/batori-news/batori/internal/web"
)

const (
	homeTop      = 4
	homeLatest   = 8
	homeBlock    = 4
	homeFetchMax = 1 + homeTop + homeLatest
)

// home shows the lead story (the newest featured one), the other featured stories as top
// stories, the latest of the rest newest first, the most read, and a block per section.
func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lang := langOf(r)
	p, err := s.page(w, r, lang)
	if err != nil {
		return err
	}
	data := homePage{Page: p}
	pagecache.Tag(w, HomeTag(lang))
	// Every list of the page in one read: the editors' picks, the latest, and a block per
	// section (fetching enough to leave out what the page shows above it).
	sections, err := s.sections(ctx)
	if err != nil {
		return err
	}
	lists := []news.List{{Filter: news.Filter{Lang: lang, FeaturedOnly: true}, Limit: 1 + homeTop}, {Filter: news.Filter{Lang: lang}, Limit: homeFetchMax}}
	for _, sec := range sections {
		lists = append(lists, news.List{Filter: news.Filter{Lang: lang, SectionID: sec.ID}, Limit: homeBlock + homeFetchMax})
	}
	got, err := s.news.PublishedLists(ctx, lists)
	if err != nil {
		return err
	}
	featured, recent := got[0], got[1]
	lead, top := featured[:min(1, len(featured))], featured[min(1, len(featured)):]
	if len(lead) == 0 && len(recent) > 0 {
		lead = recent[:1]
	}
	// Latest is the newest stories not already shown above it, in order: only the editors'
	// picks (the lead and the featured top stories) may be newer than its first line.
	above := storySet(lead, top)
	var latest []news.Teaser
	for _, t := range recent {
		if !above[t.StoryID] && len(latest) < homeLatest {
			latest = append(latest, t)
		}
	}
	// Section blocks leave out what the page already shows above them.
	shown := storySet(lead, top, latest)
	blocks := make([][]news.Teaser, len(sections))
	for i := range sections {
		for _, t := range got[2+i] {
			if !shown[t.StoryID] && len(blocks[i]) < homeBlock {
				blocks[i] = append(blocks[i], t)
			}
		}
	}
	counts := s.commentCounts(ctx, lang, append(slices.Clone(top), slices.Concat(blocks...)...))
	tagCards(w, lang, lead)
	tagCards(w, lang, top)
	tagCards(w, lang, latest)
	if len(lead) > 0 {
		c := s.card(lang, lead[0])
		data.Lead = &c
	}
	data.Top = s.cardsCounted(lang, top, counts)
	data.Latest = s.cards(lang, latest)
	data.MostRead = s.mostRead(ctx, w, lang)
	for i, sec := range sections {
		if len(blocks[i]) == 0 {
			continue
		}
		tagCards(w, lang, blocks[i])
		data.Blocks = append(data.Blocks, sectionBlock{Name: sec.Name.In(lang), URL: sectionURL(lang, sec.Slug), Stories: s.cardsCounted(lang, blocks[i], counts)})
	}
	s.sameInBoth(&data.Page, r, homeURL)
	site, err := s.siteSettings(ctx)
	if err != nil {
		return err
	}
	data.StructuredData = s.homeLD(r, site, lang)
	data.Description = data.Site.Tagline
	if data.Lead != nil {
		lead := []card{*data.Lead}
		if err := s.renderCards(data.Page, lead, "lead", false); err != nil {
			return err
		}
		data.Lead = &lead[0]
	}
	if data.LatestHTML, err = s.keepLatest(data.Page, data.Latest); err != nil {
		return err
	}
	if err := s.keepMostRead(data.Page, data.MostRead, false); err != nil {
		return err
	}
	if err := s.renderCards(data.Page, data.Top, "card", false); err != nil {
		return err
	}
	for i := range data.Blocks {
		b := &data.Blocks[i]
		if err := s.renderCards(data.Page, b.Stories, "card", false); err != nil {
			return err
		}
		if b.HTML, err = s.keepBlock(data.Page, i, *b); err != nil {
			return err
		}
	}
	if err := s.keepChrome(&data.Page); err != nil {
		return err
	}
	return s.templates.Render(w, http.StatusOK, "home", data)
}

// storySet is the set of the lists' stories.
func storySet(lists ...[]news.Teaser) map[int64]bool {
	set := map[int64]bool{}
	for _, list := range lists {
		for _, t := range list {
			set[t.StoryID] = true
		}
	}
	return set
}

// keepLatest is the "Latest" lines of list on page p from the kept HTML (cardHTML), under a key
// of everything they print; empty when nothing is kept, for the page to render them.
func (s *Server) keepLatest(p web.Page, list []card) (template.HTML, error) {
	if s.cardHTML.gen == nil || len(list) == 0 {
		return "", nil
	}
	l := p.L
	k := s.cardHTML.key()
	k.add("latest-items", l.HTMLLang(), l.Digits("0123456789"), strconv.Itoa(len(list)))
	for _, c := range list {
		k.add(c.URL, c.Headline, string(c.Lang), strconv.FormatBool(c.Live), l.ISO(c.Published), l.Relative(c.Published, p.Now))
	}
	return s.keptPart("latest-items", k, func() any { return map[string]any{"C": list, "P": p} })
}

// keepBlock is the i-th section box b of the home page p, its cards rendered, from the kept
// HTML (cardHTML) under a key of what it prints: the section and its cards' HTML. Empty when
// nothing is kept, for the page to render it.
func (s *Server) keepBlock(p web.Page, i int, b sectionBlock) (template.HTML, error) {
	if s.cardHTML.gen == nil {
		return "", nil
	}
	k := s.cardHTML.key()
	k.add("home-block", p.L.HTMLLang(), strconv.Itoa(i), b.Name, b.URL, strconv.Itoa(len(b.Stories)))
	for _, c := range b.Stories {
		if c.HTML == "" {
			return "", nil
		}
		k.add(string(c.HTML))
	}
	return s.keptPart("home-block", k, func() any { return map[string]any{"I": i, "B": b, "P": p} })
}
