package mail

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
)

func TestBackoffDoublesUpToTheCap(t *testing.T) {
	w := NewWorker(nil, nil, slog.New(slog.DiscardHandler), WorkerOptions{})
	want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute,
		16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour}
	for i, d := range want {
		if got := w.backoff(i + 1); got != d {
			t.Errorf("backoff after %d attempts = %v, want %v", i+1, got, d)
		}
	}
	if got := w.backoff(1000); got != time.Hour {
		t.Errorf("backoff(1000) = %v, want the 1h cap", got)
	}
	if w.opt.MaxAttempts != 8 || w.opt.PollInterval != 5*time.Second {
		t.Errorf("defaults %+v", w.opt)
	}
}

// A node that claims mail and dies holds it only until its lease ends; then another worker
// sends it, and the dead node's lease token can no longer record anything.
func TestExpiredLeaseIsTakenOver(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		o := NewOutbox(d)
		id, err := o.Enqueue(ctx, Message{To: "reader@example.org", Subject: "Hello", Text: "Body"})
		if err != nil {
			t.Fatal(err)
		}
		dead, err := o.claim(ctx, 10, time.Hour)
		if err != nil || len(dead.mails) != 1 || dead.mails[0].id != id || dead.mails[0].attempts != 1 {
			t.Fatalf("claim = %+v, %v", dead, err)
		}
		if c, err := o.claim(ctx, 10, time.Hour); err != nil || len(c.mails) != 0 {
			t.Fatalf("mail under lease claimed again: %+v, %v", c, err)
		}
		// Let the lease run out.
		if _, err := d.Exec(ctx, "UPDATE outbox SET locked_until = ? WHERE id = ?", now().Add(-time.Second), id); err != nil {
			t.Fatal(err)
		}
		w := NewWorker(o, NewLogTransport(slog.New(slog.DiscardHandler)), slog.New(slog.DiscardHandler), WorkerOptions{PollInterval: 10 * time.Millisecond})
		runCtx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { defer close(done); w.Run(runCtx) }()
		end := time.Now().Add(30 * time.Second)
		for {
			it, err := o.Get(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if it.Status == StatusSent {
				if it.Attempts != 2 || it.Via != ViaLog {
					t.Errorf("taken-over mail %+v, want 2 attempts via log", it)
				}
				break
			}
			if time.Now().After(end) {
				t.Fatal("expired lease never taken over")
			}
			time.Sleep(5 * time.Millisecond)
		}
		cancel()
		<-done
		if ok, err := o.markFailed(ctx, id, dead.token, "late report"); err != nil || ok {
			t.Errorf("stale token recorded an outcome: %v, %v", ok, err)
		}
		if it, _ := o.Get(ctx, id); it.Status != StatusSent || it.LastError != "" {
			t.Errorf("after the stale report: %+v", it)
		}
	})
}
