package site

import (
	"net/http"

	"github.com/batori-news/batori/internal/news"
)

const (
	homeTop      = 4
	homeLatest   = 8
	homeBlock    = 4
	homeFetchMax = 1 + homeTop + homeLatest
)

// home shows the lead story (the newest featured one), top stories, the latest and a block
// per section.
func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	lang := langOf(r)
	p, err := s.page(r, lang)
	if err != nil {
		return err
	}
	data := homePage{Page: p}
	lead, err := s.news.Published(ctx, news.Filter{Lang: lang, FeaturedOnly: true}, 1, 0)
	if err != nil {
		return err
	}
	recent, err := s.news.Published(ctx, news.Filter{Lang: lang}, homeFetchMax, 0)
	if err != nil {
		return err
	}
	if len(lead) == 0 && len(recent) > 0 {
		lead = recent[:1]
	}
	var rest []news.Teaser
	for _, t := range recent {
		if len(lead) == 0 || t.StoryID != lead[0].StoryID {
			rest = append(rest, t)
		}
	}
	if len(lead) > 0 {
		c := s.card(lang, lead[0])
		data.Lead = &c
	}
	top := rest[:min(homeTop, len(rest))]
	data.Top = s.cards(lang, top)
	data.Latest = s.cards(lang, rest[len(top):min(len(top)+homeLatest, len(rest))])

	sections, err := s.news.Sections(ctx)
	if err != nil {
		return err
	}
	for _, sec := range sections {
		list, err := s.news.Published(ctx, news.Filter{Lang: lang, SectionID: sec.ID}, homeBlock, 0)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			continue
		}
		data.Blocks = append(data.Blocks, sectionBlock{Name: sec.Name.In(lang), URL: sectionURL(lang, sec.Slug), Stories: s.cards(lang, list)})
	}
	data.Alternates = s.alternates(r, homeURL)
	data.Description = data.Site.Tagline
	return s.templates.Render(w, http.StatusOK, "home", data)
}
