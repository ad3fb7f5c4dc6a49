package newsroom

import (
	"errors"
	"net/http"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/push"
)

// pushForm is the editor page's push box: how many subscribed devices the edition would
// reach, what was sent before, and the send button (with the confirmation a second send
// needs).
type pushForm struct {
	URL string
	// Reach says how many devices a send goes to, and how they follow the story.
	Reach string
	// None is set when no device follows the story: there is nothing to send.
	None bool
	// Cap is the per-hour cap's note, empty without a cap.
	Cap  string
	Sent []string
}

// pushBox is the push box for the edition on the editor page: editors only, published
// editions only, while web push is set up.
func (s *Server) pushBox(r *http.Request, st editorState, l *locale.Locale) (*pushForm, error) {
	if s.push == nil || !st.actor.Editor || !st.exists || st.edition.Status != news.Published {
		return nil, nil
	}
	ctx := r.Context()
	total, every, err := s.push.Reach(ctx, st.lang, st.meta.SectionID)
	if err != nil {
		return nil, err
	}
	sections, err := s.news.Sections(ctx)
	if err != nil {
		return nil, err
	}
	section := ""
	for _, sec := range sections {
		if sec.ID == st.meta.SectionID {
			section = sec.Name.In(l.Lang())
		}
	}
	f := &pushForm{URL: editionURL(st.storyID, st.lang) + "/push", None: total == 0,
		Reach: l.T("push_reach", total, every, l.LangName(st.lang), total-every, section)}
	if n := s.push.PerHour(); n > 0 {
		f.Cap = l.T("push_cap_note", n)
	}
	sent, err := s.push.Sent(ctx, st.edition.ID)
	if err != nil {
		return nil, err
	}
	for _, m := range sent {
		f.Sent = append(f.Sent, l.T("push_sent_before", l.DateTime(m.CreatedAt), m.Recipients, m.Delivered, m.Pending, m.Gone, m.Failed))
	}
	return f, nil
}

// sendPush queues the edition's push notification. A second send of the same edition needs
// the "again" box ticked; without it, and over the per-hour cap, the editor is told why
// nothing was sent. The route is for editors and admins.
func (s *Server) sendPush(w http.ResponseWriter, r *http.Request) error {
	st, err := s.loadEditor(r)
	if err != nil {
		return err
	}
	if !st.exists {
		return news.ErrNotFound
	}
	if !st.actor.Editor {
		return news.ErrForbidden
	}
	back := editionURL(st.storyID, st.lang)
	_, err = s.push.Send(r.Context(), push.Send{
		EditionID: st.edition.ID, UserID: st.actor.UserID,
		Path:  readerURL(st.storyID, st.lang) + "/" + st.edition.Slug,
		Again: r.PostFormValue("again") == "yes",
	})
	switch {
	case errors.Is(err, push.ErrAlreadySent):
		return s.redirect(w, r, back, "push_flash_again")
	case errors.Is(err, push.ErrHourlyCap):
		return s.redirect(w, r, back, "push_flash_cap")
	case errors.Is(err, push.ErrNoSubscribers):
		return s.redirect(w, r, back, "push_flash_nobody")
	case err != nil:
		return err
	}
	return s.redirect(w, r, back, "push_flash_sent")
}
