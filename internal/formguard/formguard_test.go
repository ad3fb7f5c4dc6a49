package formguard_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/formguard"
	"github.com/batori-news/batori/internal/testkit"
)

func newClock() *testkit.Clock {
	return testkit.NewClock(time.Date(2025, time.March, 3, 10, 0, 0, 0, time.UTC))
}

// twoNodes opens one migrated database of dialect twice, as two nodes of a site would.
func twoNodes(t *testing.T, dialect db.Dialect) (*db.DB, *db.DB) {
	t.Helper()
	ctx := context.Background()
	opt := db.Options{DataDir: t.TempDir()}
	if dialect == db.Postgres {
		opt = db.Options{URL: dbtest.NewPostgresSchema(t)}
	}
	var nodes [2]*db.DB
	for i := range nodes {
		d, err := db.Open(ctx, opt)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		nodes[i] = d
	}
	if _, err := nodes[0].Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return nodes[0], nodes[1]
}

func eachTwoNodes(t *testing.T, fn func(t *testing.T, a, b *db.DB)) {
	for _, dialect := range dbtest.Dialects {
		t.Run(string(dialect), func(t *testing.T) {
			a, b := twoNodes(t, dialect)
			fn(t, a, b)
		})
	}
}

func TestToken(t *testing.T) {
	eachTwoNodes(t, func(t *testing.T, a, b *db.DB) {
		ctx := context.Background()
		clk := newClock()
		g := formguard.New(a).WithClock(clk.Now)
		other := formguard.New(b).WithClock(clk.Now)
		timing := formguard.DefaultTiming
		timing.Shared = true

		token, err := g.Token(ctx, "comment:12", clk.Now())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := g.Check(ctx, "comment:12", token, "", timing); !errors.Is(err, formguard.ErrTooFast) {
			t.Fatalf("form sent at once: %v", err)
		}
		clk.Advance(2 * time.Second)
		nonce, err := g.Check(ctx, "comment:12", token, "", timing)
		if !errors.Is(err, formguard.ErrTooFast) || len(nonce) != 22 {
			t.Fatalf("form sent after two seconds: %q, %v", nonce, err)
		}
		clk.Advance(time.Minute)
		if got, err := g.Check(ctx, "comment:12", token, "", timing); err != nil || got != nonce {
			t.Fatalf("form sent after a minute: %q, %v; want %q", got, err, nonce)
		}
		// Another node that shares the database accepts it: one secret for all.
		if got, err := other.Check(ctx, "comment:12", token, "", timing); err != nil || got != nonce {
			t.Fatalf("the other node: %q, %v", got, err)
		}
		second, _ := g.Token(ctx, "comment:12", clk.Now().Add(-time.Minute))
		if got, err := g.Check(ctx, "comment:12", second, "", timing); err != nil || got == nonce {
			t.Fatalf("second token: nonce %q (first %q), %v", got, nonce, err)
		}
		// A form from another node whose clock runs ahead is too fast, not forged.
		ahead, _ := other.Token(ctx, "enquiry", clk.Now().Add(time.Minute))
		if _, err := g.Check(ctx, "enquiry", ahead, "", timing); !errors.Is(err, formguard.ErrTooFast) {
			t.Errorf("token from the future: %v", err)
		}

		ms, rest, _ := strings.Cut(token, ".")
		forged := map[string]string{
			"empty":            "",
			"no signature":     ms + "." + rest[:22],
			"altered time":     "1" + token,
			"altered mac":      token[:len(token)-1] + map[bool]string{true: "B", false: "A"}[strings.HasSuffix(token, "A")],
			"too long":         token + strings.Repeat("x", 200),
			"garbage":          "a.b.c",
			"other form":       "", // filled below
			"short nonce body": ms + ".abc." + rest[strings.LastIndexByte(rest, '.')+1:],
		}
		for name, bad := range forged {
			form := "comment:12"
			if name == "other form" {
				bad, form = token, "comment:13"
			}
			if _, err := g.Check(ctx, form, bad, "", timing); !errors.Is(err, formguard.ErrForged) {
				t.Errorf("%s: %v", name, err)
			}
		}

		clk.Advance(3 * time.Hour)
		if got, err := g.Check(ctx, "comment:12", token, "", timing); !errors.Is(err, formguard.ErrExpired) || got != nonce {
			t.Errorf("form three hours old: %q, %v", got, err)
		}
		if _, err := g.Check(ctx, "comment:12", token, "", formguard.Timing{MaxAge: 48 * time.Hour, Shared: true}); err != nil {
			t.Errorf("the timing is the caller's: %v", err)
		}
	})
}

