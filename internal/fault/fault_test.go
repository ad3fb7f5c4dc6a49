package fault_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/batori-news/batori/internal/fault"
)

func TestOf(t *testing.T) {
	for _, c := range []struct {
		err  error
		want fault.Kind
	}{
		{nil, fault.None},
		{errors.New("a refused input"), fault.None},
		{context.Canceled, fault.None},
		{fmt.Errorf("read settings: %w", context.DeadlineExceeded), fault.Unavailable},
		{&fs.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}, fault.Full},
		{&fs.PathError{Op: "open", Path: "x", Err: syscall.EROFS}, fault.ReadOnly},
		{fmt.Errorf("insert: %w", &pgconn.PgError{Code: "53100"}), fault.Full},
		{&pgconn.PgError{Code: "57P01"}, fault.Unavailable},
		{&pgconn.PgError{Code: "23505"}, fault.None}, // a unique violation is the caller's
		{&fault.Error{Kind: fault.ReadOnly, Err: errors.New("probe")}, fault.ReadOnly},
	} {
		if got := fault.Of(c.err); got != c.want {
			t.Errorf("Of(%v) = %s, want %s", c.err, got, c.want)
		}
	}
}
