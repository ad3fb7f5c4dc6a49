package db_test

import (
	"context"
	"strconv"
	"sync"
	"testing"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
)

// Concurrent read-check-write transactions through QueryRowLocked lose no update: each sees
// the value the previous one wrote. Without the lock, PostgreSQL's READ COMMITTED lets two
// transactions read the same value and both write value+1.
func TestQueryRowLockedSerialisesWriters(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := d.Exec(ctx, "INSERT INTO settings (key, value) VALUES ('counter', '0')"); err != nil {
			t.Fatal(err)
		}
		const workers, rounds = 6, 5
		var wg sync.WaitGroup
		errs := make(chan error, workers*rounds)
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range rounds {
					errs <- d.InTx(ctx, func(tx *db.Tx) error {
						var v string
						// A join, so that the lock must name the table whose row it holds.
						if err := tx.QueryRowLocked(ctx, "s", `SELECT s.value FROM settings s
							JOIN schema_migrations m ON m.version = 1 WHERE s.key = ?`, "counter").Scan(&v); err != nil {
							return err
						}
						n, err := strconv.Atoi(v)
						if err != nil {
							return err
						}
						_, err = tx.Exec(ctx, "UPDATE settings SET value = ? WHERE key = 'counter'", strconv.Itoa(n+1))
						return err
					})
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
		var v string
		if err := d.QueryRow(ctx, "SELECT value FROM settings WHERE key = 'counter'").Scan(&v); err != nil {
			t.Fatal(err)
		}
		if v != strconv.Itoa(workers*rounds) {
			t.Fatalf("counter = %s after %d locked increments", v, workers*rounds)
		}
	})
}
