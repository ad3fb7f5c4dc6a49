package newsroom

import (
	"net/http"
	"strconv"

	"github.com/batori-news/batori/internal/people"
)

// securityLogPage is the data of newsroom/pages/security.html: one page of the security log,
// newest first, perhaps of one kind.
type securityLogPage struct {
	page
	Kind    string
	Kinds   []people.SecurityKind
	Entries []people.SecurityEntry
	Total   int
	Next    string
	Prev    string
}

// securityLogPer is how many entries one page of the security log shows.
const securityLogPer = 50

// securityLog shows admins who logged in, who failed, who was locked out, and every change
// to two-step login, roles, passwords and the setup.
func (s *Server) securityLog(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var kind people.SecurityKind
	if v := q.Get("kind"); v != "" {
		k, ok := people.ParseSecurityKind(v)
		if !ok {
			return errNotFound
		}
		kind = k
	}
	n := 1
	if v := q.Get("page"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil || n < 1 || n > 1_000_000 {
			return errNotFound
		}
	}
	entries, total, err := s.people.SecurityLog(r.Context(), people.SecurityFilter{Kind: kind, Limit: securityLogPer, Offset: (n - 1) * securityLogPer})
	if err != nil {
		return err
	}
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_sec_title")
	data := securityLogPage{page: p, Kind: string(kind), Kinds: people.SecurityKinds, Entries: entries, Total: total}
	if n > 1 {
		data.Prev = withQuery(r.URL, "page", strconv.Itoa(n-1))
	}
	if n*securityLogPer < total {
		data.Next = withQuery(r.URL, "page", strconv.Itoa(n+1))
	}
	return s.templates.Render(w, http.StatusOK, "security", data)
}
