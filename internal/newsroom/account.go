package newsroom

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"net/http"
	"strings"

	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/people"
)

// accountPage is the data of newsroom/pages/account.html: language, password, two-factor
// login and sessions.
type accountPage struct {
	page
	Sessions       []sessionView
	PasswordErrors map[string]string
	// TOTPSecret is set while two-factor login is being set up.
	TOTPSecret  string
	TOTPError   string
	Required2FA bool
	// RecoveryCodes are shown once, in the answer to the request that made them.
	RecoveryCodes []string
	// RecoveryLeft counts the unused recovery codes while two-factor login is on.
	RecoveryLeft int
}

// sessionView is one of the user's sessions in the list.
type sessionView struct {
	people.Session
	Current bool
}

func (s *Server) accountData(w http.ResponseWriter, r *http.Request) (accountPage, error) {
	ctx := r.Context()
	u, _ := userFrom(ctx)
	se, _ := sessionFrom(ctx)
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_account_title")
	data := accountPage{page: p}
	list, err := s.people.Sessions(ctx, u.ID)
	if err != nil {
		return data, err
	}
	for _, x := range list {
		data.Sessions = append(data.Sessions, sessionView{Session: x, Current: x.ID == se.ID})
	}
	site, err := s.settings.Site(ctx)
	if err != nil {
		return data, err
	}
	if !u.TOTPEnabled {
		if setup, err := s.people.PendingTOTP(ctx, u, site.NameEN); err == nil {
			data.TOTPSecret = setup.Secret
		}
	} else if data.RecoveryLeft, err = s.people.RecoveryCodesLeft(ctx, u.ID); err != nil {
		return data, err
	}
	need, err := s.mustEnrolTOTP(r, u)
	data.Required2FA = need
	return data, err
}

func (s *Server) account(w http.ResponseWriter, r *http.Request) error {
	data, err := s.accountData(w, r)
	if err != nil {
		return err
	}
	return s.templates.Render(w, http.StatusOK, "account", data)
}

func (s *Server) setLanguage(w http.ResponseWriter, r *http.Request) error {
	u, _ := userFrom(r.Context())
	if err := s.people.SetUILang(r.Context(), u.ID, r.PostFormValue("lang")); err != nil {
		return err
	}
	return s.redirect(w, r, safeNext(r.PostFormValue("next")), "")
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	u, _ := userFrom(r.Context())
	se, _ := sessionFrom(r.Context())
	secret, err := s.people.ChangePassword(r.Context(), u.ID, r.PostFormValue("current"), r.PostFormValue("password"), se.ID)
	if errors.As(err, new(*fielderr.Error)) {
		data, derr := s.accountData(w, r)
		if derr != nil {
			return derr
		}
		data.PasswordErrors = fielderr.Messages(data.L, err)
		return s.templates.Render(w, http.StatusUnprocessableEntity, "account", data)
	}
	if err != nil {
		return err
	}
	s.setSessionCookie(w, r, secret)
	return s.redirect(w, r, "/newsroom/account", "flash_password_changed")
}

func (s *Server) beginTOTP(w http.ResponseWriter, r *http.Request) error {
	u, _ := userFrom(r.Context())
	site, err := s.settings.Site(r.Context())
	if err != nil {
		return err
	}
	if _, err := s.people.BeginTOTP(r.Context(), u, site.NameEN); err != nil {
		return err
	}
	return s.redirect(w, r, "/newsroom/account#two-factor", "")
}

// totpQR draws the pending authenticator secret as a QR code for phone apps.
func (s *Server) totpQR(w http.ResponseWriter, r *http.Request) error {
	u, _ := userFrom(r.Context())
	site, err := s.settings.Site(r.Context())
	if err != nil {
		return err
	}
	setup, err := s.people.PendingTOTP(r.Context(), u, site.NameEN)
	if err != nil {
		return errNotFound
	}
	img, err := setup.QR(240)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "image/png")
	_, err = w.Write(buf.Bytes())
	return err
}

