package newsroom

import (
	"encoding/csv"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/batori-news/batori/internal/digest"
)

// digestPage is the data of newsroom/pages/digest.html: the morning digest's subscribers.
type digestPage struct {
	page
	State  string
	States []digest.State
	Counts map[digest.State]int
	Items  []digestRow
	Total  int
	Prev   string
	Next   string
}

// digestRow is one subscriber as the list shows it.
type digestRow struct {
	digest.Subscriber
	SectionNames string
}

// digestSubscribers lists the subscribers for admins, by state, with their counts.
func (s *Server) digestSubscribers(w http.ResponseWriter, r *http.Request) error {
	state := digest.State(r.URL.Query().Get("state"))
	if state != "" && !validState(state) {
		return errNotFound
	}
	n := 1
	if v := r.URL.Query().Get("page"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 {
			return errNotFound
		}
	}
	const per = 50
	ctx := r.Context()
	subs, total, err := s.digest.List(ctx, digest.Filter{State: state, Limit: per, Offset: (n - 1) * per})
	if err != nil {
		return err
	}
	counts, err := s.digest.Counts(ctx)
	if err != nil {
		return err
	}
	secs, err := s.news.Sections(ctx)
	if err != nil {
		return err
	}
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_digest_title")
	data := digestPage{page: p, State: string(state), States: digest.States(), Counts: map[digest.State]int{}, Total: total}
	for _, c := range counts {
		data.Counts[c.State] += c.N
	}
	names := map[int64]string{}
	for _, sec := range secs {
		names[sec.ID] = sec.Name.In(p.L.Lang())
	}
	for _, sub := range subs {
		row := digestRow{Subscriber: sub}
		var list []string
		for _, id := range sub.Sections {
			list = append(list, names[id])
		}
		row.SectionNames = strings.Join(list, ", ")
		if row.SectionNames == "" {
			row.SectionNames = p.L.T("nr_digest_sections_all")
		}
		data.Items = append(data.Items, row)
	}
	if n > 1 {
		data.Prev = withQuery(r.URL, "page", strconv.Itoa(n-1))
	}
	if n*per < total {
		data.Next = withQuery(r.URL, "page", strconv.Itoa(n+1))
	}
	return s.templates.Render(w, http.StatusOK, "digest", data)
}

func validState(st digest.State) bool {
	for _, v := range digest.States() {
		if v == st {
			return true
		}
	}
	return false
}

// digestAction removes a subscriber or marks it bounced, noted in the audit log.
func (s *Server) digestAction(do func(s *Server, r *http.Request, id, actor int64) error, flash string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
		if err != nil {
			return errNotFound
		}
		u, _ := userFrom(r.Context())
		err = do(s, r, id, u.ID)
		if errors.Is(err, digest.ErrNotFound) {
			return s.redirect(w, r, "/newsroom/digest", "nr_digest_not_found")
		}
		if err != nil {
			return err
		}
		return s.redirect(w, r, "/newsroom/digest", flash)
	}
}

func removeSubscriber(s *Server, r *http.Request, id, actor int64) error {
	return s.digest.Remove(r.Context(), id, actor)
}

func bounceSubscriber(s *Server, r *http.Request, id, actor int64) error {
	return s.digest.Bounce(r.Context(), id, actor)
}

// digestExport sends every subscriber as CSV, noted in the audit log.
func (s *Server) digestExport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	u, _ := userFrom(ctx)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="digest-subscribers.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	cw := csv.NewWriter(w)
	cw.Write(digest.CSVHeader())
	rows := 0
	err := s.digest.Each(ctx, digest.Filter{}, func(sub digest.Subscriber) error {
		rows++
		return cw.Write(digest.CSVRecord(sub))
	})
	cw.Flush()
	if err != nil {
		// The header is gone: the truncated file is the best answer left; the log says why.
		s.log.Error("digest export failed", "err", err)
		return nil
	}
	if err := s.digest.NoteExport(ctx, u.ID, rows); err != nil {
		s.log.Error("digest export: audit entry failed", "err", err)
	}
	return nil
}
