package db

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Migrations are numbered files NNNN_name.sql; a file NNNN_name.sqlite.sql or
// NNNN_name.postgres.sql replaces the shared one for that dialect only.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

func migrations(d Dialect) ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	byVersion := map[int]migration{}
	specific := map[int]bool{}
	for _, e := range entries {
		name := e.Name()
		base := strings.TrimSuffix(name, ".sql")
		dialect := ""
		if ext := path.Ext(base); ext == ".sqlite" || ext == ".postgres" {
			dialect = strings.TrimPrefix(ext, ".")
			base = strings.TrimSuffix(base, ext)
		}
		if dialect != "" && Dialect(dialect) != d {
			continue
		}
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and _", name)
		}
		if dialect == "" && specific[v] {
			continue
		}
		body, err := fs.ReadFile(migrationFiles, "migrations/"+name)
		if err != nil {
			return nil, err
		}
		if old, dup := byVersion[v]; dup && dialect == "" {
			return nil, fmt.Errorf("migrations %s and %s share version %d", old.name, name, v)
		}
		byVersion[v] = migration{version: v, name: name, sql: string(body)}
		if dialect != "" {
			specific[v] = true
		}
	}
	list := make([]migration, 0, len(byVersion))
	for _, m := range byVersion {
		list = append(list, m)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].version < list[j].version })
	return list, nil
}

// LatestVersion is the schema version this binary expects.
func (db *DB) LatestVersion() int {
	list, err := migrations(db.Dialect)
	if err != nil || len(list) == 0 {
		return 0
	}
	return list[len(list)-1].version
}

// SchemaVersion reports the version the database is at (0 for an empty database).
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var exists int
	q := "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
	if db.Dialect == Postgres {
		q = "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_migrations'"
	}
	if err := db.w.QueryRowContext(ctx, q).Scan(&exists); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	if exists == 0 {
		return 0, nil
	}
	var v int
	err := db.w.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return v, nil
}

// ErrSchemaBehind is returned by CheckSchema when migrations are pending.
type ErrSchemaBehind struct{ Have, Want int }

func (e ErrSchemaBehind) Error() string {
	return fmt.Sprintf("database schema is at version %d but this binary needs %d: run `batori migrate` or start with --migrate", e.Have, e.Want)
}

// CheckSchema returns ErrSchemaBehind when the database needs migrating, and an error when it
// is newer than this binary understands.
func (db *DB) CheckSchema(ctx context.Context) error {
	have, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	want := db.LatestVersion()
	switch {
	case have < want:
		return ErrSchemaBehind{Have: have, Want: want}
	case have > want:
		return fmt.Errorf("database schema is at version %d, newer than this binary's %d: upgrade batori", have, want)
	}
	return nil
}

// Migrate applies every pending migration, each in its own transaction together with its
// version row, and returns the versions it applied.
func (db *DB) Migrate(ctx context.Context) ([]int, error) {
	list, err := migrations(db.Dialect)
	if err != nil {
		return nil, err
	}
	create := "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMP NOT NULL)"
	if db.Dialect == Postgres {
		create = "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)"
	}
	if _, err := db.w.ExecContext(ctx, create); err != nil {
		return nil, fmt.Errorf("create schema_migrations: %w", err)
	}
	var applied []int
	for _, m := range list {
		done := false
		err := db.InTx(ctx, func(tx *Tx) error {
			if db.Dialect == Postgres {
				// Several nodes may start at once; one migrates, the others wait and then
				// find the version already there.
				if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock(7364821, hashtext(current_schema()))"); err != nil {
					return err
				}
			}
			var n int
			if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM schema_migrations WHERE version = ?", m.version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				done = true
				return nil
			}
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			_, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", m.version, time.Now().UTC())
			return err
		})
		if err != nil {
			return applied, err
		}
		if !done {
			applied = append(applied, m.version)
		}
	}
	return applied, nil
}