// TestTokenBoundToClient: a token shown to one client is refused from any other (an IPv6
// client by its /64), and a token bound to no client only where the form says it is shared.
func TestTokenBoundToClient(t *testing.T) {
	eachTwoNodes(t, func(t *testing.T, a, b *db.DB) {
		ctx := context.Background()
		clk := newClock()
		g := formguard.New(a).WithClock(clk.Now)
		timing := formguard.DefaultTiming
		mine, err := g.TokenFor(ctx, "enquiry", "2001:db8:1:2::7", clk.Now().Add(-time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		for addr, want := range map[string]error{
			"2001:db8:1:2::7":      nil,
			"2001:db8:1:2:ffff::1": nil, // the same /64
			"2001:db8:1:3::7":      formguard.ErrForged,
			"203.0.113.9":          formguard.ErrForged,
			"":                     formguard.ErrForged,
		} {
			if _, err := g.Check(ctx, "enquiry", mine, addr, timing); !errors.Is(err, want) {
				t.Errorf("bound token from %q: %v, want %v", addr, err, want)
			}
		}
		shared, _ := g.Token(ctx, "enquiry", clk.Now().Add(-time.Minute))
		if _, err := g.Check(ctx, "enquiry", shared, "203.0.113.9", timing); !errors.Is(err, formguard.ErrForged) {
			t.Errorf("shared token where none is accepted: %v", err)
		}
		timing.Shared = true
		if _, err := g.Check(ctx, "enquiry", shared, "203.0.113.9", timing); err != nil {
			t.Errorf("shared token where it is accepted: %v", err)
		}
	})
}

// TestSpend: a token's nonce serves one submission per client, on every node, and a spend
// rolled back is not counted.
func TestSpend(t *testing.T) {
	eachTwoNodes(t, func(t *testing.T, a, b *db.DB) {
		ctx := context.Background()
		clk := newClock()
		g := formguard.New(a).WithClock(clk.Now)
		other := formguard.New(b).WithClock(clk.Now)
		spend := func(g *formguard.Guard, d *db.DB, addr string, rollback bool) error {
			var spent error
			err := d.InTx(ctx, func(tx *db.Tx) error {
				spent = g.Spend(ctx, tx, "nonce-1", addr, 2*time.Hour)
				if rollback {
					return errors.New("roll back")
				}
				return spent
			})
			if spent != nil {
				return spent
			}
			if rollback {
				return nil
			}
			return err
		}
		if err := spend(g, a, "203.0.113.9", true); err != nil {
			t.Fatal(err)
		}
		if err := spend(g, a, "203.0.113.9", false); err != nil {
			t.Fatalf("first use after a rolled-back one: %v", err)
		}
		if err := spend(other, b, "203.0.113.9", false); !errors.Is(err, formguard.ErrUsed) {
			t.Errorf("second use on another node: %v", err)
		}
		if err := spend(g, a, "198.51.100.4", false); err != nil {
			t.Errorf("another reader of the same shared page: %v", err)
		}
	})
}

func TestTrapped(t *testing.T) {
	for v, want := range map[string]bool{"": false, "  \n": false, "http://spam.example": true, "x": true} {
		if got := formguard.Trapped(v); got != want {
			t.Errorf("Trapped(%q) = %v", v, got)
		}
	}
}

func TestClientKey(t *testing.T) {
	eachTwoNodes(t, func(t *testing.T, a, b *db.DB) {
		ctx := context.Background()
		g, other := formguard.New(a), formguard.New(b)
		key := func(g *formguard.Guard, addr string) string {
			k, err := g.ClientKey(ctx, addr)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(k, addr) || strings.Contains(k, "2001") || strings.Contains(k, "198.51") {
				t.Errorf("key %q shows the address %q", k, addr)
			}
			return k
		}
		home := key(g, "2001:db8:1:2::1")
		for _, same := range []string{"2001:db8:1:2:ffff:eeee:dddd:cccc", " 2001:0db8:0001:0002::9 "} {
			if k := key(g, same); k != home {
				t.Errorf("%s is in the same /64 but counts apart", same)
			}
		}
		if key(g, "2001:db8:1:3::1") == home {
			t.Error("another /64 counts as the same client")
		}
		if key(other, "2001:db8:1:2::77") != home {
			t.Error("the other node keys the /64 differently")
		}
		v4 := key(g, "198.51.100.7")
		if key(g, "::ffff:198.51.100.7") != v4 {
			t.Error("an IPv4-mapped address counts apart from its IPv4 address")
		}
		if key(g, "198.51.100.8") == v4 {
			t.Error("two IPv4 addresses count as one")
		}
	})
}

func TestLimitsSharedByNodes(t *testing.T) {
	eachTwoNodes(t, func(t *testing.T, a, b *db.DB) {
		ctx := context.Background()
		clk := newClock()
		nodes := []*formguard.Guard{formguard.New(a).WithClock(clk.Now), formguard.New(b).WithClock(clk.Now)}
		lim := formguard.Limit{Max: 3, Window: 10 * time.Minute}
		for i := range 3 {
			if err := nodes[i%2].Allow(ctx, "register", "client-1", lim); err != nil {
				t.Fatalf("post %d: %v", i+1, err)
			}
			clk.Advance(time.Minute)
		}
		for _, g := range nodes {
			err := g.Allow(ctx, "register", "client-1", lim)
			var le *formguard.LimitError
			if !errors.As(err, &le) || !errors.Is(err, formguard.ErrLimited) {
				t.Fatalf("fourth post: %v", err)
			}
			if le.Scope != "register" || le.RetryAfter != 7*time.Minute {
				t.Errorf("limit error %+v, want register, retry in 7m", le)
			}
		}
		// Other subjects and other scopes have counts of their own.
		if err := nodes[1].Allow(ctx, "register", "client-2", lim); err != nil {
			t.Errorf("another client: %v", err)
		}
		if err := nodes[1].Allow(ctx, "forgot", "client-1", lim); err != nil {
			t.Errorf("another scope: %v", err)
		}
		// A count in a transaction that rolls back is taken back.
		rollback := errors.New("rolled back")
		err := a.InTx(ctx, func(tx *db.Tx) error {
			if err := nodes[0].Hit(ctx, tx, "enquiry-email", "x@example.org", formguard.Limit{Max: 1, Window: time.Hour}); err != nil {
				return err
			}
			return rollback
		})
		if !errors.Is(err, rollback) {
			t.Fatal(err)
		}
		err = a.InTx(ctx, func(tx *db.Tx) error {
			return nodes[0].Hit(ctx, tx, "enquiry-email", "x@example.org", formguard.Limit{Max: 1, Window: time.Hour})
		})
		if err != nil {
			t.Errorf("the rolled-back hit counted: %v", err)
		}
		if err := nodes[0].Allow(ctx, "never", "x", formguard.Limit{}); err != nil {
			t.Errorf("no limit: %v", err)
		}

		// The window opened with the first post, ten minutes ago on the fake clock's count.
		clk.Advance(7 * time.Minute)
		if err := nodes[1].Allow(ctx, "register", "client-1", lim); err != nil {
			t.Fatalf("after the window: %v", err)
		}
		var stored string
		if err := a.QueryRow(ctx, "SELECT key FROM form_limits WHERE key LIKE 'register:%' ORDER BY key LIMIT 1").Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(stored, "client") {
			t.Errorf("stored key %q shows its subject", stored)
		}

		// Expired counters are pruned, at most every ten minutes per node.
		clk.Advance(2 * time.Hour)
		count := func() int {
			var n int
			if err := a.QueryRow(ctx, "SELECT COUNT(*) FROM form_limits").Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if err := nodes[0].Allow(ctx, "register", "client-3", lim); err != nil {
			t.Fatal(err)
		}
		if n := count(); n != 1 {
			t.Errorf("%d counters after pruning, want the fresh one", n)
		}
	})
}
