package site

import (
	"context"
	"net/http"
	"time"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/pagecache"
	"github.com/batori-news/batori/internal/settings"
	"github.com/batori-news/batori/internal/web"
)

// page builds the globals every reader page shares: site details, the section menu, the
// breaking banner (so the page carries BannerTag) and the locale for lang.
func (s *Server) page(w http.ResponseWriter, r *http.Request, lang locale.Lang) (web.Page, error) {
	ctx := r.Context()
	pagecache.Tag(w, BannerTag(lang))
	banner, err := s.news.KeptBanner(ctx, lang)
	if err != nil {
		return web.Page{}, err
	}
	site, err := s.siteSettings(ctx)
	if err != nil {
		return web.Page{}, err
	}
	sections, err := s.sections(ctx)
	if err != nil {
		return web.Page{}, err
	}
	p := s.globals(r, lang, site)
	if banner != nil {
		p.Breaking = &web.NavLink{Name: banner.Headline, URL: storyURL(lang, banner.StoryID, banner.Slug)}
	}
	footer, err := s.footerPages(r, lang)
	if err != nil {
		return web.Page{}, err
	}
	p.Site.Links = append(footer, p.Site.Links...)
	for _, sec := range sections {
		u := sectionURL(lang, sec.Slug)
		p.Nav = append(p.Nav, web.NavLink{Name: sec.Name.In(lang), URL: u, Active: r.URL.Path == u})
	}
	if s.push != nil {
		p.Push = pushPrompt(lang, sections)
	}
	return p, nil
}

// bareGlobals are the globals with default settings and no menu, for when the database
// cannot be read.
func (s *Server) bareGlobals(r *http.Request, lang locale.Lang) web.Page {
	return s.globals(r, lang, settings.Defaults())
}

func (s *Server) globals(r *http.Request, lang locale.Lang, site settings.Site) web.Page {
	zone := s.zone(site)
	l := locale.New(lang, zone, site.Digits)
	other := lang.Other()
	tagline := site.Tagline(lang)
	if tagline == "" {
		tagline = l.T("site_tagline")
	}
	p := web.Page{
		Site: web.SiteInfo{
			Name: site.Name(lang), Tagline: tagline, Logo: site.Logo,
			Address: site.AddressIn(lang), Email: site.Email, Phone: l.Digits(site.Phone),
			// Contact Us and the Enquiry form for readers (contact.go), then the newsroom's
			// doors for reporters and district stringers; the newsroom remembers the
			// language chosen here.
			Links: append(s.contactLinks(l, lang),
				web.NavLink{Name: l.T("reporter_login"), URL: "/newsroom/login?lang=" + string(lang)},
				web.NavLink{Name: l.T("reporter_registration"), URL: "/newsroom/register?lang=" + string(lang)},
			),
		},
		L:         l,
		Canonical: s.absolute(r, r.URL.Path),
		HomeURL:   homeURL(lang),
		OtherHome: web.Alternate{Lang: other, Label: locale.New(other, zone, site.Digits).LangName(other), URL: homeURL(other)},
		OGType:    "website",
		Now:       s.now(),
	}
	p.Feeds = s.feedLinks(r, l, "", prefix(lang))
	return p
}

// sameInBoth gives the page, which exists in both languages at urlFor's paths, its hreflang
// alternates and points the header's language link at the same page in the other language.
func (s *Server) sameInBoth(p *web.Page, r *http.Request, urlFor func(locale.Lang) string) {
	p.Alternates = s.alternates(r, urlFor)
	p.OtherHome.URL = urlFor(p.OtherHome.Lang)
}

// cards turns teasers into the cards lists show.
func (s *Server) cards(lang locale.Lang, list []news.Teaser) []card {
	out := make([]card, len(list))
	for i, t := range list {
		out[i] = s.card(lang, t)
	}
	return out
}

func (s *Server) card(lang locale.Lang, t news.Teaser) card {
	c := card{
		URL:        storyURL(lang, t.StoryID, t.Slug),
		Headline:   t.Headline,
		Standfirst: t.Standfirst,
		Section:    link{Name: t.Section.Name.In(lang), URL: sectionURL(lang, t.Section.Slug)},
		Published:  t.PublishedAt,
		Lang:       t.Lang,
		Image:      s.imageOf(t.Image),
		Live:       t.Live,
	}
	if t.Live && t.LiveUpdated.After(t.PublishedAt) {
		c.Published = t.LiveUpdated
	}
	for _, a := range t.Authors {
		c.Authors = append(c.Authors, link{Name: a.Name.In(lang), URL: authorURL(lang, a.Slug)})
	}
	return c
}

// imageSizes is how wide a picture shows when its template does not say: at most the
// article photo's 60rem column, else the whole viewport.
const imageSizes = "(min-width: 60rem) 60rem, 100vw"

// imageSrcWidth bounds the picture in src, which only browsers that ignore srcset load (proxy
// browsers on basic phones, mostly): never the full-size master.
const imageSrcWidth = 960

// imageOf is the view of img with its responsive copies, read once per picture (srcsets);
// card has no request context, so a read gets its own deadline.
func (s *Server) imageOf(img *news.Image) *imageView {
	if img == nil {
		return nil
	}
	v := &imageView{Src: img.URL(), Width: img.Width, Height: img.Height, Alt: img.Alt, Caption: img.Caption, Credit: img.Credit}
	if s.media == nil || img.MediaID == 0 {
		return v
	}
	set, ok := s.srcsets.get(img.MediaID)
	if !ok {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		var err error
		if set, err = s.pictureSet(ctx, img.MediaID); err != nil {
			// The plain picture still serves the reader.
			if s.log != nil {
				s.log.Error("read picture variants", "media", img.MediaID, "err", err)
			}
			return v
		}
	}
	v.Srcset, v.SrcsetWebP = set.jpeg, set.webp
	if v.Srcset != "" {
		v.Src = set.src
		v.Sizes = imageSizes
	}
	return v
}

// pictureSet is the responsive copies of picture mediaID and their img attributes, read once
// per picture: a picture's copies are recorded together and never change or go, so they are
// kept without expiry once there are some (srcsets); a picture without copies yet (its
// background job has not run) is asked for again on its next render.
func (s *Server) pictureSet(ctx context.Context, mediaID int64) (srcset, error) {
	if set, ok := s.srcsets.get(mediaID); ok {
		return set, nil
	}
	vs, err := s.media.Variants(ctx, mediaID)
	if err != nil {
		return srcset{}, err
	}
	set := srcset{vs: vs, src: media.Src(vs, imageSrcWidth)}
	set.jpeg, set.webp = media.Srcset(vs)
	if len(vs) > 0 {
		s.srcsets.put(mediaID, set)
	}
	return set, nil
}
