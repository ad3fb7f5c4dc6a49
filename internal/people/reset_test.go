package people_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/testkit"
)

// newPassword is what the reset and change tests set.
const newPassword = "rain on the tin roof"

// resetToken requests a password reset for email and returns the e-mailed token.
func resetToken(t *testing.T, st store, email string) string {
	t.Helper()
	var token string
	err := st.RequestPasswordReset(context.Background(), email, func(_ *db.Tx, _ people.User, tok string) error {
		token = tok
		return nil
	})
	if err != nil || token == "" {
		t.Fatalf("reset for %s: token %q, %v", email, token, err)
	}
	return token
}

func TestRequestPasswordResetOnlyForActive(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := newStore(d)
		admin := activeUser(t, st, "admin@example.org", people.Admin)
		for _, status := range statuses {
			accountIn(t, st, admin, status, status+"@example.org")
		}
		tokens := count(t, d, "SELECT COUNT(*) FROM tokens WHERE purpose = ?", people.PurposeResetPassword)
		for _, email := range []string{"nobody@example.org", "", people.StatusUnverified + "@example.org", people.StatusPending + "@example.org",
			people.StatusRejected + "@example.org", people.StatusSuspended + "@example.org"} {
			called := false
			err := st.RequestPasswordReset(ctx, email, func(*db.Tx, people.User, string) error { called = true; return nil })
			if err != nil || called {
				t.Errorf("RequestPasswordReset(%q) = %v, then called: %v; want nil and no call", email, err, called)
			}
		}
		if n := count(t, d, "SELECT COUNT(*) FROM tokens WHERE purpose = ?", people.PurposeResetPassword); n != tokens {
			t.Fatalf("%d reset tokens issued for accounts that cannot reset", n-tokens)
		}
		var to people.User
		if err := st.RequestPasswordReset(ctx, " ACTIVE@example.org ", func(_ *db.Tx, u people.User, tok string) error {
			to = u
			if tok == "" {
				t.Error("empty token")
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if to.Email != "active@example.org" {
			t.Fatalf("reset e-mail goes to %+v", to)
		}
	})
}

func TestRequestPasswordResetThenFails(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		st, _ := newStore(d)
		u := activeUser(t, st, "reporter@example.org", people.Reporter)
		old := resetToken(t, st, u.Email)
		boom := errors.New("mail queue down")
		if err := st.RequestPasswordReset(context.Background(), u.Email, func(*db.Tx, people.User, string) error { return boom }); !errors.Is(err, boom) {
			t.Fatalf("RequestPasswordReset = %v, want then's error", err)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM tokens"); n != 1 {
			t.Fatalf("%d tokens, want only the first", n)
		}
		if _, err := st.ResetPassword(context.Background(), old, newPassword); err != nil {
			t.Fatalf("earlier token after a rolled-back request: %v", err)
		}
	})
}

func TestResetPassword(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := newStore(d)
		u := activeUser(t, st, "reporter@example.org", people.Reporter)
		sessions := []string{startSession(t, st, u.ID, false), startSession(t, st, u.ID, true)}
		token := resetToken(t, st, u.Email)
		got, err := st.ResetPassword(ctx, token, newPassword)
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != u.ID {
			t.Fatalf("ResetPassword returned %+v", got)
		}
		if _, err := st.Authenticate(ctx, u.Email, testPassword); !errors.Is(err, people.ErrBadCredentials) {
			t.Fatalf("old password after reset: %v, want ErrBadCredentials", err)
		}
		if _, err := st.Authenticate(ctx, u.Email, newPassword); err != nil {
			t.Fatalf("new password: %v", err)
		}
		for _, s := range sessions {
			if _, _, err := st.SessionUser(ctx, s); !errors.Is(err, people.ErrNoSession) {
				t.Errorf("session survived the reset: %v", err)
			}
		}
		if _, err := st.ResetPassword(ctx, token, "another fine passphrase"); !errors.Is(err, people.ErrTokenInvalid) {
			t.Fatalf("reused token: %v, want ErrTokenInvalid", err)
		}
		if _, err := st.Authenticate(ctx, u.Email, newPassword); err != nil {
			t.Fatalf("the refused reuse changed the password: %v", err)
		}
	})
}

func TestResetPasswordWeak(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := newStore(d)
		u := activeUser(t, st, "reporter@example.org", people.Reporter)
		session := startSession(t, st, u.ID, false)
		token := resetToken(t, st, u.Email)
		for _, weak := range []string{"short", "password123", "reporter-2024", "Member1234"} {
			_, err := st.ResetPassword(ctx, token, weak)
			if fe, _ := fielderr.As(err); !fe.Has("password") {
				t.Fatalf("ResetPassword(%q) = %v, want a password field error", weak, err)
			}
		}
		if _, err := st.Authenticate(ctx, u.Email, testPassword); err != nil {
			t.Fatalf("old password after refused resets: %v", err)
		}
		if _, _, err := st.SessionUser(ctx, session); err != nil {
			t.Fatalf("session ended by a refused reset: %v", err)
		}
		// The link still works for a better choice.
		if _, err := st.ResetPassword(ctx, token, newPassword); err != nil {
			t.Fatalf("token after a weak attempt: %v", err)
		}
	})
}

