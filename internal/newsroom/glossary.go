package newsroom

import (
	"errors"
	"net/http"

	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/translation"
)

// glossaryPage is the data of newsroom/pages/glossary.html: every term with its form, and a
// form to add one. Entries whose Assamese has Bengali র are flagged.
type glossaryPage struct {
	page
	Entries []glossaryRow
	New     translation.Entry
	Errors  map[string]string
	// Flagged counts the entries with Bengali র.
	Flagged int
}

// glossaryRow is an entry as listed, with the input and errors of a refused edit.
type glossaryRow struct {
	translation.Entry
	Errors map[string]string
}

func (s *Server) glossaryData(w http.ResponseWriter, r *http.Request) (glossaryPage, error) {
	list, err := s.mt.Glossary.List(r.Context())
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_mt_glossary_title")
	data := glossaryPage{page: p}
	for _, e := range list {
		data.Entries = append(data.Entries, glossaryRow{Entry: e})
		if e.BengaliRa() {
			data.Flagged++
		}
	}
	return data, err
}

func (s *Server) glossaryPage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.glossaryData(w, r)
	if err != nil {
		return err
	}
	return s.templates.Render(w, http.StatusOK, "glossary", data)
}

func glossaryInput(r *http.Request) translation.Entry {
	return translation.Entry{English: r.PostFormValue("english"), Assamese: r.PostFormValue("assamese")}
}

// glossarySaved flashes the outcome of a save, warning when the Assamese has Bengali র.
func (s *Server) glossarySaved(w http.ResponseWriter, r *http.Request, e translation.Entry) error {
	key := "nr_mt_flash_glossary_saved"
	if e.BengaliRa() {
		key = "nr_mt_flash_glossary_ra"
	}
	return s.redirect(w, r, "/newsroom/translation/glossary", key)
}

func (s *Server) addGlossaryEntry(w http.ResponseWriter, r *http.Request) error {
	in := glossaryInput(r)
	e, err := s.mt.Glossary.Add(r.Context(), in)
	if errors.As(err, new(*fielderr.Error)) {
		data, lerr := s.glossaryData(w, r)
		if lerr != nil {
			return lerr
		}
		data.New, data.Errors = in, fielderr.Messages(data.L, err)
		return s.templates.Render(w, http.StatusUnprocessableEntity, "glossary", data)
	}
	if err != nil {
		return err
	}
	return s.glossarySaved(w, r, e)
}

func (s *Server) updateGlossaryEntry(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	in := glossaryInput(r)
	in.ID = id
	e, err := s.mt.Glossary.Update(r.Context(), in)
	switch {
	case errors.Is(err, translation.ErrGlossaryNotFound):
		return errNotFound
	case errors.As(err, new(*fielderr.Error)):
		data, lerr := s.glossaryData(w, r)
		if lerr != nil {
			return lerr
		}
		for i := range data.Entries {
			if data.Entries[i].ID == id {
				data.Entries[i].English, data.Entries[i].Assamese = in.English, in.Assamese
				data.Entries[i].Errors = fielderr.Messages(data.L, err)
			}
		}
		return s.templates.Render(w, http.StatusUnprocessableEntity, "glossary", data)
	case err != nil:
		return err
	}
	return s.glossarySaved(w, r, e)
}

func (s *Server) deleteGlossaryEntry(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.mt.Glossary.Delete(r.Context(), id); errors.Is(err, translation.ErrGlossaryNotFound) {
		return errNotFound
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/newsroom/translation/glossary", "nr_mt_flash_glossary_deleted")
}
