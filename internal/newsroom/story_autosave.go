package newsroom

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/news"
)

// autosaveRequest is what the editor's script posts while a reporter writes.
type autosaveRequest struct {
	Headline     string `json:"headline"`
	Standfirst   string `json:"standfirst"`
	Body         string `json:"body"`
	BaseRevision int    `json:"base_revision"`
}

// maxAutosaveBytes bounds an autosave body: the longest story body and some JSON around it.
const maxAutosaveBytes = 2 << 20

// autosaveStory saves the words of an edition for the editor's script and answers in JSON
// (errors too: the script posts JSON, which wantsJSON recognises). It
// goes through the same ownership checks as the form and never changes the workflow state;
// the picture, bylines, section and tags stay as they are. Published editions are not
// autosaved: half-typed words would reach readers.
func (s *Server) autosaveStory(w http.ResponseWriter, r *http.Request) error {
	st, err := s.loadEditor(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	// A published story changes in front of readers; that takes a deliberate Save.
	if st.edition.Status == news.Published {
		return errBadRequest
	}
	var in autosaveRequest
	dec := json.NewDecoder(io.LimitReader(r.Body, maxAutosaveBytes))
	if err := dec.Decode(&in); err != nil {
		return errBadRequest
	}
	l := s.deskLocale(w, r)
	save := formOf(st.edition, st.meta)
	save.Headline, save.Standfirst, save.Body = in.Headline, strings.ReplaceAll(in.Standfirst, "\r\n", "\n"), strings.ReplaceAll(in.Body, "\r\n", "\n")
	save.BaseRevision = in.BaseRevision
	e, err := s.news.SaveAs(ctx, st.actor, save.input(st.storyID, st.lang))
	switch {
	case errors.Is(err, news.ErrConflict):
		cur := 0
		if e, err := s.news.EditionOf(ctx, st.storyID, st.lang); err == nil {
			cur = e.Revision
		}
		writeJSON(w, http.StatusConflict, map[string]any{"error": l.T("desk_ed_conflict"), "current_revision": cur})
		return nil
	case errors.As(err, new(*fielderr.Error)):
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{"error": l.T("desk_problem_fields"), "fields": fielderr.Messages(l, err)})
		return nil
	case err != nil:
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"revision": e.Revision, "saved_at": e.ModifiedAt.UTC().Format(time.RFC3339)})
	return nil
}
