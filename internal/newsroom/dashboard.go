package newsroom

import (
	"net/http"
	"time"

	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/people"
)

// dashboardPage is the data of newsroom/pages/dashboard.html. Reporters see their own stories
// by state and the notes editors returned to them; editors see the desk's queues, pending
// registrations and the latest audit events.
type dashboardPage struct {
	page
	IsEditor bool
	// Counts are editions per state: the reporter's own, or all for editors.
	Counts []statusTab
	// Recent are the latest changed editions (the reporter's own, or all).
	Recent []deskRow
	// Returned are the reporter's drafts an editor sent back, with the latest note.
	Returned []returnedRow
	// PublishedToday counts editions first published today in the site's zone (editors).
	PublishedToday int
	// PendingUsers counts registrations waiting for an editor (editors and admins only).
	PendingUsers int
	Pending      []people.User
	Events       []auditRow
}

// returnedRow is a draft sent back with the editor's note.
type returnedRow struct {
	deskRow
	Note news.Note
}

const dashboardRecent = 10

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u, _ := userFrom(ctx)
	p := s.page(w, r, "")
	p.Title = p.L.T("desk_dashboard_title")
	data := dashboardPage{page: p, IsEditor: isEditor(u)}
	var owner int64
	if !data.IsEditor {
		owner = u.ID
	}
	counts, err := s.news.DeskCounts(ctx, owner)
	if err != nil {
		return err
	}
	for _, st := range workflowStates {
		data.Counts = append(data.Counts, statusTab{Status: st, Name: p.L.T(statusKey(st)), Count: counts[st], URL: "/newsroom/stories?status=" + string(st)})
	}
	recent, _, err := s.news.Desk(ctx, news.DeskFilter{CreatedBy: owner, Limit: dashboardRecent})
	if err != nil {
		return err
	}
	data.Recent = s.deskRows(p, recent)
	if !data.IsEditor {
		drafts, _, err := s.news.Desk(ctx, news.DeskFilter{CreatedBy: u.ID, Status: news.Draft, Limit: 50})
		if err != nil {
			return err
		}
		for i, row := range s.deskRows(p, drafts) {
			notes, err := s.news.Notes(ctx, drafts[i].EditionID)
			if err != nil {
				return err
			}
			if len(notes) > 0 {
				data.Returned = append(data.Returned, returnedRow{deskRow: row, Note: notes[0]})
			}
		}
		return s.templates.Render(w, http.StatusOK, "dashboard", data)
	}
	if data.PublishedToday, err = s.publishedToday(r); err != nil {
		return err
	}
	byStatus, err := s.people.CountByStatus(ctx)
	if err != nil {
		return err
	}
	data.PendingUsers = byStatus[people.StatusPending]
	if data.PendingUsers > 0 {
		if data.Pending, err = s.people.List(ctx, people.StatusPending); err != nil {
			return err
		}
		if len(data.Pending) > 5 {
			data.Pending = data.Pending[:5]
		}
	}
	events, err := s.news.Audit(ctx, news.AuditFilter{Limit: dashboardRecent})
	if err != nil {
		return err
	}
	data.Events = s.auditRows(p, events)
	return s.templates.Render(w, http.StatusOK, "dashboard", data)
}

// publishedToday counts the editions published since midnight in the site's zone; the desk
// list comes newest change first, so it stops at the first older than midnight among the
// most recently changed published editions.
func (s *Server) publishedToday(r *http.Request) (int, error) {
	zone := s.zone(r.Context())
	now := s.now().In(zone)
	midnight := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, zone)
	n := 0
	const batch = 200
	for offset := 0; ; offset += batch {
		items, total, err := s.news.Desk(r.Context(), news.DeskFilter{Status: news.Published, Limit: batch, Offset: offset})
		if err != nil {
			return 0, err
		}
		for _, it := range items {
			if !it.PublishedAt.Before(midnight) {
				n++
			}
		}
		// An edition changed before midnight was published before it too.
		if len(items) == 0 || items[len(items)-1].ModifiedAt.Before(midnight) || offset+batch >= total {
			return n, nil
		}
	}
}
