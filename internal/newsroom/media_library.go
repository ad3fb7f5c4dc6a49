package newsroom

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/web"
)

// mediaPage is the data of newsroom/pages/media.html: the photo library with search, the
// upload form and each picture's words.
type mediaPage struct {
	page
	Query string
	Items []mediaRow
	Total int
	Prev  string
	Next  string
	// Back is this page's URL, where the forms return.
	Back  string
	MaxMB int
}

// mediaRow is a picture in the library with its thumbnail.
type mediaRow struct {
	media.Media
	Thumb   pictureOption
	CanEdit bool
}

const mediaPerPage = 24

func (s *Server) mediaLibrary(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me, _ := userFrom(ctx)
	n, err := web.PageNumber(r)
	if err != nil {
		return err
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	items, total, err := s.media.Search(ctx, q, mediaPerPage, (n-1)*mediaPerPage)
	if err != nil {
		return err
	}
	p := s.page(w, r, "")
	p.Title = p.L.T("desk_media_title")
	data := mediaPage{page: p, Query: q, Total: total, Back: r.URL.RequestURI(), MaxMB: media.MaxUploadBytes >> 20}
	for _, m := range items {
		data.Items = append(data.Items, mediaRow{Media: m, Thumb: pictureOf(m, false), CanEdit: isEditor(me) || m.UploadedBy == me.ID})
	}
	if n > 1 {
		data.Prev = withQuery(r.URL, "page", strconv.Itoa(n-1))
	}
	if n*mediaPerPage < total {
		data.Next = withQuery(r.URL, "page", strconv.Itoa(n+1))
	}
	return s.templates.Render(w, http.StatusOK, "media", data)
}

// updateMedia saves a picture's alt text, caption and credit; the uploader or an editor may.
func (s *Server) updateMedia(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me, _ := userFrom(ctx)
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	m, err := s.media.Get(ctx, id)
	if err != nil {
		return err
	}
	if !isEditor(me) && m.UploadedBy != me.ID {
		return errForbidden
	}
	back := safeNext(r.PostFormValue("next"))
	err = s.media.Update(ctx, id, media.Meta{Alt: r.PostFormValue("alt"), Caption: r.PostFormValue("caption"), Credit: r.PostFormValue("credit")})
	if errors.As(err, new(*fielderr.Error)) {
		return s.redirect(w, r, back, "desk_flash_media_invalid")
	}
	if err != nil {
		return err
	}
	return s.redirect(w, r, back, "desk_flash_media_saved")
}

// uploadReply is the upload's answer to the editor's script.
type uploadReply struct {
	ID     int64  `json:"id"`
	URL    string `json:"url"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
}

// uploadMedia adds the photo in the multipart field "file" to the library. The editor's
// script (Accept: application/json) gets the picture as JSON or {"error": …} with a 4xx;
// a plain form is sent back to "next" (the library by default) with a message, and from
// the editor page with the new picture chosen.
func (s *Server) uploadMedia(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me, _ := userFrom(ctx)
	fields := map[string]string{}
	var m media.Media
	var uploadErr error
	uploaded := false
	mr, err := r.MultipartReader()
	if err != nil {
		return s.uploadFailed(w, r, "/newsroom/media", errBadRequest)
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			if uploadErr == nil {
				uploadErr = err
			}
			break
		}
		name := part.FormName()
		switch {
		case name == "file" && !uploaded:
			uploaded = true
			if !web.Text(part.FileName()) {
				uploadErr = web.ErrInvalidText
				break
			}
			m, uploadErr = s.media.AddUpload(ctx, part.FileName(), part, me.ID)
		case name == "next" || name == "alt" || name == "caption" || name == "credit":
			b, _ := io.ReadAll(io.LimitReader(part, 4096))
			if !web.Text(string(b)) {
				// Stored as it came, the bytes would fail on PostgreSQL: refused alike on both.
				if uploadErr == nil {
					uploadErr = web.ErrInvalidText
				}
				break
			}
			fields[name] = string(b)
		}
		// After a refused file the small fields still count: "next" says where to go back.
		part.Close()
	}
	back := "/newsroom/media"
	if v := fields["next"]; v != "" {
		back = safeNext(v)
	}
	if uploadErr == nil && !uploaded {
		uploadErr = errNoFile
	}
	if uploadErr != nil {
		return s.uploadFailed(w, r, back, uploadErr)
	}
	if fields["alt"] != "" || fields["caption"] != "" || fields["credit"] != "" {
		meta := media.Meta{Alt: fields["alt"], Caption: fields["caption"], Credit: fields["credit"]}
		if err := s.media.Update(ctx, m.ID, meta); err != nil && !errors.As(err, new(*fielderr.Error)) {
			return err
		}
	}
	if wantsJSON(r) {
		writeJSON(w, http.StatusOK, uploadReply{ID: m.ID, URL: m.URL(), Width: m.Width, Height: m.Height})
		return nil
	}
	if strings.HasPrefix(back, "/newsroom/stories/") {
		back = addQuery(back, "picture", itoa(m.ID))
	}
	return s.redirect(w, r, back, "desk_flash_media_uploaded")
}

var errNoFile = errors.New("no file in the upload")

// uploadFailed answers a refused upload: a clear message for the photo's problem, as JSON for
// the script or as a message on the page it came from.
func (s *Server) uploadFailed(w http.ResponseWriter, r *http.Request, back string, err error) error {
	var tooLarge *http.MaxBytesError
	key, status := "", http.StatusBadRequest
	switch {
	case errors.Is(err, media.ErrNotImage):
		key, status = "desk_media_not_image", http.StatusUnsupportedMediaType
	case errors.Is(err, media.ErrTooLarge), errors.As(err, &tooLarge):
		key, status = "desk_media_too_large", http.StatusRequestEntityTooLarge
	case errors.Is(err, media.ErrTooManyPixels):
		key, status = "desk_media_too_many_pixels", http.StatusUnprocessableEntity
	case errors.Is(err, media.ErrDamaged):
		key, status = "desk_media_damaged", http.StatusUnprocessableEntity
	case errors.Is(err, media.ErrHiddenContent):
		key, status = "desk_media_hidden", http.StatusUnprocessableEntity
	case errors.Is(err, media.ErrFileName):
		key, status = "desk_media_name", http.StatusUnprocessableEntity
	case errors.Is(err, media.ErrExtension):
		key, status = "desk_media_extension", http.StatusUnprocessableEntity
	case errors.Is(err, errNoFile), errors.Is(err, errBadRequest):
		key = "desk_media_no_file"
	default:
		return err
	}
	if wantsJSON(r) {
		l := s.deskLocale(w, r)
		writeJSON(w, status, map[string]string{"error": l.T(key)})
		return nil
	}
	return s.redirect(w, r, back, key)
}

// addQuery adds k=v to a path that may have a query already.
func addQuery(path, k, v string) string {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + k + "=" + urlQuery(v)
}
