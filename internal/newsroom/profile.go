package newsroom

import (
	"errors"
	"net/http"

	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/news"
)

// profilePage is the data of newsroom/pages/profile.html: one's public byline (names and
// biography in both languages, shown on author pages and articles), one's e-mail address and
// password. Each form keeps its input and its own errors.
type profilePage struct {
	page
	Name, Bio news.Names
	// AuthorURL is the public author page, once the account has a byline.
	AuthorURL      string
	Email          string
	ProfileErrors  map[string]string
	EmailErrors    map[string]string
	PasswordErrors map[string]string
}

func (s *Server) profileData(w http.ResponseWriter, r *http.Request) (profilePage, error) {
	u, _ := userFrom(r.Context())
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_profile_title")
	data := profilePage{page: p, Name: news.Names{EN: u.Name}, Email: u.Email}
	a, err := s.news.UserAuthor(r.Context(), u.ID)
	switch {
	case err == nil:
		data.Name, data.Bio = a.Name, a.Bio
		if data.Name.EN == "" {
			data.Name.EN = u.Name
		}
		data.AuthorURL = "/author/" + a.Slug
	case !errors.Is(err, news.ErrNotFound):
		return data, err
	}
	return data, nil
}

func (s *Server) profile(w http.ResponseWriter, r *http.Request) error {
	data, err := s.profileData(w, r)
	if err != nil {
		return err
	}
	return s.templates.Render(w, http.StatusOK, "profile", data)
}

// saveProfile stores the byline and makes the account's newsroom name its English name.
func (s *Server) saveProfile(w http.ResponseWriter, r *http.Request) error {
	u, _ := userFrom(r.Context())
	name := news.Names{EN: r.PostFormValue("name_en"), AS: r.PostFormValue("name_as")}
	bio := news.Names{EN: r.PostFormValue("bio_en"), AS: r.PostFormValue("bio_as")}
	_, err := s.news.SaveUserAuthor(r.Context(), u.ID, name, bio)
	if err == nil {
		err = s.people.SetName(r.Context(), u.ID, name.EN)
	}
	if fe, ok := fielderr.As(err); ok {
		data, derr := s.profileData(w, r)
		if derr != nil {
			return derr
		}
		data.Name, data.Bio = name, bio
		data.ProfileErrors = fielderr.Messages(data.L, fe)
		return s.templates.Render(w, http.StatusUnprocessableEntity, "profile", data)
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, "/newsroom/profile", "flash_profile_saved")
}

// changeEmail moves the account to another address once its password is confirmed; the
// session gets a new id and every other session ends (people.ChangeEmail).
func (s *Server) changeEmail(w http.ResponseWriter, r *http.Request) error {
	u, _ := userFrom(r.Context())
	se, _ := sessionFrom(r.Context())
	email := r.PostFormValue("email")
	secret, err := s.people.ChangeEmail(r.Context(), u.ID, r.PostFormValue("current"), email, se.ID)
	if fe, ok := fielderr.As(err); ok {
		data, derr := s.profileData(w, r)
		if derr != nil {
			return derr
		}
		data.Email = email
		data.EmailErrors = fielderr.Messages(data.L, fe)
		return s.templates.Render(w, http.StatusUnprocessableEntity, "profile", data)
	}
	if err != nil {
		return err
	}
	s.setSessionCookie(w, r, secret)
	return s.redirect(w, r, "/newsroom/profile", "flash_email_changed")
}

// profilePassword is the account page's password change, answered on the profile page.
func (s *Server) profilePassword(w http.ResponseWriter, r *http.Request) error {
	u, _ := userFrom(r.Context())
	se, _ := sessionFrom(r.Context())
	secret, err := s.people.ChangePassword(r.Context(), u.ID, r.PostFormValue("current"), r.PostFormValue("password"), se.ID)
	if fe, ok := fielderr.As(err); ok {
		data, derr := s.profileData(w, r)
		if derr != nil {
			return derr
		}
		data.PasswordErrors = fielderr.Messages(data.L, fe)
		return s.templates.Render(w, http.StatusUnprocessableEntity, "profile", data)
	}
	if err != nil {
		return err
	}
	s.setSessionCookie(w, r, secret)
	return s.redirect(w, r, "/newsroom/profile", "flash_password_changed")
}
