package db_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
)

// recorder is a subscriber that writes a row for every event inside the transaction and
// remembers what it was told after the commit.
type recorder struct {
	failOn    any
	committed [][]any
}

func (r *recorder) InTx(ctx context.Context, tx *db.Tx, events []any) error {
	for _, ev := range events {
		if ev == r.failOn {
			return errors.New("subscriber refused")
		}
		if _, err := tx.Exec(ctx, "INSERT INTO settings (key, value) VALUES (?, ?)", "ev:"+ev.(string), "1"); err != nil {
			return err
		}
		if ev == "first" {
			tx.Record("follow-up") // an event recorded by the subscriber is shown to it too
		}
	}
	return nil
}

func (r *recorder) Committed(_ context.Context, events []any) {
	r.committed = append(r.committed, events)
}

func TestRecordedEventsReachTheSubscriber(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		sub := &recorder{failOn: "bad"}
		d.Subscribe(sub)
		count := func(key string) int {
			var n int
			if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM settings WHERE key = ?", key).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}

		if err := d.InTx(ctx, func(tx *db.Tx) error { tx.Record("first"); return nil }); err != nil {
			t.Fatal(err)
		}
		if count("ev:first") != 1 || count("ev:follow-up") != 1 {
			t.Fatal("the subscriber's rows were not committed with the transaction")
		}
		if len(sub.committed) != 1 || !slices.Equal(sub.committed[0], []any{"first", "follow-up"}) {
			t.Fatalf("after commit the subscriber saw %v", sub.committed)
		}

		// A failing domain operation tells the subscriber nothing.
		boom := errors.New("boom")
		if err := d.InTx(ctx, func(tx *db.Tx) error { tx.Record("lost"); return boom }); !errors.Is(err, boom) {
			t.Fatalf("InTx = %v", err)
		}
		// A failing subscriber rolls the domain change back.
		err := d.InTx(ctx, func(tx *db.Tx) error {
			if _, err := tx.Exec(ctx, "INSERT INTO settings (key, value) VALUES (?, ?)", "domain", "1"); err != nil {
				return err
			}
			tx.Record("bad")
			return nil
		})
		if err == nil || count("domain") != 0 || count("ev:lost") != 0 {
			t.Fatalf("InTx = %v; a refused event must roll the change back", err)
		}
		if len(sub.committed) != 1 {
			t.Fatalf("rolled-back transactions reached Committed: %v", sub.committed)
		}
	})
}
