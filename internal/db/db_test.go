package db_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
)

func TestMigrateIsIdempotentAndVersioned(t *testing.T) {
	for _, dialect := range dbtest.Dialects {
		t.Run(string(dialect), func(t *testing.T) {
			ctx := context.Background()
			d := dbtest.OpenEmpty(t, dialect)
			var behind db.ErrSchemaBehind
			if err := d.CheckSchema(ctx); !errors.As(err, &behind) || behind.Have != 0 {
				t.Fatalf("empty database: CheckSchema = %v, want ErrSchemaBehind from 0", err)
			}
			applied, err := d.Migrate(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(applied) == 0 || applied[len(applied)-1] != d.LatestVersion() {
				t.Fatalf("applied %v, latest %d", applied, d.LatestVersion())
			}
			again, err := d.Migrate(ctx)
			if err != nil || len(again) != 0 {
				t.Fatalf("second migrate applied %v, err %v", again, err)
			}
			if err := d.CheckSchema(ctx); err != nil {
				t.Fatalf("CheckSchema after migrate: %v", err)
			}
		})
	}
}

func TestTransactionRollsBackOnError(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		boom := errors.New("boom")
		err := d.InTx(ctx, func(tx *db.Tx) error {
			if _, err := tx.Exec(ctx, "INSERT INTO settings (key, value) VALUES (?, ?)", "k", "v"); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx = %v, want boom", err)
		}
		var n int
		if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM settings WHERE key = ?", "k").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatalf("rolled back row is visible")
		}
	})
}

func TestTimesRoundTripInUTC(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		when := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
		var id int64
		err := d.InTx(ctx, func(tx *db.Tx) error {
			var err error
			id, err = tx.InsertID(ctx, "INSERT INTO sections (slug, name_en, name_as, position, created_at) VALUES (?, ?, ?, ?, ?)", "s", "S", "চ", 1, when)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		var got time.Time
		if err := d.QueryRow(ctx, "SELECT created_at FROM sections WHERE id = ?", id).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if !got.Equal(when) {
			t.Fatalf("got %v, want %v", got, when)
		}
	})
}

func TestOpenRefusesUnwritableDataFolder(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := db.Open(context.Background(), db.Options{DataDir: filepath.Join(blocker, "data")})
	if err == nil {
		t.Fatal("Open succeeded with a data folder under a regular file")
	}
}

func TestOpenRejectsUnknownURL(t *testing.T) {
	if _, err := db.Open(context.Background(), db.Options{URL: "mysql://x"}); err == nil {
		t.Fatal("want an error for a non-postgres URL")
	}
}

func TestRebind(t *testing.T) {
	cases := []struct{ in, sqlite, pg string }{
		{"SELECT 1", "SELECT 1", "SELECT 1"},
		{"a = ? AND b IN (?, ?)", "a = ? AND b IN (?, ?)", "a = $1 AND b IN ($2, $3)"},
	}
	for _, c := range cases {
		if got := (&db.DB{Dialect: db.SQLite}).Rebind(c.in); got != c.sqlite {
			t.Errorf("sqlite %q = %q", c.in, got)
		}
		if got := (&db.DB{Dialect: db.Postgres}).Rebind(c.in); got != c.pg {
			t.Errorf("pg %q = %q", c.in, got)
		}
	}
}

func TestIDsReadsOneColumnFromThePoolOrATransaction(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for _, k := range []string{"b", "a", "c"} {
			if _, err := d.Exec(ctx, "INSERT INTO settings (key, value) VALUES (?, ?)", "ids-"+k, k); err != nil {
				t.Fatal(err)
			}
		}
		const q = "SELECT LENGTH(key) * 10 + LENGTH(value) FROM settings WHERE key LIKE 'ids-%' ORDER BY key DESC"
		got, err := db.IDs(ctx, d, q)
		if err != nil || len(got) != 3 || got[0] != 51 {
			t.Fatalf("IDs from the pool = %v, %v", got, err)
		}
		err = d.InTx(ctx, func(tx *db.Tx) error {
			if _, err := tx.Exec(ctx, "INSERT INTO settings (key, value) VALUES (?, ?)", "ids-d", "dd"); err != nil {
				return err
			}
			got, err = db.IDs(ctx, tx, q) // sees the transaction's own row
			return err
		})
		if err != nil || len(got) != 4 || got[0] != 52 {
			t.Fatalf("IDs in a transaction = %v, %v", got, err)
		}
		if got, err := db.IDs(ctx, d, "SELECT 1 FROM settings WHERE key = ?", "none"); err != nil || got != nil {
			t.Fatalf("IDs of no rows = %v, %v", got, err)
		}
	})
}
