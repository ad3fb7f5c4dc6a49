package newsroom

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/batori-news/batori/internal/comments"
	"github.com/batori-news/batori/internal/fielderr"
)

// commentSettingsPage is the data of newsroom/pages/comments_settings.html.
type commentSettingsPage struct {
	page
	// AutoApprove and CloseAfter are the fields as shown (the admin's input on a refusal).
	AutoApprove string
	CloseAfter  string
	Error       string
	// Pow is whether public forms ask for a proof of work.
	Pow bool
}

func (s *Server) commentSettingsForm(w http.ResponseWriter, r *http.Request) error {
	st, err := s.comments.Settings(r.Context())
	if err != nil {
		return err
	}
	pow := false
	if s.guard != nil {
		if pow, err = s.guard.PowOn(r.Context()); err != nil {
			return err
		}
	}
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_comments_settings")
	return s.templates.Render(w, http.StatusOK, "comments_settings", commentSettingsPage{page: p,
		AutoApprove: strconv.Itoa(st.AutoApproveAfter), CloseAfter: strconv.Itoa(st.CloseAfterDays), Pow: pow})
}

func (s *Server) saveCommentSettings(w http.ResponseWriter, r *http.Request) error {
	auto, closeDays := strings.TrimSpace(r.PostFormValue("auto_approve_after")), strings.TrimSpace(r.PostFormValue("close_after_days"))
	a, errA := strconv.Atoi(orZero(auto))
	c, errC := strconv.Atoi(orZero(closeDays))
	err := errors.Join(errA, errC)
	if err == nil {
		err = s.comments.SaveSettings(r.Context(), comments.Settings{AutoApproveAfter: a, CloseAfterDays: c})
	}
	if err == nil && s.guard != nil {
		err = s.guard.SetPow(r.Context(), r.PostFormValue("pow") == "on")
	}
	if err != nil && (errA != nil || errC != nil || errors.As(err, new(*fielderr.Error))) {
		p := s.page(w, r, "")
		p.Title = p.L.T("nr_comments_settings")
		return s.templates.Render(w, http.StatusUnprocessableEntity, "comments_settings", commentSettingsPage{page: p,
			AutoApprove: auto, CloseAfter: closeDays, Error: p.L.T("nr_comments_settings_invalid"), Pow: r.PostFormValue("pow") == "on"})
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/newsroom/comments/settings", "nr_comments_flash_settings")
}

func orZero(s string) string {
	if s == "" {
		return "0"
	}
	return s
}

// blocklistPage is the data of newsroom/pages/comments_blocklist.html.
type blocklistPage struct {
	page
	Text  string
	Count int
	Error string
}

func (s *Server) blocklistForm(w http.ResponseWriter, r *http.Request) error {
	list, err := s.comments.Blocklist(r.Context())
	if err != nil {
		return err
	}
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_comments_blocklist")
	return s.templates.Render(w, http.StatusOK, "comments_blocklist", blocklistPage{page: p, Text: strings.Join(list, "\n"), Count: len(list)})
}

func (s *Server) saveBlocklist(w http.ResponseWriter, r *http.Request) error {
	text := r.PostFormValue("blocklist")
	_, err := s.comments.SaveBlocklist(r.Context(), strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n"))
	if errors.As(err, new(*fielderr.Error)) {
		p := s.page(w, r, "")
		p.Title = p.L.T("nr_comments_blocklist")
		return s.templates.Render(w, http.StatusUnprocessableEntity, "comments_blocklist", blocklistPage{page: p, Text: text,
			Error: p.L.T("nr_comments_blocklist_too_long")})
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/newsroom/comments/blocklist", "nr_comments_flash_blocklist")
}
