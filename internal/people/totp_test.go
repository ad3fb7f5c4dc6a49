package people_test

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/testkit"
)

func code(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	c, err := people.TOTPCode(secret, at)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// wrongCode returns a six-digit code that no window around at accepts.
func wrongCode(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	near := []string{code(t, secret, at.Add(-30*time.Second)), code(t, secret, at), code(t, secret, at.Add(30*time.Second))}
	for _, c := range []string{"000000", "111111", "222222", "333333"} {
		if !slices.Contains(near, c) {
			return c
		}
	}
	t.Fatal("no wrong code found")
	return ""
}

func TestTOTP(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		// ConfirmTOTP reads the wall clock (see TestConfirmTOTPUsesStoreClock), so setting up
		// uses a store on real time; logging in uses one whose clock the test holds.
		live := people.NewStore(d).WithSecretBox(testBox)
		st, clk := newStore(d)
		u := activeUser(t, st, "reporter@example.org", people.Reporter)
		other := activeUser(t, st, "other@example.org", people.Reporter)

		if err := live.ConfirmTOTP(ctx, u.ID, code(t, "JBSWY3DPEHPK3PXP", time.Now())); !errors.Is(err, people.ErrBadCode) {
			t.Fatalf("ConfirmTOTP before BeginTOTP = %v, want ErrBadCode", err)
		}
		if _, err := live.PendingTOTP(ctx, u, "Batori"); !errors.Is(err, people.ErrNotFound) {
			t.Fatalf("PendingTOTP before BeginTOTP = %v, want ErrNotFound", err)
		}
		setup, err := live.BeginTOTP(ctx, u, "Batori")
		if err != nil {
			t.Fatal(err)
		}
		key, err := url.Parse(setup.URL)
		if err != nil || key.Scheme != "otpauth" || key.Host != "totp" || key.Query().Get("secret") != setup.Secret ||
			key.Query().Get("issuer") != "Batori" || key.Path != "/Batori:reporter@example.org" {
			t.Fatalf("setup URL %q, %v", setup.URL, err)
		}
		if got, _ := live.Get(ctx, u.ID); got.TOTPEnabled {
			t.Fatal("TOTP enabled before it was confirmed")
		}
		now := time.Now()
		if err := live.ConfirmTOTP(ctx, u.ID, wrongCode(t, setup.Secret, now)); !errors.Is(err, people.ErrBadCode) {
			t.Fatalf("ConfirmTOTP with a wrong code = %v, want ErrBadCode", err)
		}
		if err := live.ConfirmTOTP(ctx, other.ID, code(t, setup.Secret, now)); !errors.Is(err, people.ErrBadCode) {
			t.Fatalf("another account confirmed with this secret: %v", err)
		}
		if got, _ := live.Get(ctx, u.ID); got.TOTPEnabled {
			t.Fatal("TOTP enabled by a wrong code")
		}
		if err := live.ConfirmTOTP(ctx, u.ID, code(t, setup.Secret, now)); err != nil {
			t.Fatalf("ConfirmTOTP with the right code: %v", err)
		}
		if got, _ := live.Get(ctx, u.ID); !got.TOTPEnabled {
			t.Fatal("TOTPEnabled false after confirmation")
		}
		if got, _ := live.Get(ctx, other.ID); got.TOTPEnabled {
			t.Fatal("another account got TOTP enabled")
		}

		// The confirming code spent a step of the wall clock; logins come after it.
		at := clk.Advance(time.Since(clk.Now()) + 2*time.Minute)
		for _, c := range []struct {
			name string
			code string
			ok   bool
		}{
			// Each accepted code is spent, so they are tried from the oldest step on.
			{"two minutes old", code(t, setup.Secret, at.Add(-2*time.Minute)), false},
			{"previous window", code(t, setup.Secret, at.Add(-30*time.Second)), true},
			{"current", code(t, setup.Secret, at), true},
			{"next window", code(t, setup.Secret, at.Add(30*time.Second)), true},
			{"wrong", wrongCode(t, setup.Secret, at), false},
			{"empty", "", false},
			{"letters", "abcdef", false},
		} {
			err := st.CheckTOTP(ctx, u.ID, c.code)
			if c.ok && err != nil || !c.ok && !errors.Is(err, people.ErrBadCode) {
				t.Errorf("CheckTOTP(%s) = %v, want ok: %v", c.name, err, c.ok)
			}
		}
		if err := st.CheckTOTP(ctx, u.ID, code(t, setup.Secret, at.Add(30*time.Second))); !errors.Is(err, people.ErrBadCode) {
			t.Fatalf("CheckTOTP with a spent code = %v, want ErrBadCode", err)
		}
		if err := st.CheckTOTP(ctx, other.ID, code(t, setup.Secret, at)); !errors.Is(err, people.ErrBadCode) {
			t.Fatalf("CheckTOTP for an account without TOTP = %v, want ErrBadCode", err)
		}

		if err := st.DisableTOTP(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := st.Get(ctx, u.ID); got.TOTPEnabled {
			t.Fatal("TOTPEnabled after DisableTOTP")
		}
		if err := st.CheckTOTP(ctx, u.ID, code(t, setup.Secret, at)); !errors.Is(err, people.ErrBadCode) {
			t.Fatalf("CheckTOTP after DisableTOTP = %v, want ErrBadCode", err)
		}
		if _, err := st.PendingTOTP(ctx, u, "Batori"); !errors.Is(err, people.ErrNotFound) {
			t.Fatalf("PendingTOTP after DisableTOTP = %v, want ErrNotFound", err)
		}
	})
}

