package newsroom

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/batori-news/batori/internal/enquiries"
	"github.com/batori-news/batori/internal/fielderr"
)

func (s *Server) setEnquiryStatus(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	st, ok := enquiries.ParseStatus(r.PostFormValue("status"))
	if !ok {
		return errBadRequest
	}
	me, _ := userFrom(r.Context())
	changed, err := s.enq.SetStatus(r.Context(), id, me.ID, st)
	if err != nil {
		return enquiryError(err)
	}
	return s.redirect(w, r, enquiryURL(id), changedFlash(changed, "nr_enq_flash_status"))
}

// assignEnquiry gives the enquiry to an editor or admin, or to nobody.
func (s *Server) assignEnquiry(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	var to int64
	if v := r.PostFormValue("assignee"); v != "" && v != "0" {
		if to, err = strconv.ParseInt(v, 10, 64); err != nil {
			return errBadRequest
		}
		editors, err := s.people.Editors(ctx)
		if err != nil {
			return err
		}
		allowed := false
		for _, u := range editors {
			allowed = allowed || u.ID == to
		}
		if !allowed {
			return errBadRequest
		}
	}
	me, _ := userFrom(ctx)
	changed, err := s.enq.Assign(ctx, id, me.ID, to)
	if err != nil {
		return enquiryError(err)
	}
	return s.redirect(w, r, enquiryURL(id), changedFlash(changed, "nr_enq_flash_assigned"))
}

func changedFlash(changed bool, key string) string {
	if changed {
		return key
	}
	return "nr_enq_flash_unchanged"
}

// addEnquiryNote appends an internal note; an empty or overlong one comes back with its
// message and the text kept.
func (s *Server) addEnquiryNote(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	me, _ := userFrom(r.Context())
	body := r.PostFormValue("note")
	err = s.enq.AddNote(r.Context(), id, me.ID, body)
	if errors.As(err, new(*fielderr.Error)) {
		l := s.deskLocale(w, r)
		return s.renderEnquiryView(w, r, id, http.StatusUnprocessableEntity, body, "", fielderr.Messages(l, err))
	}
	if err != nil {
		return enquiryError(err)
	}
	return s.redirect(w, r, enquiryURL(id)+"#history", "nr_enq_flash_note")
}

// replyToEnquiry records a reply from the newsroom; its mail to the reader is queued in the
// same transaction.
func (s *Server) replyToEnquiry(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	me, _ := userFrom(ctx)
	body := r.PostFormValue("reply")
	err = s.enq.Reply(ctx, id, me.ID, body)
	if errors.As(err, new(*fielderr.Error)) {
		l := s.deskLocale(w, r)
		return s.renderEnquiryView(w, r, id, http.StatusUnprocessableEntity, "", body, fielderr.Messages(l, err))
	}
	if err != nil {
		return enquiryError(err)
	}
	return s.redirect(w, r, enquiryURL(id)+"#history", "nr_enq_flash_reply")
}
