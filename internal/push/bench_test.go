package push_test

import (
	"context"
	"crypto/ecdh"
	"crypto/rand"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/push"
)

// BenchmarkPush100k sends one story to 100,000 subscriptions through one node's worker (its
// default batch and concurrency) to the test push service on loopback, which checks every
// request's VAPID token and decrypts every payload: the time from the editor's Send to the
// last delivery recorded. Run it with -benchtime=1x; it reports deliveries per second.
// BATORI_PUSH_BENCH_N sets another number of subscriptions.
func BenchmarkPush100k(b *testing.B) {
	n := 100_000
	if v, err := strconv.Atoi(os.Getenv("BATORI_PUSH_BENCH_N")); err == nil && v > 0 {
		n = v // a smaller run to look at first
	}
	for _, dialect := range []db.Dialect{db.SQLite, db.Postgres} {
		b.Run(string(dialect), func(b *testing.B) {
			d := dbtest.Open(b, dialect)
			f := newFixture(b, d, push.Options{})
			f.svc.KeepPayloads(false)
			// One key pair for every endpoint: the sender's work per message (its own
			// ephemeral key, the ECDH, the encryption, the token) is the same whatever the
			// receiver's key.
			priv, err := ecdh.P256().GenerateKey(rand.Reader)
			if err != nil {
				b.Fatal(err)
			}
			secret := make([]byte, 16)
			rand.Read(secret)
			ctx := context.Background()
			setup := time.Now()
			err = d.InTx(ctx, func(tx *db.Tx) error {
				now := time.Now().UTC()
				for i := range n {
					s := f.svc.AddSubscriber(priv, secret)
					id, err := tx.InsertID(ctx, "INSERT INTO push_subscriptions (endpoint, p256dh, auth, created_at) VALUES (?, ?, ?, ?)", s.Endpoint, s.P256dh, s.Auth, now)
					if err != nil {
						return fmt.Errorf("subscription %d: %w", i, err)
					}
					if _, err := tx.Exec(ctx, "INSERT INTO push_topics (subscription_id, lang, section_id) VALUES (?, 'en', 0)", id); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			b.Logf("%s: %d subscriptions stored in %s", dialect, n, time.Since(setup).Round(time.Millisecond))
			w := push.NewWorker(f.store, quiet, push.WorkerOptions{Subscriber: func() string { return "newsroom@example.org" }})
			sent := 0
			for b.Loop() {
				start := time.Now()
				m, err := f.store.Send(ctx, push.Send{EditionID: f.en, Path: "/news/1/x", Again: true})
				if err != nil {
					b.Fatal(err)
				}
				queued := time.Since(start)
				w.Drain(ctx)
				got := f.sent(f.en)
				if got.ID != m.ID || got.Delivered != n || got.Pending != 0 {
					b.Fatalf("after the drain: %+v (refused: %d)", got, len(f.svc.Refused()))
				}
				sent += n
				b.Logf("%s: %d deliveries in %s (queued in %s)", dialect, n, time.Since(start).Round(time.Millisecond), queued.Round(time.Millisecond))
			}
			if c := f.svc.Count(); c != sent {
				b.Errorf("the push service accepted %d messages, want %d", c, sent)
			}
			b.ReportMetric(float64(sent)/b.Elapsed().Seconds(), "deliveries/s")
		})
	}
}
