package newsroom

import (
	"errors"
	"html/template"
	"net/url"
	"strings"

	"github.com/batori-news/batori/internal/comments"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
)

// commentError maps the comment store's refusals onto the newsroom's errors.
func commentError(err error) error {
	switch {
	case errors.Is(err, comments.ErrNotFound):
		return errNotFound
	case errors.As(err, new(*fielderr.Error)):
		return errBadRequest
	}
	return err
}

// commentsBack keeps a post-moderation redirect on the comment pages.
func commentsBack(v string) string {
	if v == "/newsroom/comments" || strings.HasPrefix(v, "/newsroom/comments?") || strings.HasPrefix(v, "/newsroom/comments/") {
		if !strings.Contains(v, "\\") && !strings.Contains(v, "//") {
			return v
		}
	}
	return "/newsroom/comments"
}

// commentReaderURL is where readers find a comment on the site.
func commentReaderURL(it comments.Item) string {
	u := readerURL(it.StoryID, it.Lang)
	if it.Slug != "" {
		u += "/" + url.PathEscape(it.Slug)
	}
	return u + "#comment-" + itoa(it.ID)
}

// storyCommentsURL is the queue of one story's comments, every state.
func storyCommentsURL(storyID int64) string {
	return "/newsroom/comments?status=all&story=" + itoa(storyID)
}

// commentRow is a comment in the queue, ready to show.
type commentRow struct {
	comments.Item
	Body        template.HTML
	StatusName  string
	EditionName string
	ReaderURL   string
	StoryURL    string
	ReplyURL    string
	// Actions are the steps offered for this comment (not the one it is already in).
	Actions []string
}

func (s *Server) commentRows(l *locale.Locale, list []comments.Item) []commentRow {
	out := make([]commentRow, len(list))
	for i, it := range list {
		row := commentRow{
			Item: it, Body: comments.HTML(it.Body), StatusName: l.T("nr_comments_status_" + string(it.Status)),
			EditionName: l.LangName(it.Lang), ReaderURL: commentReaderURL(it), StoryURL: storyCommentsURL(it.StoryID),
		}
		if it.Status == comments.Approved {
			row.ReplyURL = "/newsroom/comments/" + itoa(it.ID) + "/reply"
		}
		for _, a := range moderationActions {
			if string(statusAfter(comments.Action(a))) != string(it.Status) || a == string(comments.Approve) && it.Flags > 0 {
				row.Actions = append(row.Actions, a)
			}
		}
		out[i] = row
	}
	return out
}

// moderationActions are the steps in the order the queue offers them.
var moderationActions = []string{string(comments.Approve), string(comments.Reject), string(comments.MarkSpam), string(comments.Delete)}

func statusAfter(a comments.Action) comments.Status {
	switch a {
	case comments.Approve:
		return comments.Approved
	case comments.Reject:
		return comments.Rejected
	case comments.MarkSpam:
		return comments.Spam
	}
	return ""
}
