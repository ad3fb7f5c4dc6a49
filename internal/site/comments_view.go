package site

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/batori-news/batori/internal/comments"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/web"
)

// commentsView is the comments section of an article page (partials/comments.html).
type commentsView struct {
	// Count is every comment readers see on the edition, replies included.
	Count int
	// Items are this page's threads, each with its replies.
	Items []commentItem
	// Oldest is set when threads run oldest first; NewestURL and OldestURL switch the order.
	Oldest    bool
	NewestURL string
	OldestURL string
	// Pager pages through long discussions (?cpage=).
	Pager pager
	// Notice thanks the reader after a post or a flag (?comment=pending, published, flagged).
	Notice string
	// Closed says why the story takes no more comments; Form is nil then.
	Closed string
	Form   *commentForm
}

// commentItem is one comment as readers see it.
type commentItem struct {
	ID     int64
	Anchor string
	Name   string
	Staff  bool
	Body   template.HTML
	Posted time.Time
	// ReplyURL opens the form as a reply to this comment, empty when comments are closed.
	ReplyURL string
	// FlagURL is where the "Report" button posts.
	FlagURL string
	Replies []commentItem
}

// commentForm is the comment form, with the reader's input kept when it comes back with
// messages.
type commentForm struct {
	Action string
	Name   string
	Email  string
	Body   string
	Notify bool
	// Parent is the comment replied to (0 for a new thread), ParentName its author;
	// CancelURL turns the reply back into a new comment.
	Parent     int64
	ParentName string
	CancelURL  string
	// Key and Token are the one-time key and the signed time of this form.
	Key   string
	Token string
	// Alert is a message about the whole form; Errors hold one message per field.
	Alert  string
	Errors map[string]string
	// Fields are the form's fields as the site keeps them rendered while the form is blank
	// (keepCommentFields); empty renders them with the page.
	Fields template.HTML
}

// blank reports whether the form shows nothing a reader typed or was told: its fields are
// then the same on every article of a language.
func (f *commentForm) blank() bool {
	return f.Name == "" && f.Email == "" && f.Body == "" && !f.Notify && len(f.Errors) == 0
}

// keepCommentFields gives the comment form of v, when blank, its fields from the kept HTML:
// a score of messages and two field partials, an eighth of a fresh article's time, the same
// on every article of the page's language.
func (s *Server) keepCommentFields(p web.Page, v *commentsView) error {
	if v == nil || v.Form == nil || s.cardHTML.gen == nil || p.L == nil || !v.Form.blank() {
		return nil
	}
	f := v.Form
	k := s.cardHTML.key()
	k.add("comment-form-fields", p.L.HTMLLang())
	var err error
	f.Fields, err = s.keptPart("comment-form-fields", k, func() any { return map[string]any{"F": f, "P": p} })
	return err
}

// Query parameters of the comments section. Every value is a separate page in the page cache.
const (
	paramOrder   = "comments" // newest (default) or oldest
	paramPage    = "cpage"    // 1 (default) …
	paramNotice  = "comment"  // pending, published or flagged
	paramReplyTo = "reply"    // a comment id
)

// noticeKeys are the thanks shown for each ?comment= value.
var noticeKeys = map[string]string{
	"pending":   "comments_notice_pending",
	"published": "comments_notice_published",
	"flagged":   "comments_notice_flagged",
}

// commentsURL is the article at base showing comments in an order and a page, with the form
// answering the comment reply (when not 0), at fragment.
func commentsURL(base string, oldest bool, page int, reply int64, fragment string) string {
	q := url.Values{}
	if oldest {
		q.Set(paramOrder, "oldest")
	}
	if page > 1 {
		q.Set(paramPage, strconv.Itoa(page))
	}
	if reply != 0 {
		q.Set(paramReplyTo, strconv.FormatInt(reply, 10))
	}
	u := base
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u + "#" + fragment
}

