package newsroom

import (
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"github.com/batori-news/batori/internal/fault"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/news"
)

// editStory shows the editor page of a story's edition; an edition not written yet (the
// other language) opens as an empty form. ?picture=ID preselects a featured picture just
// uploaded from the page.
func (s *Server) editStory(w http.ResponseWriter, r *http.Request) error {
	st, err := s.loadEditor(r)
	if err != nil {
		return err
	}
	form := formOf(st.edition, st.meta)
	if id, err := strconv.ParseInt(r.URL.Query().Get("picture"), 10, 64); err == nil && id > 0 {
		form.ImageID = id
		if s.media != nil {
			if m, err := s.media.Get(r.Context(), id); err == nil {
				form.ImageAlt, form.ImageCaption, form.ImageCredit = m.Alt, m.Caption, m.Credit
			}
		}
	}
	if st.edition.Status == news.Scheduled {
		form.PublishAt = st.edition.PublishedAt.In(s.zone(r.Context())).Format("2006-01-02T15:04")
	}
	data, err := s.editorPage(w, r, st, form)
	if err != nil {
		return err
	}
	return s.templates.Render(w, http.StatusOK, "story_edit", data)
}

// saveStory handles the editor page's buttons. The words are saved first when they changed
// (always for "save"), then the workflow step runs; a refused step shows the page again
// with the writer's input and the reason.
func (s *Server) saveStory(w http.ResponseWriter, r *http.Request) error {
	st, err := s.loadEditor(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	form := parseEditionForm(r)
	act, ok := actionOf(form.Action)
	if !ok {
		return errBadRequest
	}
	if err := news.Permit(st.actor, st.edition, st.meta.CreatedBy, act); err != nil {
		return err
	}
	if form.Action != "unpublish" {
		fields, err := s.checkRefs(ctx, &form)
		if err != nil {
			return err
		}
		if fields != nil {
			return s.refused(w, r, st, form, fields)
		}
	}
	// The words first: a conflict there leaves everything as it was.
	switch {
	case form.Action == "correct":
		e, err := s.news.Correct(ctx, st.actor, form.input(st.storyID, st.lang), form.CorrectionNote)
		if err != nil {
			return s.refused(w, r, st, form, err)
		}
		st.edition = e
		form.BaseRevision = e.Revision
	case form.Action == "unpublish":
		// Taking a story off the site leaves its words as they are.
	case form.Action == "save" || !st.exists || !form.sameText(st.edition, news.NewSanitizer()):
		e, err := s.news.SaveAs(ctx, st.actor, form.input(st.storyID, st.lang))
		if err != nil {
			return s.refused(w, r, st, form, err)
		}
		st.edition, st.exists = e, true
		form.BaseRevision = e.Revision
	}
	if form.Action != "unpublish" && !form.sameMeta(st.meta, st.may.Has(news.Feature)) {
		if err := s.news.UpdateStoryMeta(ctx, st.actor, st.storyID, form.SectionID, form.TagIDs, form.Featured); err != nil {
			return s.refused(w, r, st, form, err)
		}
		if st.meta, err = s.news.StoryMeta(ctx, st.storyID); err != nil {
			return err
		}
	}
	flash := "desk_flash_saved"
	var stepErr error
	switch form.Action {
	case "submit":
		stepErr, flash = s.news.Submit(ctx, st.actor, st.edition.ID), "desk_flash_submitted"
	case "publish":
		stepErr, flash = s.news.PublishNow(ctx, st.actor, st.edition.ID), "desk_flash_published"
	case "schedule":
		flash = "desk_flash_scheduled"
		var at time.Time
		if at, stepErr = form.publishTime(s.zone(ctx)); stepErr == nil {
			stepErr = s.news.Schedule(ctx, st.actor, st.edition.ID, at)
		}
	case "unpublish":
		stepErr, flash = s.news.Withdraw(ctx, st.actor, st.edition.ID), "desk_flash_unpublished"
	case "return":
		stepErr, flash = s.news.Return(ctx, st.actor, st.edition.ID, form.Comment), "desk_flash_returned"
	case "correct":
		flash = "desk_flash_corrected"
	}
	if stepErr != nil {
		if e, err := s.news.Edition(ctx, st.edition.ID); err == nil {
			st.edition = e
		}
		return s.refused(w, r, st, form, stepErr)
	}
	if form.Action == "submit" && !st.actor.Editor {
		return s.redirect(w, r, "/newsroom/stories", flash)
	}
	return s.redirect(w, r, editionURL(st.storyID, st.lang), flash)
}

// refused shows the editor page again after err: field messages for invalid input, both
// versions and their differences for a conflict; other errors go to the error page.
func (s *Server) refused(w http.ResponseWriter, r *http.Request, st editorState, form editionForm, err error) error {
	switch {
	case errors.As(err, new(*fielderr.Error)):
		data, perr := s.editorPage(w, r, st, form)
		if perr != nil {
			return perr
		}
		for k, v := range fielderr.Messages(data.L, err) {
			data.Errors = withField(data.Errors, k, v)
		}
		data.Problem = data.L.T("desk_problem_fields")
		if fielderr.CodeOf(err, "image_alt") != "" {
			data.Problem = data.L.T("desk_problem_alt")
		}
		return s.templates.Render(w, http.StatusUnprocessableEntity, "story_edit", data)
	case errors.Is(err, news.ErrConflict):
		return s.conflict(w, r, st, form)
	case fault.Is(err):
		// Nothing was stored: the writer keeps the draft in the form and is told when to
		// save again. Without the database even the page cannot be made: the error page
		// says the same, and the editor's script keeps the text in the browser.
		data, perr := s.editorPage(w, r, st, form)
		if perr != nil {
			return perr
		}
		data.Problem = data.L.T("form_err_not_saved")
		w.Header().Set("Retry-After", strconv.Itoa(fault.RetryAfter))
		return s.templates.Render(w, http.StatusServiceUnavailable, "story_edit", data)
	}
	return err
}

// conflict shows the page after a save that came from an older revision: the writer's text
// stays in the form, the version saved meanwhile is shown with the differences, and the form's
// base revision becomes the current one so that saving again is a deliberate choice.
func (s *Server) conflict(w http.ResponseWriter, r *http.Request, st editorState, form editionForm) error {
	ctx := r.Context()
	cur, err := s.news.EditionOf(ctx, st.storyID, st.lang)
	if err != nil {
		return err
	}
	st.edition, st.exists = cur, true
	form.BaseRevision = cur.Revision
	data, err := s.editorPage(w, r, st, form)
	if err != nil {
		return err
	}
	theirs := news.Revision{Headline: cur.Headline, Standfirst: cur.Standfirst, Body: cur.Body}
	mine := news.Revision{Headline: form.Headline, Standfirst: form.Standfirst, Body: form.Body}
	data.Conflict = &conflictView{
		Revision: cur.Revision, Headline: cur.Headline, Standfirst: cur.Standfirst, ModifiedAt: cur.ModifiedAt,
		Body: template.HTML(news.NewSanitizer().Body(cur.Body)),
		Diff: diffRuns(news.DiffWords(theirs.Text(), mine.Text())),
	}
	data.Problem = data.L.T("desk_conflict_intro")
	return s.templates.Render(w, http.StatusConflict, "story_edit", data)
}