func TestResetPasswordBadTokens(t *testing.T) {
	cases := []struct {
		name  string
		token func(t *testing.T, st store, c *testkit.Clock, u people.User) string
	}{
		{"empty", func(*testing.T, store, *testkit.Clock, people.User) string { return "" }},
		{"unknown", func(*testing.T, store, *testkit.Clock, people.User) string { return "bm90LWEtcmVhbC10b2tlbg" }},
		{"expired", func(t *testing.T, st store, c *testkit.Clock, u people.User) string {
			token := resetToken(t, st, u.Email)
			c.Advance(2 * time.Hour)
			return token
		}},
		{"superseded", func(t *testing.T, st store, c *testkit.Clock, u people.User) string {
			token := resetToken(t, st, u.Email)
			resetToken(t, st, u.Email)
			return token
		}},
		{"verification token", func(t *testing.T, st store, c *testkit.Clock, u people.User) string {
			_, token := register(t, st, "new@example.org")
			return token
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dbtest.Each(t, func(t *testing.T, d *db.DB) {
				ctx := context.Background()
				st, clk := newStore(d)
				u := activeUser(t, st, "reporter@example.org", people.Reporter)
				token := c.token(t, st, clk, u)
				if _, err := st.ResetPassword(ctx, token, newPassword); !errors.Is(err, people.ErrTokenInvalid) {
					t.Fatalf("ResetPassword = %v, want ErrTokenInvalid", err)
				}
				if _, err := st.Authenticate(ctx, u.Email, testPassword); err != nil {
					t.Fatalf("password changed by a refused reset: %v", err)
				}
				if n := count(t, d, "SELECT COUNT(*) FROM users WHERE status = ?", people.StatusPending); n != 0 {
					t.Fatal("a reset verified an e-mail")
				}
			})
		})
	}
}

func TestResetPasswordJustBeforeExpiry(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		st, clk := newStore(d)
		u := activeUser(t, st, "reporter@example.org", people.Reporter)
		token := resetToken(t, st, u.Email)
		clk.Advance(59 * time.Minute)
		if _, err := st.ResetPassword(context.Background(), token, newPassword); err != nil {
			t.Fatalf("token 59 minutes old: %v", err)
		}
	})
}

// TestResetPasswordRace spends one reset link from ten requests at once, each with its own
// new password: one wins, and the password that works is the winner's.
func TestResetPasswordRace(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := newStore(d)
		u := activeUser(t, st, "reporter@example.org", people.Reporter)
		token := resetToken(t, st, u.Email)
		password := func(i int) string { return fmt.Sprintf("river island %02d ferry", i) }
		errs := race(10, func(i int) error {
			_, err := st.ResetPassword(ctx, token, password(i))
			return err
		})
		winner := -1
		for i, err := range errs {
			switch {
			case err == nil && winner >= 0:
				t.Errorf("requests %d and %d both reset the password", winner, i)
			case err == nil:
				winner = i
			case !errors.Is(err, people.ErrTokenInvalid):
				t.Errorf("ResetPassword = %v, want nil or ErrTokenInvalid", err)
			}
		}
		if winner < 0 {
			t.Fatal("no request reset the password")
		}
		if _, err := st.Authenticate(ctx, u.Email, password(winner)); err != nil {
			t.Fatalf("the winner's password does not work: %v", err)
		}
	})
}

func TestChangePassword(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := newStore(d)
		u := activeUser(t, st, "reporter@example.org", people.Reporter)
		other := activeUser(t, st, "other@example.org", people.Reporter)
		here := startSession(t, st, u.ID, false)
		elsewhere := startSession(t, st, u.ID, false)
		othersSession := startSession(t, st, other.ID, false)
		se, _, err := st.SessionUser(ctx, here)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			current, password, field string
		}{
			{"wrong current password", newPassword, "current"},
			{"", newPassword, "current"},
			{testPassword, "short", "password"},
			{testPassword, "password123", "password"},
			{testPassword, "reporter-2024", "password"},
		} {
			_, err := st.ChangePassword(ctx, u.ID, c.current, c.password, se.ID)
			if fe, _ := fielderr.As(err); !fe.Has(c.field) || len(fe.Fields) != 1 {
				t.Errorf("ChangePassword(%q, %q) = %v, want a %s field error", c.current, c.password, err, c.field)
			}
		}
		if _, _, err := st.SessionUser(ctx, elsewhere); err != nil {
			t.Fatalf("a refused change ended a session: %v", err)
		}
		rotated, err := st.ChangePassword(ctx, u.ID, testPassword, newPassword, se.ID)
		if err != nil {
			t.Fatal(err)
		}
		// The session that changed the password lives on under a new id; the old id is dead.
		if got, _, err := st.SessionUser(ctx, rotated); err != nil || got.CreatedAt != se.CreatedAt {
			t.Fatalf("the session that changed the password: %+v, %v", got, err)
		}
		if rotated == here {
			t.Fatal("the session id did not change with the password")
		}
		if _, _, err := st.SessionUser(ctx, here); !errors.Is(err, people.ErrNoSession) {
			t.Fatalf("the session's old id after the change: %v, want ErrNoSession", err)
		}
		if _, _, err := st.SessionUser(ctx, elsewhere); !errors.Is(err, people.ErrNoSession) {
			t.Fatalf("other session after the change: %v, want ErrNoSession", err)
		}
		if _, _, err := st.SessionUser(ctx, othersSession); err != nil {
			t.Fatalf("another user's session ended: %v", err)
		}
		if _, err := st.Authenticate(ctx, u.Email, testPassword); !errors.Is(err, people.ErrBadCredentials) {
			t.Fatalf("old password: %v, want ErrBadCredentials", err)
		}
		if _, err := st.Authenticate(ctx, u.Email, newPassword); err != nil {
			t.Fatalf("new password: %v", err)
		}
		if _, err := st.ChangePassword(ctx, 987654, newPassword, "yet another passphrase", ""); !errors.Is(err, people.ErrNotFound) {
			t.Fatalf("unknown account: %v, want ErrNotFound", err)
		}
	})
}
