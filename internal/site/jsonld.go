package site

import (
	"context"
	"encoding/json"
	"html/template"
	"net/http"
	"path"
	"time"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/settings"
)

// Structured data (schema.org in JSON-LD) for search engines, and the pictures link previews
// and feeds use.

// ld is one JSON-LD object.
type ld = map[string]any

// jsonLD encodes v for a <script type="application/ld+json"> block. encoding/json escapes
// <, > and & (as \u003c…), so no headline or name can close the element or open a comment.
func jsonLD(v ld) template.JS {
	v["@context"] = "https://schema.org"
	b, err := json.Marshal(v)
	if err != nil {
		// Only strings, numbers, maps and slices go in; they always encode.
		panic(err)
	}
	return template.JS(b)
}

// shareWidth is the width link previews (WhatsApp, Facebook) ask for at least.
const shareWidth = 1200

// picture is one stored copy of a picture.
type picture struct{ media.Variant }

func (p picture) mime() string {
	switch p.Format {
	case "png":
		return "image/png"
	case "webp":
		return "image/webp"
	}
	return "image/jpeg"
}

// shareImage is the copy of img to offer link previews, feeds and search engines: the
// narrowest JPEG at least shareWidth wide, else the widest JPEG, else the master.
func shareImage(img news.Image, vs []media.Variant) picture {
	var best *media.Variant
	for i, v := range vs {
		if v.Format != "jpeg" {
			continue
		}
		switch {
		case best == nil:
			best = &vs[i]
		case best.Width < shareWidth && v.Width > best.Width:
			best = &vs[i]
		case v.Width >= shareWidth && v.Width < best.Width:
			best = &vs[i]
		}
	}
	if best != nil {
		return picture{*best}
	}
	format := "jpeg"
	switch path.Ext(img.Key) {
	case ".png":
		format = "png"
	case ".webp":
		format = "webp"
	}
	return picture{media.Variant{MediaID: img.MediaID, Width: img.Width, Height: img.Height, Format: format, Key: img.Key}}
}

// variantsOf are a picture's copies (kept, pictureSet); a failure leaves the master, which
// still serves. They are shared and must not be modified.
func (s *Server) variantsOf(ctx context.Context, mediaID int64) []media.Variant {
	if s.media == nil || mediaID == 0 {
		return nil
	}
	set, err := s.pictureSet(ctx, mediaID)
	if err != nil && s.log != nil {
		s.log.Error("read picture variants", "media", mediaID, "err", err)
	}
	return set.vs
}

// publisherLD is the paper as the publisher of its stories.
func (s *Server) publisherLD(r *http.Request, site settings.Site, lang locale.Lang) ld {
	org := ld{"@type": "NewsMediaOrganization", "name": site.Name(lang), "url": s.absolute(r, homeURL(lang))}
	if logo := s.logoURL(r, site); logo != "" {
		org["logo"] = ld{"@type": "ImageObject", "url": logo}
	}
	return org
}

// logoURL is the paper's logo: the one uploaded in the settings, else the built-in mark.
func (s *Server) logoURL(r *http.Request, site settings.Site) string {
	if site.Logo != "" {
		return s.absolute(r, site.Logo)
	}
	if s.assets != nil {
		return s.absolute(r, s.assets.URL("favicon.svg"))
	}
	return ""
}

// breadcrumbLD lists the way from the home page to the page, each step an absolute URL.
func (s *Server) breadcrumbLD(r *http.Request, steps ...link) ld {
	items := make([]any, len(steps))
	for i, st := range steps {
		items[i] = ld{"@type": "ListItem", "position": i + 1, "name": st.Name, "item": s.absolute(r, st.URL)}
	}
	return ld{"@type": "BreadcrumbList", "itemListElement": items}
}

// articleLD describes a story: a NewsArticle, its pictures from the responsive copies.
func (s *Server) articleLD(r *http.Request, site settings.Site, a news.Article, canonical string, images []string) ld {
	modified := a.PublishedAt
	if a.UpdatedAt.After(modified) {
		modified = a.UpdatedAt
	}
	v := ld{
		"@type":               "NewsArticle",
		"headline":            a.Headline,
		"description":         a.Standfirst,
		"mainEntityOfPage":    canonical,
		"url":                 canonical,
		"datePublished":       a.PublishedAt.UTC().Format(time.RFC3339),
		"dateModified":        modified.UTC().Format(time.RFC3339),
		"inLanguage":          string(a.Lang),
		"isAccessibleForFree": true,
		"articleSection":      a.Section.Name.In(a.Lang),
		"publisher":           s.publisherLD(r, site, a.Lang),
	}
	if len(images) > 0 {
		v["image"] = images
	}
	var authors []any
	for _, au := range a.Authors {
		authors = append(authors, ld{"@type": "Person", "name": au.Name.In(a.Lang), "url": s.absolute(r, authorURL(a.Lang, au.Slug))})
	}
	if len(authors) == 0 {
		authors = append(authors, s.publisherLD(r, site, a.Lang))
	}
	v["author"] = authors
	var keywords []string
	for _, t := range a.Tags {
		keywords = append(keywords, t.Name.In(a.Lang))
	}
	if len(keywords) > 0 {
		v["keywords"] = keywords
	}
	return v
}

// articleImages are the picture for search engines: its crops in 16:9, 4:3 and 1:1 (made
// once, on the first render), else the preview copy in the picture's own shape.
func (s *Server) articleImages(r *http.Request, img news.Image, vs []media.Variant) []string {
	if s.crops && s.media != nil && img.MediaID != 0 {
		crops, err := s.media.CropsFrom(r.Context(), img.MediaID, vs)
		if err != nil && s.log != nil {
			s.log.Error("crop picture", "media", img.MediaID, "err", err)
		}
		if err == nil && len(crops) > 0 {
			out := make([]string, len(crops))
			for i, c := range crops {
				out[i] = s.absolute(r, c.URL())
			}
			return out
		}
	}
	return []string{s.absolute(r, shareImage(img, vs).URL())}
}

// homeLD describes the paper and its website, with the reader search as its SearchAction.
func (s *Server) homeLD(r *http.Request, site settings.Site, lang locale.Lang) []template.JS {
	org := s.publisherLD(r, site, lang)
	org["@type"] = "Organization"
	if site.Email != "" {
		org["email"] = site.Email
	}
	if site.Phone != "" {
		org["telephone"] = site.Phone
	}
	web := ld{
		"@type": "WebSite", "name": site.Name(lang), "url": s.absolute(r, homeURL(lang)), "inLanguage": string(lang),
		"potentialAction": ld{
			"@type":       "SearchAction",
			"target":      ld{"@type": "EntryPoint", "urlTemplate": s.absolute(r, prefix(lang)+"/search") + "?q={search_term_string}"},
			"query-input": "required name=search_term_string",
		},
	}
	return []template.JS{jsonLD(org), jsonLD(web)}
}

// profileLD describes an author's page.
func (s *Server) profileLD(r *http.Request, a news.Author, lang locale.Lang, page string) ld {
	person := ld{"@type": "Person", "name": a.Name.In(lang), "url": s.absolute(r, page)}
	if bio := a.Bio.In(lang); bio != "" {
		person["description"] = bio
	}
	if a.Photo != nil {
		person["image"] = s.absolute(r, a.Photo.URL())
	}
	return ld{"@type": "ProfilePage", "url": s.absolute(r, page), "inLanguage": string(lang), "mainEntity": person}
}
