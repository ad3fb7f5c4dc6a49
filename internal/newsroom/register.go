package newsroom

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/people"
)

// registerPage is the data of newsroom/pages/register.html: the form, the reporter's input
// kept on errors, and a message per field.
type registerPage struct {
	page
	Form      people.Registration
	Errors    map[string]string
	Districts []string
	Outside   string
}

func (s *Server) registerPageData(w http.ResponseWriter, r *http.Request, form people.Registration, err error) registerPage {
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_register_title")
	return registerPage{page: p, Form: form, Errors: fielderr.Messages(p.L, err), Districts: people.Districts, Outside: people.OutsideAssam}
}

func (s *Server) registerForm(w http.ResponseWriter, r *http.Request) error {
	data := s.registerPageData(w, r, people.Registration{Languages: []string{"en", "as"}}, nil)
	return s.templates.Render(w, http.StatusOK, "register", data)
}

// register creates the account; its verification mail is queued in the same transaction.
func (s *Server) register(w http.ResponseWriter, r *http.Request) error {
	if !s.limits.allow("register:"+clientIP(r), 10*time.Minute, 5) {
		return errRateLimited
	}
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	form := people.Registration{
		Name: r.PostFormValue("name"), Email: r.PostFormValue("email"), Phone: r.PostFormValue("phone"),
		District: r.PostFormValue("district"), Languages: r.PostForm["languages"], Bio: r.PostFormValue("bio"),
		Password: r.PostFormValue("password"), UILang: string(s.uiLang(w, r)),
	}
	// A hidden field that people never see and bots fill in.
	if r.PostFormValue("website") != "" {
		return s.redirect(w, r, "/newsroom/register/sent", "")
	}
	_, err := s.people.Register(r.Context(), form)
	if errors.As(err, new(*fielderr.Error)) {
		form.Password = ""
		return s.templates.Render(w, http.StatusUnprocessableEntity, "register", s.registerPageData(w, r, form, err))
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/newsroom/register/sent?email="+urlQuery(strings.ToLower(strings.TrimSpace(form.Email))), http.StatusSeeOther)
	return nil
}

// sentPage is the data of newsroom/pages/register_sent.html.
type sentPage struct {
	page
	Email string
}

func (s *Server) registerSent(w http.ResponseWriter, r *http.Request) error {
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_register_sent_title")
	return s.templates.Render(w, http.StatusOK, "register_sent", sentPage{page: p, Email: r.URL.Query().Get("email")})
}

// resendVerification always answers the same way, whatever the e-mail, so it cannot be used to
// find out who has an account.
func (s *Server) resendVerification(w http.ResponseWriter, r *http.Request) error {
	if !s.limits.allow("resend:"+clientIP(r), 10*time.Minute, 3) {
		return errRateLimited
	}
	email := r.PostFormValue("email")
	err := s.people.ResendVerification(r.Context(), email)
	if err != nil {
		return err
	}
	s.flash(w, r, "flash_verification_resent")
	http.Redirect(w, r, "/newsroom/register/sent?email="+urlQuery(email), http.StatusSeeOther)
	return nil
}

// verifyPage is the data of newsroom/pages/verify.html. Opening the link shows a button; only
// pressing it spends the token, so mail scanners that follow links do not.
type verifyPage struct {
	page
	Token string
	Error string
	Done  bool
}

func (s *Server) verifyForm(w http.ResponseWriter, r *http.Request) error {
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_verify_title")
	return s.templates.Render(w, http.StatusOK, "verify", verifyPage{page: p, Token: r.URL.Query().Get("token")})
}

func (s *Server) verify(w http.ResponseWriter, r *http.Request) error {
	token := r.PostFormValue("token")
	_, err := s.people.VerifyEmail(r.Context(), token)
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_verify_title")
	data := verifyPage{page: p}
	if errors.Is(err, people.ErrTokenInvalid) {
		data.Error = p.L.T("nr_token_invalid")
		return s.templates.Render(w, http.StatusGone, "verify", data)
	}
	if err != nil {
		return err
	}
	data.Done = true
	return s.templates.Render(w, http.StatusOK, "verify", data)
}
