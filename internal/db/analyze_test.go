package db_test

import (
	"context"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
)

// TestPostgresStatisticsAtOpen: a table loaded in bulk since its statistics were gathered (here
// never) is analyzed when the database is next opened, so the planner knows its size even
// where autovacuum is off or has not run yet.
func TestPostgresStatisticsAtOpen(t *testing.T) {
	url := dbtest.NewPostgresSchema(t)
	ctx := context.Background()
	d, err := db.Open(ctx, db.Options{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	w := d.Writer()
	for _, q := range []string{
		"CREATE TABLE bulk (id INTEGER PRIMARY KEY, v TEXT NOT NULL)",
		"INSERT INTO bulk SELECT g, 'row' FROM generate_series(1, 2000) g",
	} {
		if _, err := w.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	// The server counts the insert once the session reports it (within a second or so).
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		var mods int64
		if err := w.QueryRowContext(ctx, "SELECT COALESCE(MAX(n_mod_since_analyze), 0) FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname = 'bulk'").Scan(&mods); err != nil {
			t.Fatal(err)
		}
		if mods >= 2000 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server counted %d changed rows of bulk, want 2000", mods)
		}
	}
	db.WaitAnalyzed(d)
	d.Close()

	d, err = db.Open(ctx, db.Options{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	db.WaitAnalyzed(d)
	var tuples float64
	if err := d.Writer().QueryRowContext(ctx, "SELECT reltuples FROM pg_class WHERE oid = 'bulk'::regclass").Scan(&tuples); err != nil {
		t.Fatal(err)
	}
	if tuples != 2000 {
		t.Errorf("the planner believes bulk holds %v rows after a reopen, want 2000", tuples)
	}
}
