package newsroom

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/web"
)

const sessionCookie = "batori_session"

type ctxKey int

const (
	userKey ctxKey = iota
	sessionKey
)

// userFrom returns the signed-in user of the request, if any.
func userFrom(ctx context.Context) (people.User, bool) {
	u, ok := ctx.Value(userKey).(people.User)
	return u, ok
}

func sessionFrom(ctx context.Context) (people.Session, bool) {
	se, ok := ctx.Value(sessionKey).(people.Session)
	return se, ok
}

// withSession loads the session named by the cookie, if any, into the request context.
func (s *Server) withSession(r *http.Request) *http.Request {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return r
	}
	se, u, err := s.people.SessionUser(r.Context(), c.Value)
	if err != nil {
		if !errors.Is(err, people.ErrNoSession) {
			s.log.Warn("session lookup", "err", err)
		}
		return r
	}
	ctx := context.WithValue(r.Context(), sessionKey, se)
	if !se.SecondFactorPending {
		ctx = context.WithValue(ctx, userKey, u)
	}
	return r.WithContext(ctx)
}

// public serves a page anyone may see; a signed-in user is still known to it.
func (s *Server) public(h handlerFunc) http.Handler {
	return s.handle(h)
}

// signedIn serves a page only to an active account holding one of roles (any role when none
// are listed). Others are sent to the login page, or get 403.
func (s *Server) signedIn(h handlerFunc, roles ...people.Role) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		u, ok := userFrom(r.Context())
		if !ok {
			if se, pending := sessionFrom(r.Context()); pending && se.SecondFactorPending {
				http.Redirect(w, r, "/newsroom/login/code", http.StatusSeeOther)
				return nil
			}
			if r.Method != http.MethodGet || wantsJSON(r) {
				return errUnauthorized
			}
			http.Redirect(w, r, "/newsroom/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return nil
		}
		if !u.Can(roles...) {
			return errForbidden
		}
		if need, err := s.mustEnrolTOTP(r, u); err != nil {
			return err
		} else if need && !strings.HasPrefix(r.URL.Path, "/newsroom/account") {
			s.flash(w, r, "flash_totp_required")
			http.Redirect(w, r, "/newsroom/account#two-factor", http.StatusSeeOther)
			return nil
		}
		return h(w, r)
	})
}

// mustEnrolTOTP reports whether the site requires two-factor login of this editor or admin and
// they have not set it up yet.
func (s *Server) mustEnrolTOTP(r *http.Request, u people.User) (bool, error) {
	if u.TOTPEnabled || !u.Can(people.Editor, people.Admin) {
		return false, nil
	}
	site, err := s.settings.Site(r.Context())
	if err != nil {
		return false, err
	}
	return site.RequireStaff2FA, nil
}

func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, secret string) {
	web.SetCookie(w, r, &http.Cookie{
		Name: sessionCookie, Value: secret, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		MaxAge: int(people.SessionMax.Seconds()),
	})
}

func clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	web.SetCookie(w, r, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// clientIP is the address the request came from, for throttling and the sessions list.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
