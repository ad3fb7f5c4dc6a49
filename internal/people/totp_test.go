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
		live := people.NewStore(d)
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

		at := clk.Now()
		for _, c := range []struct {
			name string
			code string
			ok   bool
		}{
			{"current", code(t, setup.Secret, at), true},
			{"previous window", code(t, setup.Secret, at.Add(-30*time.Second)), true},
			{"next window", code(t, setup.Secret, at.Add(30*time.Second)), true},
			{"two minutes old", code(t, setup.Secret, at.Add(-2*time.Minute)), false},
			{"wrong", wrongCode(t, setup.Secret, at), false},
			{"empty", "", false},
			{"letters", "abcdef", false},
		} {
			err := st.CheckTOTP(ctx, u.ID, c.code)
			if c.ok && err != nil || !c.ok && !errors.Is(err, people.ErrBadCode) {
				t.Errorf("CheckTOTP(%s) = %v, want ok: %v", c.name, err, c.ok)
			}
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
		if err := people.NewStore(d).ConfirmTOTP(ctx, u.ID, code(t, setup.Secret, time.Now())); !errors.Is(err, people.ErrBadCode) {
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
		st := store{Store: people.NewStore(d), hooks: h}
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
