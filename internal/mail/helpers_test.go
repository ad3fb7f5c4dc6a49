package mail_test

import (
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/mail"
	"github.com/batori-news/batori/internal/queue"
)

var quiet = slog.New(slog.DiscardHandler)

// deadline bounds every wait; reaching it fails the test.
const deadline = 30 * time.Second

// fastOptions are worker options for tests: short waits everywhere.
func fastOptions() mail.WorkerOptions {
	return mail.WorkerOptions{Options: queue.Options{
		PollInterval: 10 * time.Millisecond,
		BatchSize:    5,
		Backoff:      10 * time.Millisecond,
		MaxBackoff:   80 * time.Millisecond,
		SendTimeout:  10 * time.Second,
	}}
}

// startWorker runs w until the returned stop is called (or the test ends); stop waits for Run
// to return.
func startWorker(t *testing.T, w *mail.Worker) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.Run(ctx)
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			select {
			case <-done:
			case <-time.After(deadline):
				t.Errorf("worker did not stop within %v", deadline)
			}
		})
	}
	t.Cleanup(stop)
	return stop
}

// waitFor polls cond until it holds, failing the test at the deadline.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	end := time.Now().Add(deadline)
	for !cond() {
		if time.Now().After(end) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitStatus waits until mail id has status and returns it.
func waitStatus(t *testing.T, o *mail.Outbox, id int64, status string) mail.Item {
	t.Helper()
	var it mail.Item
	waitFor(t, "mail "+status, func() bool {
		var err error
		it, err = o.Get(context.Background(), id)
		if err != nil {
			t.Fatalf("get %d: %v", id, err)
		}
		return it.Status == status
	})
	return it
}

// reopenable returns a function that opens a new connection pool on one database each time it
// is called, as a restarted process or a second app node would; the first call migrates.
func reopenable(t *testing.T, dialect db.Dialect) func() *db.DB {
	t.Helper()
	opt := db.Options{DataDir: t.TempDir()}
	if dialect == db.Postgres {
		opt = db.Options{URL: dbtest.NewPostgresSchema(t)}
	}
	migrated := false
	return func() *db.DB {
		t.Helper()
		d, err := db.Open(context.Background(), opt)
		if err != nil {
			t.Fatalf("open %s: %v", dialect, err)
		}
		t.Cleanup(func() { d.Close() })
		if !migrated {
			if _, err := d.Migrate(context.Background()); err != nil {
				t.Fatalf("migrate: %v", err)
			}
			migrated = true
		}
		return d
	}
}

// eachDialect runs fn as a subtest per dialect.
func eachDialect(t *testing.T, fn func(t *testing.T, dialect db.Dialect)) {
	for _, dialect := range dbtest.Dialects {
		t.Run(string(dialect), func(t *testing.T) { fn(t, dialect) })
	}
}
