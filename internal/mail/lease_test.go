package mail

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/queue"
)

// The mail worker's defaults; the backoff itself is tested in internal/queue.
func TestWorkerDefaults(t *testing.T) {
	o := WorkerOptions{}.withDefaults()
	if o.MaxAttempts != 8 || o.PollInterval != 5*time.Second || o.BatchSize != 10 || o.Backoff != 30*time.Second ||
		o.MaxBackoff != time.Hour || o.SendTimeout != time.Minute || o.Lease != 11*time.Minute {
		t.Errorf("defaults %+v", o)
	}
	if wait, again := o.Again(2); wait != time.Minute || !again {
		t.Errorf("after a second failure: retry in %v (%v), want in 1m", wait, again)
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
		if err != nil || len(dead.Jobs) != 1 || dead.Jobs[0].ID != id || dead.Jobs[0].Attempts != 1 {
			t.Fatalf("claim = %+v, %v", dead, err)
		}
		if c, err := o.claim(ctx, 10, time.Hour); err != nil || len(c.Jobs) != 0 {
			t.Fatalf("mail under lease claimed again: %+v, %v", c, err)
		}
		// Let the lease run out.
		if _, err := d.Exec(ctx, "UPDATE outbox SET locked_until = ? WHERE id = ?", now().Add(-time.Second), id); err != nil {
			t.Fatal(err)
		}
		w := NewWorker(o, NewLogTransport(slog.New(slog.DiscardHandler)), slog.New(slog.DiscardHandler), WorkerOptions{Options: queue.Options{PollInterval: 10 * time.Millisecond}})
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
		if ok, err := o.markFailed(ctx, id, dead.Token, "late report"); err != nil || ok {
			t.Errorf("stale token recorded an outcome: %v, %v", ok, err)
		}
		if it, _ := o.Get(ctx, id); it.Status != StatusSent || it.LastError != "" {
			t.Errorf("after the stale report: %+v", it)
		}
	})
}
