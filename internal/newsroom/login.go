package newsroom

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/people"
)

// loginPage is the data of newsroom/pages/login.html.
type loginPage struct {
	page
	Email      string
	Next       string
	Error      string
	Notice     string
	NeedsAdmin bool
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	if _, ok := userFrom(r.Context()); ok {
		http.Redirect(w, r, "/newsroom/", http.StatusSeeOther)
		return nil
	}
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_login_title")
	data := loginPage{page: p, Next: safeNext(r.URL.Query().Get("next"))}
	n, err := s.people.CountAdmins(r.Context())
	if err != nil {
		return err
	}
	data.NeedsAdmin = n == 0
	return s.templates.Render(w, http.StatusOK, "login", data)
}

// login checks e-mail and password. Failures are counted per address and per e-mail in the
// database with growing delays, and the message never says whether the e-mail exists.
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	password := r.PostFormValue("password")
	next := safeNext(r.PostFormValue("next"))
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_login_title")
	data := loginPage{page: p, Email: email, Next: next}
	keys := []string{"login-ip:" + clientIP(r), "login-email:" + email}
	if err := s.people.CheckThrottle(ctx, keys...); err != nil {
		var th people.ErrThrottled
		if !errors.As(err, &th) {
			return err
		}
		data.Error = p.L.T("nr_login_throttled", int64(th.RetryAfter.Seconds()+1))
		return s.templates.Render(w, http.StatusTooManyRequests, "login", data)
	}
	u, err := s.people.Authenticate(ctx, email, password)
	switch {
	case errors.Is(err, people.ErrBadCredentials):
		if err := s.failed(ctx, people.SecLoginFailed, 0, email, clientIP(r), keys); err != nil {
			return err
		}
		data.Error = p.L.T("nr_login_failed")
		return s.templates.Render(w, http.StatusUnauthorized, "login", data)
	case errors.Is(err, people.ErrNotActive):
		// The password was right, so saying why the account cannot come in reveals nothing.
		data.Error = p.L.T("nr_login_status_" + u.Status)
		return s.templates.Render(w, http.StatusForbidden, "login", data)
	case err != nil:
		return err
	}
	// Clearing the address too keeps a newsroom behind one NAT address from being locked
	// out by one colleague's typos.
	if err := s.people.ClearThrottle(ctx, keys...); err != nil {
		return err
	}
	// A login always starts a new session; one the browser held before (perhaps planted) ends.
	if se, ok := sessionFrom(ctx); ok {
		if err := s.people.EndSession(ctx, se.UserID, se.ID); err != nil && !errors.Is(err, people.ErrNoSession) {
			return err
		}
	}
	secret, err := s.people.StartSession(ctx, u.ID, r.UserAgent(), clientIP(r), u.TOTPEnabled)
	if err != nil {
		return err
	}
	s.setSessionCookie(w, r, secret)
	if u.TOTPEnabled {
		http.Redirect(w, r, "/newsroom/login/code?next="+urlQuery(next), http.StatusSeeOther)
		return nil
	}
	if err := s.people.LogSecurity(ctx, people.SecurityEntry{Kind: people.SecLogin, UserID: u.ID, Email: u.Email, Addr: clientIP(r)}); err != nil {
		return err
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// codePage is the data of newsroom/pages/login_code.html.
type codePage struct {
	page
	Next  string
	Error string
}

func (s *Server) codeForm(w http.ResponseWriter, r *http.Request) error {
	if se, ok := sessionFrom(r.Context()); !ok || !se.SecondFactorPending {
		http.Redirect(w, r, "/newsroom/login", http.StatusSeeOther)
		return nil
	}
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_code_title")
	return s.templates.Render(w, http.StatusOK, "login_code", codePage{page: p, Next: safeNext(r.URL.Query().Get("next"))})
}

// code takes the authenticator code of a login whose password was right.
func (s *Server) code(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	se, ok := sessionFrom(ctx)
	if !ok || !se.SecondFactorPending {
		http.Redirect(w, r, "/newsroom/login", http.StatusSeeOther)
		return nil
	}
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_code_title")
	data := codePage{page: p, Next: safeNext(r.PostFormValue("next"))}
	keys := []string{"totp-user:" + itoa(se.UserID)}
	if err := s.people.CheckThrottle(ctx, keys...); err != nil {
		data.Error = p.L.T("nr_err_rate_limited")
		return s.templates.Render(w, http.StatusTooManyRequests, "login_code", data)
	}
	if err := s.people.CheckSecondFactor(ctx, se.UserID, r.PostFormValue("code")); err != nil {
		if !errors.Is(err, people.ErrBadCode) {
			return err
		}
		if err := s.failed(ctx, people.SecCodeFailed, se.UserID, "", clientIP(r), keys); err != nil {
			return err
		}
		data.Error = p.L.T("nr_code_wrong")
		return s.templates.Render(w, http.StatusUnauthorized, "login_code", data)
	}
	if err := s.people.ClearThrottle(ctx, keys...); err != nil {
		return err
	}
	secret, err := s.people.CompleteSecondFactor(ctx, se.ID)
	if errors.Is(err, people.ErrNoSession) {
		http.Redirect(w, r, "/newsroom/login", http.StatusSeeOther)
		return nil
	}
	if err != nil {
		return err
	}
	s.setSessionCookie(w, r, secret)
	if err := s.people.LogSecurity(ctx, people.SecurityEntry{Kind: people.SecLogin, UserID: se.UserID, Addr: clientIP(r), Detail: "2fa"}); err != nil {
		return err
	}
	http.Redirect(w, r, data.Next, http.StatusSeeOther)
	return nil
}

// failed counts a failed login step against keys and writes it to the security log, with a
// lockout entry when this failure blocked one of the keys.
func (s *Server) failed(ctx context.Context, kind people.SecurityKind, userID int64, email, addr string, keys []string) error {
	if err := s.people.RecordFailure(ctx, keys...); err != nil {
		return err
	}
	if err := s.people.LogSecurity(ctx, people.SecurityEntry{Kind: kind, UserID: userID, Email: email, Addr: addr}); err != nil {
		return err
	}
	var th people.ErrThrottled
	if err := s.people.CheckThrottle(ctx, keys...); errors.As(err, &th) {
		return s.people.LogSecurity(ctx, people.SecurityEntry{Kind: people.SecLockout, UserID: userID, Email: email, Addr: addr,
			Detail: th.RetryAfter.Round(time.Second).String()})
	} else if err != nil {
		return err
	}
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if se, ok := sessionFrom(r.Context()); ok {
		if err := s.people.EndSession(r.Context(), se.UserID, se.ID); err != nil && !errors.Is(err, people.ErrNoSession) {
			return err
		}
	}
	clearSessionCookie(w, r)
	return s.redirect(w, r, "/newsroom/login", "flash_logged_out")
}
