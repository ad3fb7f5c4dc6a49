package newsroom

import (
	"errors"
	"net/http"

	"github.com/batori-news/batori/internal/media"
)

// uploadLogo stores a new masthead logo (or removes it with action=remove).
func (s *Server) uploadLogo(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me, _ := userFrom(ctx)
	site, err := s.settings.Site(ctx)
	if err != nil {
		return err
	}
	if r.PostFormValue("action") == "remove" {
		site.Logo = ""
	} else {
		f, hdr, err := r.FormFile("logo")
		if err != nil {
			return s.redirect(w, r, "/newsroom/settings", "flash_logo_missing")
		}
		defer f.Close()
		m, err := s.media.AddUpload(ctx, hdr.Filename, f, me.ID)
		switch {
		case errors.Is(err, media.ErrNotImage), errors.Is(err, media.ErrTooLarge), errors.Is(err, media.ErrTooManyPixels):
			return s.redirect(w, r, "/newsroom/settings", "flash_logo_not_image")
		case errors.Is(err, media.ErrDamaged):
			return s.redirect(w, r, "/newsroom/settings", "desk_media_damaged")
		case errors.Is(err, media.ErrHiddenContent):
			return s.redirect(w, r, "/newsroom/settings", "desk_media_hidden")
		case errors.Is(err, media.ErrFileName):
			return s.redirect(w, r, "/newsroom/settings", "desk_media_name")
		case errors.Is(err, media.ErrExtension):
			return s.redirect(w, r, "/newsroom/settings", "desk_media_extension")
		case err != nil:
			return err
		}
		site.Logo = m.URL()
	}
	if err := s.settings.SaveSite(ctx, site); err != nil {
		return err
	}
	return s.redirect(w, r, "/newsroom/settings", "flash_logo_saved")
}
