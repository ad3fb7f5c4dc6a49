package db

import (
	"context"
	"database/sql"
	"fmt"
)

// Claim describes work that several workers take from one queue table, each row by one worker
// at a time: which rows are due, which come first, how many one worker takes, and what taking
// them writes. Leases are data in the row: Where says when a row is free again (its lease ran
// out), Set writes the new lease (and counts an attempt), so a worker that dies only delays its
// rows until their lease ends.
type Claim struct {
	// Table is the queue; it must have an id column.
	Table string
	// Where selects the rows that may be taken now, with ? placeholders for WhereArgs. Column
	// names are unqualified.
	Where     string
	WhereArgs []any
	// Order says which due rows are taken first, e.g. "next_attempt_at, id".
	Order string
	// Limit is the most rows one claim takes.
	Limit int
	// Set is the assignment list written to the rows taken (lease, attempt count), with ?
	// placeholders for SetArgs; unqualified columns.
	Set     string
	SetArgs []any
	// Returning lists the columns returned for each row taken; unqualified.
	Returning string
}

// Claim takes the rows c describes for this transaction's worker and returns Returning of each,
// in no particular order. Picking and writing the lease are one statement, so two workers
// claiming at once never take the same row:
//
//   - On PostgreSQL several nodes claim at once. The due rows are picked FOR UPDATE SKIP
//     LOCKED, so a worker passes over rows another is taking instead of waiting for them; a row
//     whose lease another worker has just written is re-checked against Where and left out. The
//     pick sits in a CTE because PostgreSQL evaluates such a CTE once, whereas an IN (subquery)
//     with LIMIT may be run again by the planner.
//   - SQLite has one writer: the UPDATE both picks and leases the rows, and no other claim runs
//     until this transaction ends.
func (tx *Tx) Claim(ctx context.Context, c Claim) (*sql.Rows, error) {
	if c.Table == "" || c.Where == "" || c.Order == "" || c.Set == "" || c.Returning == "" || c.Limit <= 0 {
		return nil, fmt.Errorf("claim from %q: table, where, order, set, returning and a positive limit are required", c.Table)
	}
	if tx.dialect == Postgres {
		q := `WITH due AS (
	SELECT id AS claimed_id FROM ` + c.Table + `
	WHERE (` + c.Where + `)
	ORDER BY ` + c.Order + `
	LIMIT ?
	FOR UPDATE SKIP LOCKED
)
UPDATE ` + c.Table + ` SET ` + c.Set + `
FROM due WHERE ` + c.Table + `.id = due.claimed_id
RETURNING ` + c.Returning
		args := append(append(append([]any{}, c.WhereArgs...), c.Limit), c.SetArgs...)
		return tx.Query(ctx, q, args...)
	}
	q := `UPDATE ` + c.Table + ` SET ` + c.Set + `
WHERE id IN (
	SELECT id FROM ` + c.Table + `
	WHERE (` + c.Where + `)
	ORDER BY ` + c.Order + `
	LIMIT ?
)
RETURNING ` + c.Returning
	args := append(append(append([]any{}, c.SetArgs...), c.WhereArgs...), c.Limit)
	return tx.Query(ctx, q, args...)
}
