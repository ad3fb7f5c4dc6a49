// Package dbtest gives tests a fresh, migrated database of each dialect: a new SQLite file in
// a temporary folder, and a new schema in the PostgreSQL named by BATORI_TEST_POSTGRES
// (default postgres://postgres@127.0.0.1:5432/test?sslmode=disable), dropped afterwards.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
)

// DefaultPostgresURL is the PostgreSQL that tests use unless BATORI_TEST_POSTGRES says otherwise.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// PostgresURL returns the server tests run against.
func PostgresURL() string {
	if u := os.Getenv("BATORI_TEST_POSTGRES"); u != "" {
		return u
	}
	return DefaultPostgresURL
}

// Dialects lists the dialects every storage test runs on.
var Dialects = []db.Dialect{db.SQLite, db.Postgres}

// Each runs fn as a subtest named after each dialect with a fresh migrated database.
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	for _, dialect := range Dialects {
		t.Run(string(dialect), func(t *testing.T) {
			fn(t, Open(t, dialect))
		})
	}
}

// Open returns a fresh migrated database of the dialect, closed and removed when t ends.
// When PostgreSQL is unreachable the test is skipped, except under CI=true where it fails:
// CI must never pass without the PostgreSQL suite having run.
func Open(t testing.TB, dialect db.Dialect) *db.DB {
	t.Helper()
	var d *db.DB
	if dialect == db.SQLite {
		d = openSQLite(t, MigratedDataDir(t))
	} else {
		d = openPostgresSchema(t)
	}
	if _, err := d.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate %s: %v", dialect, err)
	}
	return d
}

// OpenEmpty is Open without migrations.
func OpenEmpty(t testing.TB, dialect db.Dialect) *db.DB {
	t.Helper()
	if dialect == db.SQLite {
		return openSQLite(t, t.TempDir())
	}
	return openPostgresSchema(t)
}

// MigratedDataDir returns a new temporary data folder holding a migrated SQLite database, for
// a server under test that would otherwise migrate it itself (a copy of one database migrated
// once per test binary: see migratedSQLite).
func MigratedDataDir(t testing.TB) string {
	t.Helper()
	image, err := migratedSQLite()
	if err != nil {
		t.Fatalf("migrated sqlite template: %v", err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, sqliteFile), image, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// sqliteFile is the database's name in a data folder (db.Open).
const sqliteFile = "batori.db"

// migratedSQLite is the file of a SQLite database with every migration applied, made once
// per test binary and copied for each test that wants one. Migrating takes seconds under the
// race detector (SQLite is Go code there, and every statement of every migration runs),
// copying a megabyte milliseconds; the copy is the database the same migrations make, and
// Open still runs Migrate on it, so a migration missing from the copy would be applied.
var migratedSQLite = sync.OnceValues(func() ([]byte, error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "batori-dbtest-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	d, err := db.Open(ctx, db.Options{DataDir: dir})
	if err != nil {
		return nil, err
	}
	_, err = d.Migrate(ctx)
	if err == nil {
		// Everything into the main file, so that the file alone is the database.
		_, err = d.Exec(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	}
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(filepath.Join(dir, sqliteFile+"-wal")); err == nil && fi.Size() > 0 {
		return nil, errors.New("the write-ahead log still holds pages after a checkpoint and close")
	}
	return os.ReadFile(filepath.Join(dir, sqliteFile))
})

func openSQLite(t testing.TB, dir string) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), db.Options{DataDir: dir})
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { d.Close() })
	return d
}

// NewPostgresSchema creates an empty schema and returns a URL whose connections use it, so
// that a server under test can be started on it; the schema is dropped when t ends.
func NewPostgresSchema(t testing.TB) string {
	t.Helper()
	base := PostgresURL()
	admin, err := sql.Open("pgx", base)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = admin.PingContext(ctx)
		cancel()
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL at %s is required in CI: %v", base, err)
		}
		t.Skipf("PostgreSQL not reachable (%v); set CI=true to make this a failure", err)
	}
	buf := make([]byte, 6)
	rand.Read(buf)
	schema := "t_" + hex.EncodeToString(buf)
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", base, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	q.Set("synchronous_commit", "off")
	u.RawQuery = q.Encode()
	return u.String()
}

func openPostgresSchema(t testing.TB) *db.DB {
	t.Helper()
	u := NewPostgresSchema(t)
	d, err := db.Open(context.Background(), db.Options{URL: u})
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	// Registered after the schema's cleanup, so it runs first: connections close before the
	// schema is dropped.
	t.Cleanup(func() { d.Close() })
	return d
}
