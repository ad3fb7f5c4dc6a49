package newsroom

import (
	"errors"
	"net/http"

	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/people"
)

// passwordPage is the data of newsroom/pages/password_forgot.html and password_reset.html.
type passwordPage struct {
	page
	Email  string
	Token  string
	Error  string
	Errors map[string]string
	Sent   bool
}

func (s *Server) forgotForm(w http.ResponseWriter, r *http.Request) error {
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_forgot_title")
	return s.templates.Render(w, http.StatusOK, "password_forgot", passwordPage{page: p})
}

// forgot queues a reset link; the answer is the same whether or not the account exists.
func (s *Server) forgot(w http.ResponseWriter, r *http.Request) error {
	if err := s.allowClient(r, "password-forgot", forgotLimit); err != nil {
		return err
	}
	email := r.PostFormValue("email")
	err := s.people.RequestPasswordReset(r.Context(), email)
	if err != nil {
		return err
	}
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_forgot_title")
	return s.templates.Render(w, http.StatusOK, "password_forgot", passwordPage{page: p, Email: email, Sent: true})
}

func (s *Server) resetForm(w http.ResponseWriter, r *http.Request) error {
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_reset_title")
	return s.templates.Render(w, http.StatusOK, "password_reset", passwordPage{page: p, Token: r.URL.Query().Get("token")})
}

func (s *Server) reset(w http.ResponseWriter, r *http.Request) error {
	token := r.PostFormValue("token")
	_, err := s.people.ResetPassword(r.Context(), token, r.PostFormValue("password"))
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_reset_title")
	data := passwordPage{page: p, Token: token}
	switch {
	case errors.As(err, new(*fielderr.Error)):
		data.Errors = fielderr.Messages(p.L, err)
		return s.templates.Render(w, http.StatusUnprocessableEntity, "password_reset", data)
	case errors.Is(err, people.ErrTokenInvalid):
		data.Error = p.L.T("nr_token_invalid")
		data.Token = ""
		return s.templates.Render(w, http.StatusGone, "password_reset", data)
	case err != nil:
		return err
	}
	clearSessionCookie(w, r)
	return s.redirect(w, r, "/newsroom/login", "flash_password_reset")
}
