package db_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
)

// jobQueue makes a queue table of n free jobs, leased through locked_until like the outbox.
func jobQueue(t *testing.T, d *db.DB, n int) {
	t.Helper()
	ctx := context.Background()
	timeType := "TIMESTAMP"
	if d.Dialect == db.Postgres {
		timeType = "TIMESTAMPTZ"
	}
	if _, err := d.Exec(ctx, "CREATE TABLE jobs (id INTEGER PRIMARY KEY, locked_until "+timeType+", owner TEXT NOT NULL DEFAULT '', takes INTEGER NOT NULL DEFAULT 0)"); err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= n; i++ {
		if _, err := d.Exec(ctx, "INSERT INTO jobs (id) VALUES (?)", i); err != nil {
			t.Fatal(err)
		}
	}
}

type taken struct {
	id, takes int
	owner     string
}

// claimJobs leases up to limit free jobs at now for owner until now+lease.
func claimJobs(ctx context.Context, d *db.DB, owner string, limit int, now time.Time, lease time.Duration) ([]taken, error) {
	var out []taken
	err := d.InTx(ctx, func(tx *db.Tx) error {
		out = out[:0]
		rows, err := tx.Claim(ctx, db.Claim{
			Table:     "jobs",
			Where:     "locked_until IS NULL OR locked_until <= ?",
			WhereArgs: []any{now},
			Order:     "id",
			Limit:     limit,
			Set:       "locked_until = ?, owner = ?, takes = takes + 1",
			SetArgs:   []any{now.Add(lease), owner},
			Returning: "id, takes, owner",
		})
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var j taken
			if err := rows.Scan(&j.id, &j.takes, &j.owner); err != nil {
				return err
			}
			out = append(out, j)
		}
		return rows.Err()
	})
	slices.SortFunc(out, func(a, b taken) int { return a.id - b.id })
	return out, err
}

// Workers claiming at once share the queue out: every job is taken exactly once, by the
// worker whose lease the row holds.
func TestClaimNeverGivesOneJobToTwoWorkers(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		const jobs, workers = 60, 4
		jobQueue(t, d, jobs)
		now := time.Now().UTC().Truncate(time.Microsecond)
		var mu sync.Mutex
		got := map[int][]string{}
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				owner := fmt.Sprintf("w%d", w)
				for {
					batch, err := claimJobs(ctx, d, owner, 3, now, time.Hour)
					if err != nil || len(batch) == 0 {
						errs <- err
						return
					}
					mu.Lock()
					for _, j := range batch {
						got[j.id] = append(got[j.id], owner)
						if j.owner != owner || j.takes != 1 {
							t.Errorf("job %d returned owner %s takes %d to %s", j.id, j.owner, j.takes, owner)
						}
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if len(got) != jobs {
			t.Fatalf("%d of %d jobs claimed", len(got), jobs)
		}
		for id, owners := range got {
			if len(owners) != 1 {
				t.Errorf("job %d claimed by %v", id, owners)
			}
			var owner string
			if err := d.QueryRow(ctx, "SELECT owner FROM jobs WHERE id = ?", id).Scan(&owner); err != nil || owner != owners[0] {
				t.Errorf("job %d: row owner %q (%v), claimed by %v", id, owner, err, owners)
			}
		}
	})
}

// A job stays with its worker while the lease runs and goes to the next claimer once the
// lease has ended (its worker died); claims take the oldest due jobs first, up to the limit.
func TestClaimReclaimsExpiredLeases(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		jobQueue(t, d, 3)
		t0 := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
		first, err := claimJobs(ctx, d, "a", 2, t0, time.Minute)
		if err != nil || len(first) != 2 || first[0].id != 1 || first[1].id != 2 {
			t.Fatalf("first claim = %v, %v; want jobs 1 and 2", first, err)
		}
		// Within the lease only job 3 is free.
		second, err := claimJobs(ctx, d, "b", 5, t0.Add(59*time.Second), time.Minute)
		if err != nil || len(second) != 1 || second[0].id != 3 {
			t.Fatalf("claim during lease = %v, %v; want job 3 only", second, err)
		}
		// Once a's lease has ended its jobs go to c, counted as a second take; b's lease
		// (until t0+119s) still holds job 3.
		third, err := claimJobs(ctx, d, "c", 5, t0.Add(time.Minute), time.Minute)
		want := []taken{{1, 2, "c"}, {2, 2, "c"}}
		if err != nil || !slices.Equal(third, want) {
			t.Fatalf("claim after lease = %v, %v; want %v", third, err, want)
		}
		var lease sql.NullTime
		if err := d.QueryRow(ctx, "SELECT locked_until FROM jobs WHERE id = 1").Scan(&lease); err != nil || !lease.Time.Equal(t0.Add(2*time.Minute)) {
			t.Fatalf("job 1 leased until %v (%v), want %v", lease.Time, err, t0.Add(2*time.Minute))
		}
	})
}

func TestClaimRefusesAnIncompleteDescription(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		err := d.InTx(context.Background(), func(tx *db.Tx) error {
			_, err := tx.Claim(context.Background(), db.Claim{Table: "outbox", Where: "1 = 1", Order: "id", Set: "attempts = 0", Returning: "id"})
			return err
		})
		if err == nil {
			t.Fatal("a claim without a limit ran")
		}
	})
}
