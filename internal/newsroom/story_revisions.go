package newsroom

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
)

// revisionsPage is the data of newsroom/pages/revisions.html: an edition's saves, and the
// word differences between the two chosen.
type revisionsPage struct {
	page
	StoryID   int64
	Lang      locale.Lang
	Headline  string
	EditURL   string
	Revisions []revisionRow
	// A and B are the revisions compared, older and newer; 0 when there is nothing to compare.
	A, B int
	Diff []diffRun
}

// revisionRow is one save in the list.
type revisionRow struct {
	Number    int
	Headline  string
	UserName  string
	CreatedAt time.Time
}

// storyRevisions lists an edition's revisions and compares two of them (?a=&b=, by default
// the last two) word by word.
func (s *Server) storyRevisions(w http.ResponseWriter, r *http.Request) error {
	st, err := s.loadEditor(r)
	if err != nil {
		return err
	}
	if !st.exists {
		return errNotFound
	}
	ctx := r.Context()
	revs, err := s.news.Revisions(ctx, st.edition.ID)
	if err != nil {
		return err
	}
	p := s.page(w, r, "")
	p.Title = p.L.T("desk_revisions_title", st.edition.Headline)
	data := revisionsPage{page: p, StoryID: st.storyID, Lang: st.lang, Headline: st.edition.Headline, EditURL: editionURL(st.storyID, st.lang)}
	names := map[int64]string{}
	for _, rv := range revs {
		if _, ok := names[rv.UserID]; !ok && rv.UserID != 0 {
			if u, err := s.people.Get(ctx, rv.UserID); err == nil {
				names[rv.UserID] = u.Name
			}
		}
		data.Revisions = append(data.Revisions, revisionRow{Number: rv.Number, Headline: rv.Headline, UserName: names[rv.UserID], CreatedAt: rv.CreatedAt})
	}
	if len(revs) >= 2 {
		data.A, data.B = revs[1].Number, revs[0].Number
	}
	q := r.URL.Query()
	if q.Has("a") || q.Has("b") {
		a, errA := strconv.Atoi(q.Get("a"))
		b, errB := strconv.Atoi(q.Get("b"))
		if errA != nil || errB != nil {
			return errNotFound
		}
		if a > b {
			a, b = b, a
		}
		data.A, data.B = a, b
	}
	if data.A != 0 && data.B != 0 {
		ra, rb, err := s.news.RevisionPair(ctx, st.edition.ID, data.A, data.B)
		if err != nil {
			return err
		}
		ops := news.DiffWords(ra.Text(), rb.Text())
		// Two revisions with the same words show a note rather than an unmarked text.
		if slices.ContainsFunc(ops, func(op news.DiffOp) bool { return op.Kind != "equal" }) {
			data.Diff = diffRuns(ops)
		}
	}
	return s.templates.Render(w, http.StatusOK, "revisions", data)
}
