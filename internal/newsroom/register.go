package newsroom

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/batori-news/batori/internal/fault"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/formguard"
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
	// Token is the form's signed render time (formguard); Alert a message for the whole form.
	Token string
	Alert string
}

// RegisterFormName is the name the registration form's tokens are signed for.
const RegisterFormName = "newsroom-register"

// registerPageData is the form with a token: the one it came back with while that is
// still good (a form sent too fast keeps its time), else a fresh one.
func (s *Server) registerPageData(w http.ResponseWriter, r *http.Request, form people.Registration, err error, token string) (registerPage, error) {
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_register_title")
	if token == "" {
		var terr error
		if token, terr = s.guard.TokenFor(r.Context(), RegisterFormName, clientIP(r), s.now()); terr != nil {
			return registerPage{}, terr
		}
	}
	return registerPage{page: p, Form: form, Errors: fielderr.Messages(p.L, err), Districts: people.Districts, Outside: people.OutsideAssam, Token: token}, nil
}

func (s *Server) registerForm(w http.ResponseWriter, r *http.Request) error {
	data, err := s.registerPageData(w, r, people.Registration{Languages: []string{"en", "as"}}, nil, "")
	if err != nil {
		return err
	}
	return s.templates.Render(w, http.StatusOK, "register", data)
}

// register creates the account; its verification mail is queued in the same transaction.
func (s *Server) register(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	form := people.Registration{
		Name: r.PostFormValue("name"), Email: r.PostFormValue("email"), Phone: r.PostFormValue("phone"),
		District: r.PostFormValue("district"), Languages: r.PostForm["languages"], Bio: r.PostFormValue("bio"),
		Password: r.PostFormValue("password"), UILang: string(s.uiLang(w, r)),
	}
	// notSaved gives the reporter the form back with what they typed (the password aside),
	// saying nothing was stored and when to send it again: the storage failed, not they.
	notSaved := func() error {
		form.Password = ""
		data, err := s.registerPageData(w, r, form, nil, r.PostFormValue("form_token"))
		if err != nil {
			return err
		}
		data.Alert = data.L.T("form_err_not_saved")
		w.Header().Set("Retry-After", strconv.Itoa(fault.RetryAfter))
		return s.templates.Render(w, http.StatusServiceUnavailable, "register", data)
	}
	if err := s.allowClient(r, "register", registerLimit); fault.Is(err) {
		return notSaved()
	} else if err != nil {
		return err
	}
	// A hidden field that people never see and bots fill in.
	if formguard.Trapped(r.PostFormValue(formguard.TrapField)) {
		return s.redirect(w, r, "/newsroom/register/sent", "")
	}
	// The signed render time: a form sent sooner than a person fills it in, or days later,
	// or with no token of ours, comes back with the reporter's input and a word of why.
	token := r.PostFormValue("form_token")
	if _, err := s.guard.Check(r.Context(), RegisterFormName, token, clientIP(r), formguard.DefaultTiming); err != nil {
		alert := "nr_register_form_expired"
		switch {
		case errors.Is(err, formguard.ErrTooFast):
			alert = "nr_register_too_fast"
		case errors.Is(err, formguard.ErrExpired), errors.Is(err, formguard.ErrForged):
			token = ""
		case fault.Is(err):
			return notSaved()
		default:
			return err
		}
		form.Password = ""
		data, derr := s.registerPageData(w, r, form, nil, token)
		if derr != nil {
			return derr
		}
		data.Alert = data.L.T(alert)
		return s.templates.Render(w, http.StatusUnprocessableEntity, "register", data)
	}
	_, err := s.people.Register(r.Context(), form)
	if errors.As(err, new(*fielderr.Error)) {
		form.Password = ""
		data, derr := s.registerPageData(w, r, form, err, token)
		if derr != nil {
			return derr
		}
		return s.templates.Render(w, http.StatusUnprocessableEntity, "register", data)
	}
	if fault.Is(err) {
		return notSaved()
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
	if err := s.allowClient(r, "register-resend", resendLimit); err != nil {
		return err
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
