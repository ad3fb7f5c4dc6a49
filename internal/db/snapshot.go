package db

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
)

// ColumnKind is what a column holds, the same in both dialects: an archive writes and reads
// values by it.
type ColumnKind string

// The kinds of column.
const (
	KindInt  ColumnKind = "int"
	KindBool ColumnKind = "bool"
	KindTime ColumnKind = "time"
	KindText ColumnKind = "text"
	KindReal ColumnKind = "real"
	KindBlob ColumnKind = "blob"
)

// Column is a column of a table.
type Column struct {
	Name string
	Kind ColumnKind
}

// Table is a table of the schema: its columns in order and the tables it references.
type Table struct {
	Name    string
	Columns []Column
	Refs    []string
}

// Tables lists the schema's tables (schema_migrations aside), each after every table it
// references, so that rows written in this order satisfy their foreign keys. SQLite's
// virtual tables and their shadow tables are left out: they are built from the others.
func (db *DB) Tables(ctx context.Context) ([]Table, error) {
	var names []string
	var q string
	if db.Dialect == Postgres {
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
	} else {
		q = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
	}
	rows, err := db.w.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("list tables: %w", err)
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return nil, err
		}
		if n != "schema_migrations" {
			names = append(names, n)
		}
	}
	rows.Close()
	if db.Dialect == SQLite {
		names, err = db.withoutVirtual(ctx, names)
		if err != nil {
			return nil, err
		}
	}
	byName := map[string]*Table{}
	for _, n := range names {
		t := &Table{Name: n}
		if t.Columns, err = db.columns(ctx, n); err != nil {
			return nil, err
		}
		if t.Refs, err = db.refs(ctx, n); err != nil {
			return nil, err
		}
		byName[n] = t
	}
	// Depth-first: a table after the tables it references.
	var out []Table
	state := map[string]int{}
	var visit func(n string)
	visit = func(n string) {
		if state[n] != 0 {
			return
		}
		state[n] = 1
		for _, r := range byName[n].Refs {
			if _, ok := byName[r]; ok && r != n {
				visit(r)
			}
		}
		state[n] = 2
		out = append(out, *byName[n])
	}
	for _, n := range names {
		visit(n)
	}
	return out, nil
}

func (db *DB) withoutVirtual(ctx context.Context, names []string) ([]string, error) {
	rows, err := db.w.QueryContext(ctx, "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var virtual []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		virtual = append(virtual, n)
	}
	var out []string
	for _, n := range names {
		skip := false
		for _, v := range virtual {
			if n == v || strings.HasPrefix(n, v+"_") {
				skip = true
			}
		}
		if !skip {
			out = append(out, n)
		}
	}
	return out, rows.Err()
}

func (db *DB) columns(ctx context.Context, table string) ([]Column, error) {
	var q string
	if db.Dialect == Postgres {
		// Generated columns (a search vector) are made from the others, never written.
		q = `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1
			AND is_generated = 'NEVER' ORDER BY ordinal_position`
	} else {
		q = "SELECT name, type FROM pragma_table_info(?) ORDER BY cid"
	}
	rows, err := db.w.QueryContext(ctx, q, table)
	if err != nil {
		return nil, fmt.Errorf("columns of %s: %w", table, err)
	}
	defer rows.Close()
	var out []Column
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			return nil, err
		}
		out = append(out, Column{Name: name, Kind: kindOf(strings.ToLower(typ))})
	}
	return out, rows.Err()
}

func kindOf(typ string) ColumnKind {
	switch {
	case typ == "boolean":
		return KindBool
	case strings.Contains(typ, "int"):
		return KindInt
	case strings.Contains(typ, "time") || typ == "date":
		return KindTime
	case typ == "real" || typ == "double precision" || typ == "numeric" || strings.HasPrefix(typ, "float"):
		return KindReal
	case typ == "blob" || typ == "bytea":
		return KindBlob
	}
	return KindText
}

func (db *DB) refs(ctx context.Context, table string) ([]string, error) {
	var q string
	if db.Dialect == Postgres {
		q = `SELECT DISTINCT cr.relname FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class cr ON cr.oid = c.confrelid
			WHERE c.contype = 'f' AND t.relname = $1 AND t.relnamespace = current_schema()::regnamespace`
	} else {
		q = `SELECT DISTINCT "table" FROM pragma_foreign_key_list(?)`
	}
	rows, err := db.w.QueryContext(ctx, q, table)
	if err != nil {
		return nil, fmt.Errorf("references of %s: %w", table, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	sort.Strings(out)
	return out, rows.Err()
}

// Snapshot runs fn on a read-only transaction that sees the database as it was when it
// began, whatever commits meanwhile (an export while the site serves): REPEATABLE READ on
// PostgreSQL, a read transaction on one of SQLite's reader connections (WAL keeps its view).
func (db *DB) Snapshot(ctx context.Context, fn func(q Querier) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if db.Dialect == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := db.r.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin snapshot: %w", err)
	}
	defer tx.Rollback()
	if db.Dialect == SQLite {
		// A SQLite read transaction takes its snapshot at its first read.
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM sqlite_master").Scan(&n); err != nil {
			return err
		}
	}
	return fn(snapshot{tx: tx, d: db.Dialect})
}

type snapshot struct {
	tx *sql.Tx
	d  Dialect
}

func (s snapshot) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return s.tx.QueryContext(ctx, rebind(s.d, q), args...)
}