func (s *Server) confirmTOTP(w http.ResponseWriter, r *http.Request) error {
	u, _ := userFrom(r.Context())
	err := s.people.ConfirmTOTP(r.Context(), u.ID, strings.TrimSpace(r.PostFormValue("code")))
	if errors.Is(err, people.ErrBadCode) {
		data, err := s.accountData(w, r)
		if err != nil {
			return err
		}
		data.TOTPError = data.L.T("nr_code_wrong")
		return s.templates.Render(w, http.StatusUnprocessableEntity, "account", data)
	}
	if err != nil {
		return err
	}
	// Sessions that began without the second factor end; this one goes on under a new id.
	se, _ := sessionFrom(r.Context())
	if err := s.people.EndOtherSessions(r.Context(), u.ID, se.ID); err != nil {
		return err
	}
	if err := s.rotateSession(w, r); err != nil {
		return err
	}
	return s.showRecoveryCodes(w, r, "flash_totp_enabled")
}

// newRecoveryCodes replaces the user's recovery codes and shows the new ones.
func (s *Server) newRecoveryCodes(w http.ResponseWriter, r *http.Request) error {
	u, _ := userFrom(r.Context())
	if !u.TOTPEnabled {
		return errBadRequest
	}
	return s.showRecoveryCodes(w, r, "flash_recovery_codes_new")
}

// showRecoveryCodes makes a fresh set of recovery codes and answers with the account page
// listing them: the only time they are ever shown, so the page is not stored anywhere.
func (s *Server) showRecoveryCodes(w http.ResponseWriter, r *http.Request, flash string) error {
	u, _ := userFrom(r.Context())
	codes, err := s.people.NewRecoveryCodes(r.Context(), u.ID)
	if err != nil {
		return err
	}
	// The user in the request context predates the change that turned two-factor login on.
	u.TOTPEnabled = true
	r = r.WithContext(context.WithValue(r.Context(), userKey, u))
	data, err := s.accountData(w, r)
	if err != nil {
		return err
	}
	data.Flash = data.L.T(flash)
	data.RecoveryCodes = codes
	w.Header().Set("Cache-Control", "no-store")
	return s.templates.Render(w, http.StatusOK, "account", data)
}

func (s *Server) disableTOTP(w http.ResponseWriter, r *http.Request) error {
	u, _ := userFrom(r.Context())
	if err := s.people.CheckTOTP(r.Context(), u.ID, strings.TrimSpace(r.PostFormValue("code"))); err != nil {
		data, err := s.accountData(w, r)
		if err != nil {
			return err
		}
		data.TOTPError = data.L.T("nr_code_wrong")
		return s.templates.Render(w, http.StatusUnprocessableEntity, "account", data)
	}
	if err := s.people.DisableTOTP(r.Context(), u.ID); err != nil {
		return err
	}
	if err := s.rotateSession(w, r); err != nil {
		return err
	}
	return s.redirect(w, r, "/newsroom/account#two-factor", "flash_totp_disabled")
}

func (s *Server) revokeSession(w http.ResponseWriter, r *http.Request) error {
	u, _ := userFrom(r.Context())
	if err := s.people.EndSession(r.Context(), u.ID, r.PathValue("id")); errors.Is(err, people.ErrNoSession) {
		return errNotFound
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/newsroom/account#sessions", "flash_session_revoked")
}

func (s *Server) revokeOtherSessions(w http.ResponseWriter, r *http.Request) error {
	u, _ := userFrom(r.Context())
	se, _ := sessionFrom(r.Context())
	if err := s.people.EndOtherSessions(r.Context(), u.ID, se.ID); err != nil {
		return err
	}
	return s.redirect(w, r, "/newsroom/account#sessions", "flash_sessions_revoked")
}

// rotateSession gives the request's session a new id and sends its cookie, after a change of
// what the session may do.
func (s *Server) rotateSession(w http.ResponseWriter, r *http.Request) error {
	u, _ := userFrom(r.Context())
	se, _ := sessionFrom(r.Context())
	secret, err := s.people.RotateSession(r.Context(), u.ID, se.ID)
	if err != nil {
		return err
	}
	s.setSessionCookie(w, r, secret)
	return nil
}