func TestPendingTOTP(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := newStore(d)
		u := activeUser(t, st, "reporter@example.org", people.Reporter)
		setup, err := st.BeginTOTP(ctx, u, "Batori News")
		if err != nil {
			t.Fatal(err)
		}
		again, err := st.PendingTOTP(ctx, u, "Batori News")
		if err != nil {
			t.Fatal(err)
		}
		if again.Secret != setup.Secret {
			t.Fatalf("PendingTOTP secret %q, BeginTOTP gave %q", again.Secret, setup.Secret)
		}
		for _, s := range []people.TOTPSetup{setup, again} {
			key, err := url.Parse(s.URL)
			if err != nil || key.Query().Get("secret") != setup.Secret || key.Query().Get("issuer") != "Batori News" {
				t.Fatalf("URL %q, %v", s.URL, err)
			}
			for _, size := range []int{120, 256} {
				img, err := s.QR(size)
				if err != nil {
					t.Fatal(err)
				}
				if b := img.Bounds(); b.Dx() != size || b.Dy() != size {
					t.Fatalf("QR(%d) is %dx%d", size, b.Dx(), b.Dy())
				}
			}
		}
		// Beginning again replaces the secret: the first one can no longer be confirmed.
		second, err := st.BeginTOTP(ctx, u, "Batori News")
		if err != nil {
			t.Fatal(err)
		}
		if second.Secret == setup.Secret {
			t.Fatal("BeginTOTP reused the secret")
		}
		if p, _ := st.PendingTOTP(ctx, u, "Batori News"); p.Secret != second.Secret {
			t.Fatalf("PendingTOTP after a second BeginTOTP gave the old secret")
		}
		if err := people.NewStore(d).WithSecretBox(testBox).ConfirmTOTP(ctx, u.ID, code(t, setup.Secret, time.Now())); !errors.Is(err, people.ErrBadCode) {
			t.Fatalf("code of a replaced secret confirmed: %v", err)
		}
	})
}

// TestPendingTOTPAfterConfirm: PendingTOTP is for a setup "begun but not confirmed"; once the
// secret guards logins, handing it (and its QR code) to whoever holds a session would let them
// copy the second factor.
func TestPendingTOTPAfterConfirm(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		h := &hooks{}
		d.Subscribe(h)
		st := store{Store: people.NewStore(d).WithSecretBox(testBox), hooks: h}
		u := activeUser(t, st, "reporter@example.org", people.Reporter)
		setup, err := st.BeginTOTP(ctx, u, "Batori")
		if err != nil {
			t.Fatal(err)
		}
		if err := st.ConfirmTOTP(ctx, u.ID, code(t, setup.Secret, time.Now())); err != nil {
			t.Fatal(err)
		}
		if p, err := st.PendingTOTP(ctx, u, "Batori"); !errors.Is(err, people.ErrNotFound) {
			t.Fatalf("PendingTOTP of a confirmed setup = secret %q, %v; want ErrNotFound", p.Secret, err)
		}
	})
}

