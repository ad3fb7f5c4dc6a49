package db

import (
	"context"
	"database/sql"
)

// Querier is what reads need: the database's reader pool or a write transaction, so one
// helper serves a read before a transaction and the same read inside one.
type Querier interface {
	Query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
}

// IDs runs q, whose rows hold one integer column, and returns the column in row order.
func IDs(ctx context.Context, from Querier, q string, args ...any) ([]int64, error) {
	rows, err := from.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
