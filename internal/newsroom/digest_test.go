package newsroom_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/digest"
	"github.com/batori-news/batori/internal/locale"
)

// TestDigestSubscribersPage: admins list the digest's subscribers by state, mark one bounced,
// remove one and export them all as CSV; each action leaves an audit entry.
func TestDigestSubscribersPage(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		c := e.setupAdmin()
		for i, addr := range []string{"one@example.org", "two@example.org"} {
			if err := e.app.Digest.Subscribe(ctx, digest.Request{Email: addr, Lang: locale.Langs()[i], Client: "192.0.2.4"}); err != nil {
				t.Fatal(err)
			}
		}
		p := c.get("/newsroom/digest?state=pending")
		wantPage(t, p, "digest")
		rows := p.Doc.Find("table.digest-subscribers tbody tr")
		if rows.Length() != 2 || !strings.Contains(rows.Text(), "two@example.org") {
			t.Fatalf("%d subscribers listed:\n%s", rows.Length(), rows.Text())
		}
		list, _, err := e.app.Digest.List(ctx, digest.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		p = c.post("/newsroom/digest/"+strconv.FormatInt(list[0].ID, 10)+"/bounce", nil)
		wantStatus(t, p, http.StatusSeeOther)
		p = c.post("/newsroom/digest/"+strconv.FormatInt(list[1].ID, 10)+"/remove", nil)
		wantStatus(t, p, http.StatusSeeOther)
		p = c.get("/newsroom/digest/export.csv")
		wantStatus(t, p, http.StatusOK)
		recs, err := csv.NewReader(strings.NewReader(p.Body)).ReadAll()
		if err != nil || len(recs) != 2 || recs[1][1] != list[0].Email || recs[1][4] != "bounced" {
			t.Errorf("export: %q, %v", recs, err)
		}
		var n int
		if err := e.app.DB.QueryRow(ctx, "SELECT COUNT(*) FROM audit_events WHERE action IN ('digest_bounce', 'digest_remove', 'digest_export')").Scan(&n); err != nil || n != 3 {
			t.Errorf("audit entries %d, %v; want 3", n, err)
		}
		if p := e.client("anon").get("/newsroom/digest"); p.Status == http.StatusOK {
			t.Error("the subscriber list is open without a login")
		}
	})
}
