package formguard_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/formguard"
	"github.com/batori-news/batori/internal/testkit"
)

func TestProofOfWork(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		clock := testkit.NewClock(time.Now())
		g := formguard.New(d).WithClock(clock.Now)
		if on, err := g.PowOn(ctx); err != nil || on {
			t.Fatalf("on by default: %v %v", on, err)
		}
		if err := g.SetPow(ctx, true); err != nil {
			t.Fatal(err)
		}
		if on, _ := g.PowOn(ctx); !on {
			t.Fatal("not switched on")
		}
		c, err := g.NewChallenge(ctx)
		if err != nil {
			t.Fatal(err)
		}
		sol, ok := c.Solve()
		if !ok {
			t.Fatal("no solution found")
		}
		if err := g.TakeProof(ctx, sol); err != nil {
			t.Fatalf("good proof: %v", err)
		}
		if err := g.TakeProof(ctx, sol); !errors.Is(err, formguard.ErrNoProof) {
			t.Fatalf("proof used twice: %v", err)
		}
		// A challenge not signed here, a wrong number, garbage, an expired one.
		other, _ := formguard.New(dbtest.Open(t, db.SQLite)).NewChallenge(ctx)
		forged, _ := other.Solve()
		c2, _ := g.NewChallenge(ctx)
		c2.Challenge = c.Challenge
		wrong, _ := c.Solve()
		for name, p := range map[string]string{"forged": forged, "garbage": "bm90IGpzb24=", "empty": "", "reused challenge": wrong} {
			if err := g.TakeProof(ctx, p); !errors.Is(err, formguard.ErrNoProof) {
				t.Errorf("%s: %v", name, err)
			}
		}
		c3, _ := g.NewChallenge(ctx)
		late, _ := c3.Solve()
		clock.Advance(31 * time.Minute)
		if err := g.TakeProof(ctx, late); !errors.Is(err, formguard.ErrNoProof) {
			t.Errorf("expired proof: %v", err)
		}
	})
}
