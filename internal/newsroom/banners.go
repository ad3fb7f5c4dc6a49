package newsroom

import (
	"net/http"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
)

// bannersPage is the data of newsroom/pages/banners.html: the breaking banner of each
// language as it stands, with a button to take it down.
type bannersPage struct {
	page
	Banners []bannerBox
}

// bannerBox is one language's banner; Banner is nil when none is up.
type bannerBox struct {
	Lang     locale.Lang
	LangName string
	Banner   *news.Banner
	// EditURL is the story's editor page, RemoveURL where the remove button posts.
	EditURL, RemoveURL string
}

// banners shows both languages' breaking banners to editors.
func (s *Server) banners(w http.ResponseWriter, r *http.Request) error {
	p := s.page(w, r, "")
	p.Title = p.L.T("bn_title")
	data := bannersPage{page: p}
	for _, lang := range locale.Langs() {
		b, err := s.news.BannerIn(r.Context(), lang)
		if err != nil {
			return err
		}
		box := bannerBox{Lang: lang, LangName: p.L.LangName(lang), Banner: b, RemoveURL: "/newsroom/breaking/" + string(lang) + "/remove"}
		if b != nil {
			box.EditURL = editionURL(b.StoryID, lang)
		}
		data.Banners = append(data.Banners, box)
	}
	return s.templates.Render(w, http.StatusOK, "banners", data)
}

// removeBanner takes a language's breaking banner down; removing one that is already gone
// (another editor was quicker, or it expired) is not an error.
func (s *Server) removeBanner(w http.ResponseWriter, r *http.Request) error {
	lang, ok := locale.ParseLang(r.PathValue("lang"))
	if !ok || string(lang) != r.PathValue("lang") {
		return errNotFound
	}
	u, _ := userFrom(r.Context())
	if err := s.news.ClearBreaking(r.Context(), actorOf(u), lang); err != nil {
		return err
	}
	return s.redirect(w, r, "/newsroom/breaking", "breaking_flash_removed")
}
