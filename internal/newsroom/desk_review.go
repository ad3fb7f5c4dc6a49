package newsroom

import (
	"net/http"
	"slices"

	"github.com/batori-news/batori/internal/news"
)

// reviewPage is the data of newsroom/pages/review.html: what waits for an editor.
type reviewPage struct {
	page
	// Submitted is the review queue, oldest submission first.
	Submitted      []deskRow
	SubmittedTotal int
	// Scheduled are the editions set to publish, soonest first.
	Scheduled      []deskRow
	ScheduledTotal int
}

const reviewListMax = 100

func (s *Server) review(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := s.page(w, r, "")
	p.Title = p.L.T("desk_review_title")
	data := reviewPage{page: p}
	items, total, err := s.news.Desk(ctx, news.DeskFilter{Status: news.Submitted, OldestFirst: true, Limit: reviewListMax})
	if err != nil {
		return err
	}
	data.Submitted, data.SubmittedTotal = s.deskRows(p, items), total
	items, total, err = s.news.Desk(ctx, news.DeskFilter{Status: news.Scheduled, Limit: reviewListMax})
	if err != nil {
		return err
	}
	// Soonest first: the list comes by last change.
	slices.SortStableFunc(items, func(a, b news.DeskItem) int { return a.PublishedAt.Compare(b.PublishedAt) })
	data.Scheduled, data.ScheduledTotal = s.deskRows(p, items), total
	return s.templates.Render(w, http.StatusOK, "review", data)
}
