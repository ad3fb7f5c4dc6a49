package newsroom

import (
	"crypto/subtle"
	"errors"
	"net"
	"net/http"
	"strings"

	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/people"
)

// setupPage is the data of newsroom/pages/setup.html: the first admin of a new site.
type setupPage struct {
	page
	Token  string
	Name   string
	Email  string
	Errors map[string]string
}

// setupAllowed: the first admin may be created from the server itself, or from anywhere with
// the one-time token the server printed in its log.
func (s *Server) setupAllowed(r *http.Request, token string) bool {
	if ip := net.ParseIP(clientIP(r)); ip != nil && ip.IsLoopback() && r.Header.Get("X-Forwarded-For") == "" {
		return true
	}
	return s.setupToken != "" && subtle.ConstantTimeCompare([]byte(token), []byte(s.setupToken)) == 1
}

func (s *Server) setupForm(w http.ResponseWriter, r *http.Request) error {
	n, err := s.people.CountAdmins(r.Context())
	if err != nil {
		return err
	}
	if n > 0 {
		return errNotFound
	}
	token := r.URL.Query().Get("token")
	if !s.setupAllowed(r, token) {
		return errForbidden
	}
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_setup_title")
	return s.templates.Render(w, http.StatusOK, "setup", setupPage{page: p, Token: token})
}

func (s *Server) setup(w http.ResponseWriter, r *http.Request) error {
	token := r.PostFormValue("token")
	if !s.setupAllowed(r, token) {
		return errForbidden
	}
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_setup_title")
	data := setupPage{page: p, Token: token, Name: strings.TrimSpace(r.PostFormValue("name")), Email: strings.TrimSpace(r.PostFormValue("email"))}
	password := r.PostFormValue("password")
	u, err := s.people.CreateFirstAdmin(r.Context(), people.NewUser{Email: data.Email, Name: data.Name, Password: password})
	switch {
	case errors.As(err, new(*fielderr.Error)):
		data.Errors = fielderr.Messages(p.L, err)
		return s.templates.Render(w, http.StatusUnprocessableEntity, "setup", data)
	case errors.Is(err, people.ErrSetupDone):
		return errNotFound
	case err != nil:
		return err
	}
	secret, err := s.people.StartSession(r.Context(), u.ID, r.UserAgent(), clientIP(r), false)
	if err != nil {
		return err
	}
	s.setSessionCookie(w, r, secret)
	return s.redirect(w, r, "/newsroom/", "flash_setup_done")
}
