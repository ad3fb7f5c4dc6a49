package newsroom

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/batori-news/batori/internal/comments"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/web"
)

// commentsPage is the data of newsroom/pages/comments.html: the moderation queue.
type commentsPage struct {
	page
	// Status is the filter shown: pending, flagged, approved, spam, rejected or all.
	Status string
	Tabs   []commentTab
	Rows   []commentRow
	Total  int
	// Story is set when the queue shows one story's comments.
	Story *commentStory
	// Back is this page's address, where moderation steps return.
	Back    string
	Actions []string
	Prev    string
	Next    string
	// CanSettings shows the link to the comment settings (admins).
	CanSettings bool
}

// commentTab is one filter of the queue.
type commentTab struct {
	Status  string
	URL     string
	Count   int
	Current bool
}

// commentStory is the story a filtered queue shows, with its closing switch.
type commentStory struct {
	ID       int64
	Headline string
	Closed   bool
	// Published are links to its editions on the site.
	Published []commentEdition
}

// commentEdition is a published edition of a story.
type commentEdition struct {
	LangName string
	URL      string
}

const commentsPerPage = 50

func (s *Server) commentQueue(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	me, _ := userFrom(ctx)
	q := r.URL.Query()
	status := q.Get("status")
	switch status {
	case "":
		status = string(comments.Pending)
	case "all":
	default:
		if !comments.ValidQueueStatus(status) {
			return errNotFound
		}
	}
	n, err := web.PageNumber(r)
	if err != nil {
		return err
	}
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_comments_title")
	data := commentsPage{page: p, Status: status, Back: r.URL.RequestURI(), Actions: moderationActions, CanSettings: me.Can(people.Admin)}

	var storyID int64
	if v := strings.TrimSpace(q.Get("story")); v != "" {
		// The find-story form sends what the editor typed; "/news/123/..." works too.
		v = strings.TrimPrefix(strings.TrimPrefix(v, "/as"), "/news/")
		v, _, _ = strings.Cut(v, "/")
		if storyID, err = pathID(v); err != nil {
			return err
		}
		si, err := s.comments.Story(ctx, storyID)
		if err != nil {
			return commentError(err)
		}
		data.Story = &commentStory{ID: si.ID, Headline: si.Headline(p.L.Lang()), Closed: si.Closed}
		for _, e := range si.Editions {
			if e.Published {
				data.Story.Published = append(data.Story.Published, commentEdition{LangName: p.L.LangName(e.Lang), URL: readerURL(si.ID, e.Lang)})
			}
		}
		data.Title = p.L.T("nr_comments_story_title", data.Story.Headline)
	}
	counts, err := s.comments.QueueCounts(ctx, storyID)
	if err != nil {
		return err
	}
	tabURL := func(st string) string {
		v := url.Values{"status": {st}}
		if storyID != 0 {
			v.Set("story", itoa(storyID))
		}
		return "/newsroom/comments?" + v.Encode()
	}
	all := 0
	for _, st := range comments.QueueStatuses() {
		data.Tabs = append(data.Tabs, commentTab{Status: st, URL: tabURL(st), Count: counts[st], Current: st == status})
		if st != comments.Flagged {
			all += counts[st]
		}
	}
	data.Tabs = append(data.Tabs, commentTab{Status: "all", URL: tabURL("all"), Count: all, Current: status == "all"})

	filter := status
	if filter == "all" {
		filter = ""
	}
	list, total, err := s.comments.Queue(ctx, comments.QueueFilter{Status: filter, StoryID: storyID, Limit: commentsPerPage, Offset: (n - 1) * commentsPerPage})
	if err != nil {
		return err
	}
	if n > 1 && len(list) == 0 {
		return errNotFound
	}
	data.Rows, data.Total = s.commentRows(p.L, list), total
	if n > 1 {
		data.Prev = withQuery(r.URL, "page", strconv.Itoa(n-1))
	}
	if n*commentsPerPage < total {
		data.Next = withQuery(r.URL, "page", strconv.Itoa(n+1))
	}
	return s.templates.Render(w, http.StatusOK, "comments", data)
}

// moderateComments applies one step to the comments ticked in the queue.
func (s *Server) moderateComments(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return errBadRequest
	}
	back := commentsBack(r.PostFormValue("back"))
	action, ok := comments.ParseAction(r.PostFormValue("action"))
	list := ids(r.PostForm["id"])
	if !ok || len(list) == 0 {
		return s.redirect(w, r, back, "nr_comments_flash_none")
	}
	return s.moderate(w, r, list, action, back)
}

// moderateComment applies one step to one comment, from its own buttons.
func (s *Server) moderateComment(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	action, ok := comments.ParseAction(r.PostFormValue("action"))
	if !ok {
		return errBadRequest
	}
	return s.moderate(w, r, []int64{id}, action, commentsBack(r.PostFormValue("back")))
}

func (s *Server) moderate(w http.ResponseWriter, r *http.Request, list []int64, action comments.Action, back string) error {
	ctx := r.Context()
	me, _ := userFrom(ctx)
	if len(list) > comments.MaxBulk {
		return errBadRequest
	}
	_, err := s.comments.Moderate(ctx, comments.Moderation{IDs: list, Action: action, By: me.ID})
	if errors.Is(err, comments.ErrNotFound) {
		return s.redirect(w, r, back, "nr_comments_flash_gone")
	}
	if err != nil {
		return commentError(err)
	}
	return s.redirect(w, r, back, "nr_comments_flash_"+string(action))
}

func (s *Server) closeStoryComments(w http.ResponseWriter, r *http.Request) error {
	return s.setStoryComments(w, r, true)
}

func (s *Server) openStoryComments(w http.ResponseWriter, r *http.Request) error {
	return s.setStoryComments(w, r, false)
}

// setStoryComments closes or reopens a story's comments; the article pages lose or regain
// their form.
func (s *Server) setStoryComments(w http.ResponseWriter, r *http.Request, closed bool) error {
	id, err := pathID(r.PathValue("id"))
	if err != nil {
		return err
	}
	me, _ := userFrom(r.Context())
	if err := s.comments.SetClosed(r.Context(), id, closed, me.ID); err != nil {
		return commentError(err)
	}
	flash := "nr_comments_flash_opened"
	if closed {
		flash = "nr_comments_flash_closed"
	}
	back := commentsBack(r.PostFormValue("back"))
	if back == "/newsroom/comments" {
		back = storyCommentsURL(id)
	}
	return s.redirect(w, r, back, flash)
}
