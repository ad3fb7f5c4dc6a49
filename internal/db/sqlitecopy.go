package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
)

// ErrNotSQLite is returned by SQLite-only operations on PostgreSQL.
var ErrNotSQLite = errors.New("not an SQLite database")

// Path is the SQLite database file, empty on PostgreSQL.
func (db *DB) Path() string { return db.path }

// SnapshotInto writes a consistent copy of the SQLite database to dest (which must not
// exist) with VACUUM INTO, while the site goes on serving: the copy is one read transaction,
// so writers are not held up. It runs on a connection of its own, since the readers are
// query-only and the writer is for writes.
func (db *DB) SnapshotInto(ctx context.Context, dest string) error {
	if db.Dialect != SQLite {
		return ErrNotSQLite
	}
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("%s exists already", dest)
	}
	c, err := sql.Open("sqlite", "file:"+db.path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, "VACUUM INTO ?", dest); err != nil {
		os.Remove(dest)
		return fmt.Errorf("copy the database: %w", err)
	}
	return nil
}
