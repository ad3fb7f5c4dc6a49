package newsroom

import (
	"net/http"
	"strconv"

	"github.com/batori-news/batori/internal/news"
)

// auditPage is the data of newsroom/pages/audit.html: who did what to which story.
type auditPage struct {
	page
	// StoryID narrows the log to one story (?story=), 0 for all.
	StoryID int64
	Events  []auditRow
}

// auditRow is an audit event with its words and link.
type auditRow struct {
	news.AuditEvent
	ActionName string
	StoryURL   string
}

const auditListMax = 200

func (s *Server) audit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var storyID int64
	if v := r.URL.Query().Get("story"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return errNotFound
		}
		storyID = id
	}
	events, err := s.news.Audit(ctx, news.AuditFilter{StoryID: storyID, Limit: auditListMax})
	if err != nil {
		return err
	}
	p := s.page(w, r, "")
	p.Title = p.L.T("desk_audit_title")
	data := auditPage{page: p, StoryID: storyID, Events: s.auditRows(p, events)}
	return s.templates.Render(w, http.StatusOK, "audit", data)
}

// auditRows names the actions of events in the page's language.
func (s *Server) auditRows(p page, events []news.AuditEvent) []auditRow {
	out := make([]auditRow, len(events))
	for i, ev := range events {
		name := ev.Action
		if k := "desk_action_" + ev.Action; p.L.Has(k) {
			name = p.L.T(k)
		}
		out[i] = auditRow{AuditEvent: ev, ActionName: name}
		if ev.StoryID != 0 {
			out[i].StoryURL = "/newsroom/audit?story=" + itoa(ev.StoryID)
		}
	}
	return out
}
