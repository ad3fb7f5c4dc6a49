package newsroom

import (
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
)

// revisionsPage is the data of newsroom/pages/revisions.html: the saves of a story's edition
// or of a static page's, and the word differences between the two chosen.
type revisionsPage struct {
	page
	Lang locale.Lang
	// Subject is what was revised (a headline, a page's title); EditURL its editor, and
	// ListURL/ListName the newsroom list it belongs to, for the crumbs.
	Subject           string
	EditURL           string
	ListURL, ListName string
	Revisions         []revisionRow
	// A and B are the revisions compared, older and newer; 0 when there is nothing to compare.
	A, B int
	Diff []diffRun
}

// revisionRow is one save in the list.
type revisionRow struct {
	Number    int
	Headline  string
	UserID    int64
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
	data := revisionsPage{page: p, Lang: st.lang, Subject: st.edition.Headline, EditURL: editionURL(st.storyID, st.lang),
		ListURL: "/newsroom/stories", ListName: p.L.T("desk_stories_title")}
	for _, rv := range revs {
		data.Revisions = append(data.Revisions, revisionRow{Number: rv.Number, Headline: rv.Headline, UserID: rv.UserID, CreatedAt: rv.CreatedAt})
	}
	// Only the two compared revisions' texts are read.
	return s.renderRevisions(w, r, data, func(a, b int) (string, string, error) {
		ra, rb, err := s.news.RevisionPair(ctx, st.edition.ID, a, b)
		return ra.Text(), rb.Text(), err
	})
}

// renderRevisions completes data (the savers' names, the pair compared: ?a=&b=, by default
// the last two) and renders it; texts gives the words of the two revisions compared.
func (s *Server) renderRevisions(w http.ResponseWriter, r *http.Request, data revisionsPage, texts func(a, b int) (string, string, error)) error {
	names := map[int64]string{}
	for i, rv := range data.Revisions {
		if _, ok := names[rv.UserID]; !ok && rv.UserID != 0 {
			if u, err := s.people.Get(r.Context(), rv.UserID); err == nil {
				names[rv.UserID] = u.Name
			}
		}
		data.Revisions[i].UserName = names[rv.UserID]
	}
	if len(data.Revisions) >= 2 {
		data.A, data.B = data.Revisions[1].Number, data.Revisions[0].Number
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
		ta, tb, err := texts(data.A, data.B)
		if err != nil {
			return err
		}
		ops := news.DiffWords(ta, tb)
		// Two revisions with the same words show a note rather than an unmarked text.
		if slices.ContainsFunc(ops, func(op news.DiffOp) bool { return op.Kind != "equal" }) {
			data.Diff = diffRuns(ops)
		}
	}
	return s.templates.Render(w, http.StatusOK, "revisions", data)
}
