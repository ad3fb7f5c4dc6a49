// Package fault names the failures of the storage underneath Batori (the database away or
// too slow, a full disk, a read-only folder) so that the HTTP layer can answer them with a
// clear "nothing was saved, try again" (503) instead of a generic server error, without
// knowing either database driver.
package fault

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"io/fs"
	"net"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Kind is what went wrong underneath.
type Kind int

// The kinds of storage failure.
const (
	// None: err is not a storage failure (or is nil).
	None Kind = iota
	// Unavailable: the database did not answer in time or the connection to it was lost.
	Unavailable
	// Full: the disk, or the database's page limit, is full.
	Full
	// ReadOnly: the data folder or the database refuses writes.
	ReadOnly
)

func (k Kind) String() string {
	switch k {
	case Unavailable:
		return "unavailable"
	case Full:
		return "full"
	case ReadOnly:
		return "read-only"
	}
	return "none"
}

// RetryAfter is how many seconds a reader is asked to wait before trying again.
const RetryAfter = 30

// Of classifies err. A request's own cancellation (the reader went away) is None: it is
// not the storage's fault.
func Of(err error) Kind {
	if err == nil || errors.Is(err, context.Canceled) {
		return None
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		switch {
		case pg.Code == "53100": // disk_full
			return Full
		case pg.Code == "25006": // read_only_sql_transaction (a replica, or a read-only server)
			return ReadOnly
		case len(pg.Code) == 5 && (pg.Code[:2] == "08" || pg.Code[:2] == "53" || pg.Code[:2] == "57"):
			// connection exceptions, insufficient resources, operator intervention
			// (admin shutdown, cannot connect now, statement timeout).
			return Unavailable
		}
		return None
	}
	var lite *sqlite.Error
	if errors.As(err, &lite) {
		switch lite.Code() & 0xff {
		case sqlite3.SQLITE_FULL:
			return Full
		case sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM:
			return ReadOnly
		case sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return Unavailable
		}
		return None
	}
	switch {
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return Full
	case errors.Is(err, syscall.EROFS), errors.Is(err, fs.ErrPermission):
		return ReadOnly
	case errors.Is(err, context.DeadlineExceeded), errors.Is(err, driver.ErrBadConn), errors.Is(err, pgconn.ErrConnClosed):
		return Unavailable
	}
	var connect *pgconn.ConnectError
	if errors.As(err, &connect) || pgconn.Timeout(err) {
		return Unavailable
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return Unavailable
	}
	var op *net.OpError
	if errors.As(err, &op) {
		return Unavailable
	}
	// A connection lost mid-answer; a body the client cut short says the same, and being
	// asked to send it again is no wrong answer to that either.
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return Unavailable
	}
	return None
}

// Is reports whether err is a storage failure of any kind.
func Is(err error) bool { return Of(err) != None }

// Error is a storage failure named by the code that met it, for failures no driver reports
// in its own terms (a write probe that found the folder read-only).
type Error struct {
	Kind Kind
	Err  error
}

func (e *Error) Error() string { return "storage " + e.Kind.String() + ": " + e.Err.Error() }

func (e *Error) Unwrap() error { return e.Err }