// TestConfirmTOTPUsesStoreClock: every other time-dependent method reads the store's clock;
// ConfirmTOTP must too, or a code right for the store's "now" is refused.
func TestConfirmTOTPUsesStoreClock(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, clk := newStore(d)
		u := activeUser(t, st, "reporter@example.org", people.Reporter)
		setup, err := st.BeginTOTP(ctx, u, "Batori")
		if err != nil {
			t.Fatal(err)
		}
		if err := st.ConfirmTOTP(ctx, u.ID, code(t, setup.Secret, clk.Now())); err != nil {
			t.Fatalf("ConfirmTOTP with the code for the store's clock: %v", err)
		}
		if got, _ := st.Get(ctx, u.ID); !got.TOTPEnabled {
			t.Fatal("TOTPEnabled false after confirmation")
		}
	})
}

// enabledTOTP sets up and confirms two-factor login for u at the store's clock, and moves the
// clock past the step the confirming code spent.
func enabledTOTP(t *testing.T, st store, clk *testkit.Clock, u people.User) string {
	t.Helper()
	ctx := context.Background()
	setup, err := st.BeginTOTP(ctx, u, "Batori")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.ConfirmTOTP(ctx, u.ID, code(t, setup.Secret, clk.Now())); err != nil {
		t.Fatal(err)
	}
	clk.Advance(2 * time.Minute)
	return setup.Secret
}

// TestTOTPSingleUse: a code seen once (over a shoulder, in a phishing proxy) cannot be given
// again, nor can a code of an earlier step once a later one was used.
func TestTOTPSingleUse(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, clk := newStore(d)
		u := activeUser(t, st, "editor@example.org", people.Editor)
		secret := enabledTOTP(t, st, clk, u)

		// The code that confirmed the setup was spent too.
		now := clk.Now()
		c := code(t, secret, now)
		if err := st.CheckTOTP(ctx, u.ID, c); err != nil {
			t.Fatalf("first use of a valid code: %v", err)
		}
		if err := st.CheckTOTP(ctx, u.ID, c); !errors.Is(err, people.ErrBadCode) {
			t.Fatalf("second use of the same code = %v, want ErrBadCode", err)
		}
		if err := st.CheckTOTP(ctx, u.ID, code(t, secret, now.Add(-30*time.Second))); !errors.Is(err, people.ErrBadCode) {
			t.Fatalf("code of an earlier step after a later one = %v, want ErrBadCode", err)
		}
		clk.Advance(30 * time.Second)
		if err := st.CheckTOTP(ctx, u.ID, code(t, secret, clk.Now())); err != nil {
			t.Fatalf("the next step's code: %v", err)
		}
	})
}

func TestConfirmTOTPSpendsCode(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, clk := newStore(d)
		u := activeUser(t, st, "editor@example.org", people.Editor)
		setup, err := st.BeginTOTP(ctx, u, "Batori")
		if err != nil {
			t.Fatal(err)
		}
		c := code(t, setup.Secret, clk.Now())
		if err := st.ConfirmTOTP(ctx, u.ID, c); err != nil {
			t.Fatal(err)
		}
		if err := st.CheckTOTP(ctx, u.ID, c); !errors.Is(err, people.ErrBadCode) {
			t.Fatalf("login with the code that confirmed the setup = %v, want ErrBadCode", err)
		}
	})
}

// TestTOTPReplayRace: logins racing with one code (a phishing proxy replaying what it relays)
// let at most one through, on both databases.
func TestTOTPReplayRace(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, clk := newStore(d)
		u := activeUser(t, st, "editor@example.org", people.Editor)
		secret := enabledTOTP(t, st, clk, u)
		for round := range 5 {
			c := code(t, secret, clk.Now())
			errs := race(8, func(int) error { return st.CheckTOTP(ctx, u.ID, c) })
			ok := 0
			for _, err := range errs {
				switch {
				case err == nil:
					ok++
				case !errors.Is(err, people.ErrBadCode):
					t.Fatalf("round %d: %v", round, err)
				}
			}
			if ok != 1 {
				t.Fatalf("round %d: %d of 8 racing logins with one code succeeded, want 1", round, ok)
			}
			clk.Advance(30 * time.Second)
		}
	})
}
