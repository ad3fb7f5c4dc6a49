package site

import (
	"errors"
	"net"
	"net/http"
	"strconv"

	"github.com/batori-news/batori/internal/comments"
	"github.com/batori-news/batori/internal/fault"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/formguard"
	"github.com/batori-news/batori/internal/news"
)

// maxCommentForm bounds a comment post's body: 4,000 characters of Assamese are 12 KB of
// UTF-8, sent percent-encoded.
const maxCommentForm = 64 << 10

// commentedArticle reads the published article a comment form posts to.
func (s *Server) commentedArticle(r *http.Request) (news.Article, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return news.Article{}, errNotFound
	}
	return s.news.PublishedArticle(r.Context(), id, langOf(r))
}

// postComment takes a reader's comment. Refusals the reader can act on (a field to correct, a
// form sent too soon or too late, too many posts, closed comments) show the article again with
// the input kept and a message, never cached; a filled-in honeypot is answered like a success.
func (s *Server) postComment(w http.ResponseWriter, r *http.Request) error {
	a, aerr := s.commentedArticle(r)
	if aerr != nil && !fault.Is(aerr) {
		return aerr
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxCommentForm)
	if err := r.ParseForm(); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return err
		}
		return errBadRequest
	}
	f := r.PostForm
	form := commentForm{
		Name: f.Get("name"), Email: f.Get("email"), Body: f.Get("body"), Notify: f.Get("notify") != "",
		Key: f.Get("key"), Token: f.Get("token"),
	}
	if id, err := strconv.ParseInt(f.Get("parent"), 10, 64); err == nil && id > 0 {
		form.Parent = id
	}
	if aerr != nil {
		return s.commentNotSaved(w, r, &form)
	}
	var c comments.Comment
	err := s.checkProof(r, f.Get(formguard.PowField))
	if err == nil {
		c, err = s.comments.Post(r.Context(), comments.Input{
			StoryID: a.StoryID, Lang: a.Lang, ParentID: form.Parent,
			Name: form.Name, Email: form.Email, Body: form.Body, Notify: form.Notify,
			Key: form.Key, Token: form.Token, Trap: f.Get(formguard.TrapField), Client: clientAddr(r),
		})
	}
	base := storyURL(a.Lang, a.StoryID, a.Slug)
	status := http.StatusUnprocessableEntity
	alert := ""
	switch {
	case err == nil:
		if c.Status == comments.Approved {
			http.Redirect(w, r, base+"?"+paramNotice+"=published#comment-"+strconv.FormatInt(c.ID, 10), http.StatusSeeOther)
			return nil
		}
		// Spam is answered like any comment held for moderation.
		http.Redirect(w, r, base+"?"+paramNotice+"=pending#comments", http.StatusSeeOther)
		return nil
	case errors.Is(err, comments.ErrTrap):
		http.Redirect(w, r, base+"?"+paramNotice+"=pending#comments", http.StatusSeeOther)
		return nil
	case errors.As(err, new(*fielderr.Error)):
		alert = "comments_err_form"
	case errors.Is(err, errNoProof):
		alert = "pow_err"
	case errors.Is(err, comments.ErrTooFast):
		alert = "comments_err_too_fast"
	case errors.Is(err, comments.ErrFormExpired), errors.Is(err, comments.ErrBadToken), errors.Is(err, comments.ErrTokenUsed):
		alert = "comments_err_expired"
		form.Token = ""
	case errors.Is(err, comments.ErrRateLimited):
		alert, status = "comments_err_rate", http.StatusTooManyRequests
	case errors.Is(err, comments.ErrParent):
		alert, form.Parent = "comments_err_parent", 0
	case errors.Is(err, comments.ErrClosed):
		// The section shows why instead of the form.
		status = http.StatusForbidden
	case errors.Is(err, comments.ErrNotFound):
		return errNotFound
	case fault.Is(err):
		// Nothing was stored: the reader keeps their text and is told when to send it again.
		alert, status = "form_err_not_saved", http.StatusServiceUnavailable
		w.Header().Set("Retry-After", strconv.Itoa(fault.RetryAfter))
	default:
		return err
	}
	return s.commentFormAgain(w, r, a, &form, alert, status, err)
}

// commentNotSaved answers a comment sent while the article cannot be read (the database is
// away): the "temporarily unavailable" page with the form and the reader's text, its key and
// token kept, so that sending it again later stores it once.
func (s *Server) commentNotSaved(w http.ResponseWriter, r *http.Request, form *commentForm) error {
	p := s.bareGlobals(r, langOf(r))
	form.Action = r.URL.Path
	form.Alert = p.L.T("form_err_not_saved")
	data := errorPage{Page: p, Status: http.StatusServiceUnavailable, Comment: form,
		Heading: p.L.T("err_unavailable_title"), Text: p.L.T("err_unavailable_text")}
	data.Title = data.Heading
	data.NoIndex = true
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("Retry-After", strconv.Itoa(fault.RetryAfter))
	return s.templates.Render(w, http.StatusServiceUnavailable, "error", data)
}

// commentFormAgain shows the article with the comment form as the reader sent it, with
// messages (err's field problems next to their fields); the answer is the reader's own, so it
// is never cached.
func (s *Server) commentFormAgain(w http.ResponseWriter, r *http.Request, a news.Article, form *commentForm, alert string, status int, err error) error {
	data, derr := s.articleData(w, r, a)
	if fault.Is(derr) {
		// The database went away while the article was read: the form alone, text kept.
		return s.commentNotSaved(w, r, form)
	} else if derr != nil {
		return derr
	}
	l := data.L
	if alert != "" {
		form.Alert = l.T(alert)
	}
	form.Errors = fielderr.Messages(l, err)
	// The page is this reader's alone: a fresh token is bound to them.
	if form.Token == "" {
		if form.Token, err = s.comments.FormTokenFor(r.Context(), a.StoryID, clientAddr(r)); err != nil {
			return err
		}
	}
	if data.Comments, err = s.commentsSection(r, l, a, form); fault.Is(err) {
		return s.commentNotSaved(w, r, form)
	} else if err != nil {
		return err
	}
	data.NoIndex = true
	w.Header().Set("Cache-Control", "no-store")
	return s.templates.Render(w, status, "article", data)
}

// flagComment records a reader's "Report" on a comment and thanks them on the article.
func (s *Server) flagComment(w http.ResponseWriter, r *http.Request) error {
	a, err := s.commentedArticle(r)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("comment"), 10, 64)
	if err != nil || id <= 0 {
		return errNotFound
	}
	if _, err := s.comments.Flag(r.Context(), id, a.StoryID, a.Lang, clientAddr(r)); err != nil {
		if errors.Is(err, comments.ErrNotFound) {
			return errNotFound
		}
		return err
	}
	base := storyURL(a.Lang, a.StoryID, a.Slug)
	http.Redirect(w, r, base+"?"+paramNotice+"=flagged#comment-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// clientAddr is the address a request came from, which rate limits and flags count by.
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
