package db_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
)

// Reserved ids are fresh, rows with them go in over several statements, and a later ordinary
// insert gets an id of its own.
func TestReserveIDsAndInsertRows(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		const n = 25_000 // three statements of at most 10,000 three-column rows
		err := d.InTx(ctx, func(tx *db.Tx) error {
			ids, err := tx.ReserveIDs(ctx, "tags", n)
			if err != nil {
				return err
			}
			rows := make([]any, 0, 4*n)
			for i, id := range ids {
				rows = append(rows, id, "t"+strconv.Itoa(i), "T", "ট")
			}
			return tx.InsertRows(ctx, "tags", []string{"id", "slug", "name_en", "name_as"}, rows)
		})
		if err != nil {
			t.Fatal(err)
		}
		err = d.InTx(ctx, func(tx *db.Tx) error {
			_, err := tx.InsertID(ctx, "INSERT INTO tags (slug, name_en, name_as) VALUES ('after', 'A', 'A')")
			return err
		})
		if err != nil {
			t.Fatalf("insert after the bulk load: %v", err)
		}
		var count, distinct int
		if err := d.QueryRow(ctx, "SELECT COUNT(*), COUNT(DISTINCT id) FROM tags").Scan(&count, &distinct); err != nil {
			t.Fatal(err)
		}
		if count != n+1 || distinct != n+1 {
			t.Fatalf("%d rows with %d ids, want %d", count, distinct, n+1)
		}
		err = d.InTx(ctx, func(tx *db.Tx) error {
			return tx.InsertRows(ctx, "tags", []string{"slug", "name_en"}, []any{"x"})
		})
		if err == nil {
			t.Fatal("a row with a missing value was accepted")
		}
	})
}
