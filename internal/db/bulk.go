package db

import (
	"context"
	"fmt"
	"strings"
)

// bulkParams caps the placeholders of one multi-row INSERT, below both SQLite's (32766) and
// PostgreSQL's (65535) limits.
const bulkParams = 30000

// ReserveIDs returns n fresh ids of table, so that a bulk load can insert parent and child rows
// together without reading ids back. On SQLite the transaction holds the only writer, so the
// ids above the current largest are free; on PostgreSQL they are drawn from the identity
// sequence, like the default of an insert. table is a name from the caller's code, never input.
func (tx *Tx) ReserveIDs(ctx context.Context, table string, n int) ([]int64, error) {
	if n <= 0 {
		return nil, nil
	}
	ids := make([]int64, 0, n)
	if tx.dialect == Postgres {
		rows, err := tx.Query(ctx, "SELECT nextval(pg_get_serial_sequence('"+table+"', 'id')) FROM generate_series(1, ?)", n)
		if err != nil {
			return nil, fmt.Errorf("reserve %s ids: %w", table, err)
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return nil, err
			}
			ids = append(ids, id)
		}
		return ids, rows.Err()
	}
	var top int64
	if err := tx.QueryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM "+table).Scan(&top); err != nil {
		return nil, fmt.Errorf("reserve %s ids: %w", table, err)
	}
	for i := range n {
		ids = append(ids, top+1+int64(i))
	}
	return ids, nil
}

// InsertRows inserts rows into table with as few multi-row INSERT statements as the
// placeholder limits allow. args holds the rows one after another, len(cols) values each.
func (tx *Tx) InsertRows(ctx context.Context, table string, cols []string, args []any) error {
	width := len(cols)
	if width == 0 || len(args)%width != 0 {
		return fmt.Errorf("insert into %s: %d values for %d columns", table, len(args), width)
	}
	per := bulkParams / width
	row := "(" + In(width) + ")"
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	var full string // the statement for a whole chunk, built once
	for start := 0; start < len(args); start += per * width {
		end := min(len(args), start+per*width)
		n := (end - start) / width
		var q string
		if n == per && full != "" {
			q = full
		} else {
			q = head + strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
			if n == per {
				full = q
			}
		}
		if _, err := tx.Exec(ctx, q, args[start:end]...); err != nil {
			return fmt.Errorf("insert into %s: %w", table, err)
		}
	}
	return nil
}
