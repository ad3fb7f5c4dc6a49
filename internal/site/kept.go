package site

import (
	"context"
	"sync"
	"time"

	"github.com/batori-news/batori/internal/comments"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/memo"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/pages"
	"github.com/batori-news/batori/internal/settings"
)

// keptMaxAge bounds how long the kept settings, sections and menus go unread: changes reach
// them by event at once, and this catches only what no event tells (another process writing
// the same SQLite file, as `batori` commands do).
const keptMaxAge = 30 * time.Second

// kept holds what every reader page shows and only editors change: the site settings, the
// comment settings and the footer menu per language (the sections are kept by
// news.Store.Keep), read once and forgotten together when every page is invalidated
// (Deps.Kept).
type kept struct {
	site   *memo.Value[settings.Site]
	footer map[locale.Lang]*memo.Value[[]pages.Link]
	// comments are the comment settings (closing by age), which an open article reads on
	// every render; saving them drops every page (comments.SettingsChanged).
	comments *memo.Value[comments.Settings]
}

// keep makes the kept values of generation g; without one, they are read on every use.
func (s *Server) keep(g *memo.Gen) {
	maxAge := keptMaxAge
	s.cardHTML.gen = g
	if g == nil {
		g, maxAge = &memo.Gen{}, 0
	}
	k := &s.kept
	k.site = memo.New(g, maxAge, s.settings.Site)
	k.comments = memo.New(g, maxAge, func(ctx context.Context) (comments.Settings, error) {
		if s.comments == nil {
			return comments.Settings{}, nil
		}
		return s.comments.Settings(ctx)
	})
	k.footer = map[locale.Lang]*memo.Value[[]pages.Link]{}
	for _, lang := range []locale.Lang{locale.English, locale.Assamese} {
		k.footer[lang] = memo.New(g, maxAge, func(ctx context.Context) ([]pages.Link, error) {
			if s.pages == nil {
				return nil, nil
			}
			return s.pages.Menu(ctx, lang)
		})
	}
}

// siteSettings are the site settings; shared, never to be modified.
func (s *Server) siteSettings(ctx context.Context) (settings.Site, error) {
	return s.kept.site.Get(ctx)
}

// sections are the sections in menu order; shared, never to be modified.
func (s *Server) sections(ctx context.Context) ([]news.Section, error) {
	return s.news.KeptSections(ctx)
}

// zone is the site's time zone, loaded once per name: time.LoadLocation reads and parses
// the zone's file on every call.
func (s *Server) zone(site settings.Site) *time.Location {
	if loc, ok := s.zones.Load(site.TimeZone); ok {
		return loc.(*time.Location)
	}
	loc := site.Location()
	s.zones.Store(site.TimeZone, loc)
	return loc
}

// srcsets are the responsive copies of pictures as img attributes, by media id. A picture's
// copies never change once made (pictures are never deleted), so they are kept without
// expiry; a picture without copies yet (its background job has not run) is not kept and is
// asked for again on its next render.
type srcsets struct {
	mu   sync.Mutex
	byID map[int64]srcset
}

// srcset is a picture's img attributes and the copies they were made of (for the article's
// share picture and crops).
type srcset struct {
	jpeg, webp, src string
	vs              []media.Variant
}

// maxSrcsets bounds the pictures kept (about a kilobyte each); past it the set starts over.
const maxSrcsets = 20000

func (k *srcsets) get(id int64) (srcset, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	v, ok := k.byID[id]
	return v, ok
}

func (k *srcsets) put(id int64, v srcset) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.byID == nil || len(k.byID) >= maxSrcsets {
		k.byID = map[int64]srcset{}
	}
	k.byID[id] = v
}
