package newsroom

import (
	"errors"
	"net/http"
	"strings"

	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
)

// sectionsPage is the data of newsroom/pages/sections.html: the paper's sections in menu
// order, each renamable and movable, and a form to add one.
type sectionsPage struct {
	page
	Sections []news.Section
	New      news.SectionInput
	Errors   map[string]string
}

func (s *Server) sectionsData(w http.ResponseWriter, r *http.Request) (sectionsPage, error) {
	list, err := s.news.Sections(r.Context())
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_sections_title")
	return sectionsPage{page: p, Sections: list}, err
}

func (s *Server) sections(w http.ResponseWriter, r *http.Request) error {
	data, err := s.sectionsData(w, r)
	if err != nil {
		return err
	}
	return s.templates.Render(w, http.StatusOK, "sections", data)
}

func (s *Server) createSection(w http.ResponseWriter, r *http.Request) error {
	pos, err := s.news.NextSectionPosition(r.Context())
	if err != nil {
		return err
	}
	in := news.SectionInput{
		Slug:     strings.TrimSpace(r.PostFormValue("slug")),
		Name:     news.Names{EN: r.PostFormValue("name_en"), AS: locale.Normalize(r.PostFormValue("name_as"))},
		Position: pos,
	}
	if in.Slug == "" {
		in.Slug = locale.Slug(in.Name.EN, 40)
	}
	_, err = s.news.CreateSection(r.Context(), in)
	if errors.As(err, new(*fielderr.Error)) {
		data, lerr := s.sectionsData(w, r)
		if lerr != nil {
			return lerr
		}
		data.New = in
		data.Errors = fielderr.Messages(data.L, err)
		return s.templates.Render(w, http.StatusUnprocessableEntity, "sections", data)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/newsroom/sections", "flash_section_saved")
}

func (s *Server) updateSection(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	ctx := r.Context()
	switch r.PostFormValue("action") {
	case "up":
		err = s.news.MoveSection(ctx, id, -1)
	case "down":
		err = s.news.MoveSection(ctx, id, +1)
	default:
		err = s.news.UpdateSection(ctx, id, news.Names{EN: r.PostFormValue("name_en"), AS: r.PostFormValue("name_as")})
	}
	if errors.As(err, new(*fielderr.Error)) {
		return s.redirect(w, r, "/newsroom/sections", "flash_section_names_required")
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/newsroom/sections", "flash_section_saved")
}
