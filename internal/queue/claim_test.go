package queue_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/queue"
)

// TestClaimSettleRelease: a claim takes the longest-waiting due jobs and leases them; a leased
// or future job is not taken; only the claim's token records an outcome; a job handed back is
// due again with its attempt uncounted.
func TestClaimSettleRelease(t *testing.T) {
	for _, dialect := range dbtest.Dialects {
		t.Run(string(dialect), func(t *testing.T) {
			ctx := context.Background()
			d := dbtest.OpenEmpty(t, dialect)
			timeType := "TIMESTAMP"
			if d.Dialect == db.Postgres {
				timeType = "TIMESTAMPTZ"
			}
			if _, err := d.Exec(ctx, `CREATE TABLE jobs (id INTEGER PRIMARY KEY, status TEXT NOT NULL DEFAULT 'queued',
				attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at `+timeType+` NOT NULL, locked_until `+timeType+`,
				lease_token TEXT, what TEXT NOT NULL)`); err != nil {
				t.Fatal(err)
			}
			now := time.Now().UTC().Truncate(time.Microsecond)
			for i, due := range []time.Duration{-3 * time.Minute, -2 * time.Minute, -time.Minute, time.Hour} {
				if _, err := d.Exec(ctx, "INSERT INTO jobs (id, next_attempt_at, what) VALUES (?, ?, ?)", i+1, now.Add(due), string(rune('a'+i))); err != nil {
					t.Fatal(err)
				}
			}
			q := queue.Table{DB: d, Name: "jobs"}
			claim := func(n int) queue.Batch[string] {
				t.Helper()
				b, err := queue.Claim(ctx, q, now, n, time.Hour, "what", func(into func(...any) error) (string, error) {
					var s string
					return s, into(&s)
				})
				if err != nil {
					t.Fatal(err)
				}
				return b
			}
			first := claim(2)
			if len(first.Jobs) != 2 || first.Jobs[0] != (queue.Job[string]{ID: 1, Attempts: 1, Data: "a"}) ||
				first.Jobs[1] != (queue.Job[string]{ID: 2, Attempts: 1, Data: "b"}) || first.Token == "" {
				t.Fatalf("first claim %+v", first)
			}
			if second := claim(10); len(second.Jobs) != 1 || second.Jobs[0].ID != 3 || second.Token == first.Token {
				t.Fatalf("second claim %+v: want job 3 alone, under its own token", second)
			}
			if ok, err := q.Settle(ctx, 1, "another worker's token", "status = 'sent'"); err != nil || ok {
				t.Errorf("settled under a stranger's token: %v, %v", ok, err)
			}
			if ok, err := q.Settle(ctx, 1, first.Token, "status = 'sent'"); err != nil || !ok {
				t.Errorf("settle under the claim's token: %v, %v", ok, err)
			}
			w := queue.Worker[string]{Name: "jobs", Table: q, Log: slog.New(slog.DiscardHandler)}
			w.Release(ctx, first.Token, first.Jobs[1])
			if again := claim(10); len(again.Jobs) != 1 || again.Jobs[0] != (queue.Job[string]{ID: 2, Attempts: 1, Data: "b"}) {
				t.Fatalf("after the hand-back: %+v, want job 2 again with one attempt", again)
			}
		})
	}
}
