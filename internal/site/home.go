package site

import (
	"net/http"

	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/pagecache"
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
	featured, err := s.news.Published(ctx, news.Filter{Lang: lang, FeaturedOnly: true}, 1+homeTop, 0)
	if err != nil {
		return err
	}
	recent, err := s.news.Published(ctx, news.Filter{Lang: lang}, homeFetchMax, 0)
	if err != nil {
		return err
	}
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
	tagCards(w, lang, lead)
	tagCards(w, lang, top)
	tagCards(w, lang, latest)
	if len(lead) > 0 {
		c := s.card(lang, lead[0])
		data.Lead = &c
	}
	data.Top = s.countedCards(ctx, lang, top)
	data.Latest = s.cards(lang, latest)
	data.MostRead = s.mostRead(ctx, w, lang)

	// Section blocks leave out what the page already shows above them.
	shown := storySet(lead, top, latest)
	sections, err := s.sections(ctx)
	if err != nil {
		return err
	}
	for _, sec := range sections {
		list, err := s.news.Published(ctx, news.Filter{Lang: lang, SectionID: sec.ID}, homeBlock+homeFetchMax, 0)
		if err != nil {
			return err
		}
		var fresh []news.Teaser
		for _, t := range list {
			if !shown[t.StoryID] && len(fresh) < homeBlock {
				fresh = append(fresh, t)
			}
		}
		if len(fresh) == 0 {
			continue
		}
		tagCards(w, lang, fresh)
		data.Blocks = append(data.Blocks, sectionBlock{Name: sec.Name.In(lang), URL: sectionURL(lang, sec.Slug), Stories: s.countedCards(ctx, lang, fresh)})
	}
	s.sameInBoth(&data.Page, r, homeURL)
	site, err := s.siteSettings(ctx)
	if err != nil {
		return err
	}
	data.StructuredData = s.homeLD(r, site, lang)
	data.Description = data.Site.Tagline
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
