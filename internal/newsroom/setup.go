package newsroom

import (
	"errors"
	"net/http"
	"strings"

	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/web"
)

// setupPage is the data of newsroom/pages/setup.html: the first admin of a new site.
type setupPage struct {
	page
	Token string
	Name  string
	Email string
	// AskOrigin is set while the site's public origin is unknown or provisional: the form asks for it,
	// suggesting Origin, the address this browser used.
	AskOrigin bool
	Origin    string
	Errors    map[string]string
}

// setupAllowed answers a setup request: not found once the site has an admin, forbidden
// without a live one-time token (printed at start and by `batori setup-link`). Where the
// request comes from (loopback, X-Forwarded-For, Forwarded, X-Real-IP, Host, Origin) plays no
// part: behind a proxy on the same host every visitor comes from loopback.
func (s *Server) setupAllowed(r *http.Request, token string) error {
	switch err := s.people.CheckSetupToken(r.Context(), token); {
	case errors.Is(err, people.ErrSetupDone):
		return errNotFound
	case errors.Is(err, people.ErrTokenInvalid):
		return errForbidden
	default:
		return err
	}
}

func (s *Server) setupForm(w http.ResponseWriter, r *http.Request) error {
	token := r.URL.Query().Get("token")
	if err := s.setupAllowed(r, token); err != nil {
		return err
	}
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_setup_title")
	data := setupPage{page: p, Token: token}
	if s.origin.Settled(r.Context()) == "" {
		// Suggest the provisional origin (this server's own loopback address), never the Host
		// header: the person setting up types the public address otherwise.
		data.AskOrigin, data.Origin = true, s.origin.Known()
	}
	return s.templates.Render(w, http.StatusOK, "setup", data)
}

func (s *Server) setup(w http.ResponseWriter, r *http.Request) error {
	token := r.PostFormValue("token")
	if err := s.setupAllowed(r, token); err != nil {
		return err
	}
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_setup_title")
	data := setupPage{page: p, Token: token, Name: strings.TrimSpace(r.PostFormValue("name")), Email: strings.TrimSpace(r.PostFormValue("email"))}
	var origin string
	var bad fielderr.Error
	if s.origin.Settled(r.Context()) == "" {
		// The person holding the token says where the site lives; the request's Host is only
		// the suggestion the form showed.
		data.AskOrigin, data.Origin = true, strings.TrimSpace(r.PostFormValue("origin"))
		var err error
		if origin, err = web.ParseOrigin(data.Origin); err != nil {
			bad.Add("origin", fielderr.Invalid)
		}
	}
	password := r.PostFormValue("password")
	var u people.User
	err := bad.OrNil()
	if err == nil {
		u, err = s.people.CreateFirstAdmin(r.Context(), token, people.NewUser{Email: data.Email, Name: data.Name, Password: password})
	}
	switch {
	case errors.As(err, new(*fielderr.Error)):
		data.Errors = fielderr.Messages(p.L, err)
		return s.templates.Render(w, http.StatusUnprocessableEntity, "setup", data)
	case errors.Is(err, people.ErrSetupDone):
		return errNotFound
	case errors.Is(err, people.ErrTokenInvalid):
		return errForbidden
	case err != nil:
		return err
	}
	if origin != "" {
		if _, err := s.origin.Store(r.Context(), origin); err != nil {
			return err
		}
	}
	secret, err := s.people.StartSession(r.Context(), u.ID, r.UserAgent(), clientIP(r), false)
	if err != nil {
		return err
	}
	s.setSessionCookie(w, r, secret)
	return s.redirect(w, r, "/newsroom/", "flash_setup_done")
}
