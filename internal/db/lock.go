package db

import (
	"context"
	"database/sql"
)

// QueryRowLocked runs the single-row query q inside tx and keeps the row it read locked until
// the transaction ends, so that what the caller checks (a status, an owner) cannot change
// before it writes. When q joins several tables, of names the table or alias whose row is
// locked; "" locks the rows of every table q reads.
//
// On PostgreSQL this appends FOR UPDATE [OF of] to q, which must therefore end where that
// clause may follow (no trailing LIMIT after it, no semicolon). SQLite has no row locks and
// needs none: every write transaction begins IMMEDIATE on the single writer connection, so no
// other writer runs until this one ends.
func (tx *Tx) QueryRowLocked(ctx context.Context, of, q string, args ...any) *sql.Row {
	return tx.QueryRow(ctx, q+forUpdate(tx.dialect, of), args...)
}

// forUpdate is the row-lock clause of dialect d.
func forUpdate(d Dialect, of string) string {
	if d != Postgres {
		return ""
	}
	if of == "" {
		return " FOR UPDATE"
	}
	return " FOR UPDATE OF " + of
}