// commentsSection builds the comments section of a's page. form is nil for a plain view, or
// the reader's post coming back with messages. It is nil when comments are not set up.
func (s *Server) commentsSection(r *http.Request, l *locale.Locale, a news.Article, form *commentForm) (*commentsView, error) {
	if s.comments == nil {
		return nil, nil
	}
	ctx := r.Context()
	lang := a.Lang
	base := storyURL(lang, a.StoryID, a.Slug)
	q := r.URL.Query()
	v := &commentsView{Oldest: q.Get(paramOrder) == "oldest"}
	page := 1
	if form == nil {
		if p := q.Get(paramPage); p != "" {
			n, err := strconv.Atoi(p)
			if err != nil || n < 1 || n > 100000 {
				return nil, errNotFound
			}
			page = n
		}
		if key, ok := noticeKeys[q.Get(paramNotice)]; ok {
			v.Notice = l.T(key)
		}
	}
	th, err := s.comments.Thread(ctx, comments.ThreadQuery{StoryID: a.StoryID, Lang: lang, Oldest: v.Oldest, Page: page})
	if errors.Is(err, comments.ErrNotFound) {
		return nil, errNotFound
	}
	if err != nil {
		return nil, err
	}
	v.Count = th.Count
	v.NewestURL = commentsURL(base, false, 1, 0, "comments")
	v.OldestURL = commentsURL(base, true, 1, 0, "comments")
	v.Pager = pager{Page: th.Page, Pages: th.Pages}
	if th.Page > 1 {
		v.Pager.Prev = commentsURL(base, v.Oldest, th.Page-1, 0, "comments")
	}
	if th.Page < th.Pages {
		v.Pager.Next = commentsURL(base, v.Oldest, th.Page+1, 0, "comments")
	}

	set, err := s.kept.comments.Get(ctx)
	if err != nil {
		return nil, err
	}
	closing, err := s.comments.ClosingUnder(ctx, a.StoryID, a.PublishedAt, set)
	if err != nil {
		return nil, err
	}
	switch closing {
	case comments.ClosedByEditor:
		v.Closed = l.T("comments_closed")
	case comments.ClosedByAge:
		v.Closed = l.TCount("comments_closed_age", int64(set.CloseAfterDays))
	}
	open := closing == comments.NotClosed
	item := func(c comments.Comment) commentItem {
		it := commentItem{
			ID: c.ID, Anchor: "comment-" + strconv.FormatInt(c.ID, 10), Name: c.Name, Staff: c.Staff(),
			Body: comments.HTML(c.Body), Posted: c.CreatedAt,
			FlagURL: base + "/comments/" + strconv.FormatInt(c.ID, 10) + "/flag",
		}
		if it.Name == "" {
			// The commenter had their details erased; the words stay, unsigned.
			it.Name = l.T("comments_anonymous")
		}
		if open {
			it.ReplyURL = commentsURL(base, v.Oldest, th.Page, c.ID, "respond")
		}
		return it
	}
	for _, c := range th.Comments {
		it := item(c)
		for _, r := range c.Replies {
			it.Replies = append(it.Replies, item(r))
		}
		v.Items = append(v.Items, it)
	}
	if !open {
		return v, nil
	}

	if form == nil {
		form = &commentForm{}
		if id, err := strconv.ParseInt(q.Get(paramReplyTo), 10, 64); err == nil && id > 0 {
			form.Parent = id
		}
	}
	form.Action = base + "/comments"
	form.CancelURL = commentsURL(base, v.Oldest, th.Page, 0, "respond")
	if form.Parent != 0 {
		// Only a comment readers can see on this edition can be answered; anything else
		// quietly becomes a new comment.
		if c, err := s.comments.Visible(ctx, form.Parent, a.StoryID, lang); err == nil {
			form.ParentName = c.Name
		} else if errors.Is(err, comments.ErrNotFound) {
			form.Parent = 0
		} else {
			return nil, err
		}
	}
	// The page is cached and served to many readers alike, so its form's key and signed time
	// are shared: the minimum time is counted from the render (never less than the reader's
	// own), and the store weighs the key together with who posts what.
	if form.Key == "" {
		form.Key = comments.NewFormKey()
	}
	if form.Token == "" {
		if form.Token, err = s.comments.FormToken(ctx, a.StoryID); err != nil {
			return nil, err
		}
	}
	v.Form = form
	return v, nil
}

// commentCounts counts the comments readers see on the stories of list, in one read; nil
// when comments are off or the count fails (cards then show none).
func (s *Server) commentCounts(ctx context.Context, lang locale.Lang, list []news.Teaser) map[int64]int {
	if s.comments == nil || len(list) == 0 {
		return nil
	}
	ids := make([]int64, len(list))
	for i, t := range list {
		ids[i] = t.StoryID
	}
	counts, err := s.comments.Counts(ctx, lang, ids)
	if err != nil {
		s.log.Error("count comments", "err", err)
		return nil
	}
	return counts
}

// cardsCounted are the cards of list with the comment counts of counts.
func (s *Server) cardsCounted(lang locale.Lang, list []news.Teaser, counts map[int64]int) []card {
	cards := s.cards(lang, list)
	for i := range cards {
		cards[i].Comments = counts[list[i].StoryID]
	}
	return cards
}

// countedCards is cards with each story's comment count, read in one query. Counts are a
// nicety: when they cannot be read the cards go without them.
func (s *Server) countedCards(ctx context.Context, lang locale.Lang, list []news.Teaser) []card {
	cards := s.cards(lang, list)
	if s.comments == nil || len(list) == 0 {
		return cards
	}
	ids := make([]int64, len(list))
	for i, t := range list {
		ids[i] = t.StoryID
	}
	counts, err := s.comments.Counts(ctx, lang, ids)
	if err != nil {
		s.log.Error("count comments", "err", err)
		return cards
	}
	for i := range cards {
		cards[i].Comments = counts[list[i].StoryID]
	}
	return cards
}
