package newsroom

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/privacy"
)

// privacyPage is the data of newsroom/pages/privacy.html: the form that finds one person's
// data by e-mail address, the confirmation before erasing it, and what an erasure did.
type privacyPage struct {
	page
	Email  string
	Errors map[string]string
	// Confirm asks whether to erase what is held about Email.
	Confirm bool
	// Erased is what an erasure just did.
	Erased *privacy.Erased
	// Settings are the retention periods and the backups kept, as stored or as sent back
	// with SettingsErrors.
	Settings       privacy.Settings
	SettingsErrors map[string]string
	// Typed is what the admin typed into the settings form, shown again beside its errors.
	Typed map[string]string
}

// privacyEmail reads and checks the form's e-mail address.
func privacyEmail(r *http.Request) (string, error) {
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	var v fielderr.Error
	if v.Required("email", email) {
		v.Email("email", email)
	}
	return email, v.OrNil()
}

// actorName is who the audit log says asked for an export or an erasure.
func actorName(r *http.Request) string {
	u, _ := userFrom(r.Context())
	return u.Name + " (user " + strconv.FormatInt(u.ID, 10) + ")"
}

func (s *Server) privacyRender(w http.ResponseWriter, r *http.Request, status int, data privacyPage) error {
	data.page = s.page(w, r, "")
	data.Title = data.L.T("nr_privacy_title")
	if data.SettingsErrors == nil {
		st, err := s.privacy.Settings(r.Context(), s.backupKeep)
		if err != nil {
			return err
		}
		data.Settings = st
	}
	return s.templates.Render(w, status, "privacy", data)
}

// savePrivacySettings stores the retention periods and the number of backups kept.
func (s *Server) savePrivacySettings(w http.ResponseWriter, r *http.Request) error {
	typed := map[string]string{}
	num := func(name string) int {
		typed[name] = r.PostFormValue(name)
		n, err := strconv.Atoi(strings.TrimSpace(typed[name]))
		if err != nil {
			return -1 // out of range: the field says so
		}
		return n
	}
	st := privacy.Settings{EnquiryDays: num("enquiry_days"), CommentDays: num("comment_days"), MailDays: num("mail_days"), BackupKeep: num("backup_keep")}
	err := s.privacy.SaveSettings(r.Context(), st)
	if _, ok := errors.AsType[*fielderr.Error](err); ok {
		return s.privacyRender(w, r, http.StatusUnprocessableEntity, privacyPage{Settings: st, Typed: typed, SettingsErrors: fielderr.Messages(s.deskLocale(w, r), err)})
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/newsroom/privacy", "nr_privacy_settings_saved")
}

// privacyForm shows the form an admin answers a person's request with.
func (s *Server) privacyForm(w http.ResponseWriter, r *http.Request) error {
	return s.privacyRender(w, r, http.StatusOK, privacyPage{})
}

// privacyExport answers with what is held about one e-mail address, as a JSON file to hand
// to the person; the audit log notes it.
func (s *Server) privacyExport(w http.ResponseWriter, r *http.Request) error {
	email, err := privacyEmail(r)
	if err != nil {
		return s.privacyRender(w, r, http.StatusUnprocessableEntity, privacyPage{Email: r.PostFormValue("email"), Errors: fielderr.Messages(s.deskLocale(w, r), err)})
	}
	x, err := s.privacy.Export(r.Context(), email, actorName(r))
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="batori-personal-data.json"`)
	h.Set("Cache-Control", "no-store")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(x)
}

// privacyErase erases what is held about one e-mail address once the admin has confirmed it
// (confirm=yes); before that it asks. The audit log notes the erasure.
func (s *Server) privacyErase(w http.ResponseWriter, r *http.Request) error {
	email, err := privacyEmail(r)
	if err != nil {
		return s.privacyRender(w, r, http.StatusUnprocessableEntity, privacyPage{Email: r.PostFormValue("email"), Errors: fielderr.Messages(s.deskLocale(w, r), err)})
	}
	if r.PostFormValue("confirm") != "yes" {
		return s.privacyRender(w, r, http.StatusOK, privacyPage{Email: email, Confirm: true})
	}
	done, err := s.privacy.Erase(r.Context(), email, actorName(r))
	if err != nil {
		return err
	}
	return s.privacyRender(w, r, http.StatusOK, privacyPage{Email: email, Erased: &done})
}
