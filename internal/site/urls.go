package site

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/batori-news/batori/internal/locale"
)

func prefix(lang locale.Lang) string {
	if lang == locale.Assamese {
		return "/as"
	}
	return ""
}

func homeURL(lang locale.Lang) string { return prefix(lang) + "/" }

// storyURL is an edition's canonical path: the story id keeps it stable, the slug is
// cosmetic and percent-encoded (Assamese slugs stay Unicode).
func storyURL(lang locale.Lang, storyID int64, slug string) string {
	return prefix(lang) + "/news/" + strconv.FormatInt(storyID, 10) + "/" + url.PathEscape(slug)
}

func sectionURL(lang locale.Lang, slug string) string { return prefix(lang) + "/section/" + slug }
func tagURL(lang locale.Lang, slug string) string     { return prefix(lang) + "/tag/" + slug }
func authorURL(lang locale.Lang, slug string) string  { return prefix(lang) + "/author/" + slug }

// absolute turns a path into a full URL on the site's one origin, never on the request's
// Host; a path alone while the origin is unknown.
func (s *Server) absolute(r *http.Request, path string) string {
	return s.origin.Get(r.Context()) + path
}

// withPage adds ?page=n to a list URL (page 1 is the bare URL).
func withPage(path string, n int) string {
	if n <= 1 {
		return path
	}
	return path + "?page=" + strconv.Itoa(n)
}
