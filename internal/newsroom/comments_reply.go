package newsroom

import (
	"errors"
	"net/http"

	"github.com/batori-news/batori/internal/comments"
	"github.com/batori-news/batori/internal/fielderr"
)

// commentReplyPage is the data of newsroom/pages/comments_reply.html: an editor's reply to a
// published comment, shown to readers marked "Staff".
type commentReplyPage struct {
	page
	Row   commentRow
	Body  string
	Error string
	// Alert explains why there is no form (the comment is not published).
	Alert string
}

func (s *Server) commentReplyForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderCommentReply(w, r, "", "", http.StatusOK)
}

func (s *Server) renderCommentReply(w http.ResponseWriter, r *http.Request, body, fieldErr string, status int) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	it, err := s.comments.Get(r.Context(), id)
	if err != nil {
		return commentError(err)
	}
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_comments_reply_title", it.Name)
	data := commentReplyPage{page: p, Row: s.commentRows(p.L, []comments.Item{it})[0], Body: body, Error: fieldErr}
	if it.Status != comments.Approved {
		data.Alert = p.L.T("nr_comments_reply_unpublished")
	}
	return s.templates.Render(w, status, "comments_reply", data)
}

// commentReply publishes an editor's reply in the thread of the comment answered.
func (s *Server) commentReply(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	me, _ := userFrom(r.Context())
	body := r.PostFormValue("body")
	c, err := s.comments.StaffReply(r.Context(), comments.Reply{ParentID: id, UserID: me.ID, Name: me.Name, Email: me.Email, Body: body})
	switch {
	case errors.As(err, new(*fielderr.Error)):
		l := s.deskLocale(w, r)
		return s.renderCommentReply(w, r, body, fielderr.Messages(l, err)["body"], http.StatusUnprocessableEntity)
	case errors.Is(err, comments.ErrParent):
		return s.renderCommentReply(w, r, body, "", http.StatusConflict)
	case err != nil:
		return commentError(err)
	}
	return s.redirect(w, r, storyCommentsURL(c.StoryID), "nr_comments_flash_reply")
}
