package people_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/testkit"
)

func TestRegister(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := newStore(d)
		in := validRegistration("Priyanka.Bora@Example.org")
		in.Name = "  Priyanka   Bora "
		var calls int
		var token string
		var seen people.User
		u, err := st.Register(ctx, in, func(tx *db.Tx, u people.User, tok string) error {
			calls++
			seen, token = u, tok
			// then runs inside the transaction, so the new account is visible through tx.
			var n int
			if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM users WHERE id = ?", u.ID).Scan(&n); err != nil || n != 1 {
				t.Errorf("account not visible inside then: %d, %v", n, err)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if calls != 1 || token == "" || seen.ID != u.ID {
			t.Fatalf("then called %d times with %+v and token %q", calls, seen, token)
		}
		want := people.User{ID: u.ID, Email: "priyanka.bora@example.org", Name: "Priyanka Bora", Role: people.Reporter,
			Status: people.StatusUnverified, Phone: "+91 98640 12345", District: "Jorhat", Bio: "Covers the tea gardens of Upper Assam.", UILang: "as"}
		got, err := st.Get(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			what      string
			got, want any
		}{
			{"email", got.Email, want.Email}, {"name", got.Name, want.Name}, {"role", got.Role, want.Role},
			{"status", got.Status, want.Status}, {"phone", got.Phone, want.Phone}, {"district", got.District, want.District},
			{"languages", strings.Join(got.Languages, ","), "as,en"}, {"bio", got.Bio, want.Bio}, {"ui lang", got.UILang, want.UILang},
			{"returned status", u.Status, want.Status}, {"returned email", u.Email, want.Email},
		} {
			if c.got != c.want {
				t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
			}
		}
		if n := count(t, d, "SELECT COUNT(*) FROM tokens WHERE user_id = ? AND purpose = ?", u.ID, people.PurposeVerifyEmail); n != 1 {
			t.Errorf("%d verification tokens stored, want 1", n)
		}
		// Only a hash of the token is stored.
		if n := count(t, d, "SELECT COUNT(*) FROM tokens WHERE token_hash = ?", token); n != 0 {
			t.Error("the token itself is stored")
		}
		// The password is right but the account may not log in yet.
		if _, err := st.Authenticate(ctx, "priyanka.bora@example.org", testPassword); !errors.Is(err, people.ErrNotActive) {
			t.Errorf("Authenticate before verification = %v, want ErrNotActive", err)
		}
	})
}

func TestRegisterDefaultsUILang(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		st, _ := newStore(d)
		in := validRegistration("ui@example.org")
		in.UILang = "fr"
		u, err := st.Register(context.Background(), in, func(*db.Tx, people.User, string) error { return nil })
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := st.Get(context.Background(), u.ID); got.UILang != "en" {
			t.Fatalf("UILang = %q for an unknown language, want en", got.UILang)
		}
	})
}

func TestRegisterFieldErrors(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(r *people.Registration)
		field string
		code  fielderr.Code // empty: any non-empty entry (the reasons for a weak password may change)
	}{
		{"no name", func(r *people.Registration) { r.Name = "   " }, "name", fielderr.Required},
		{"long name", func(r *people.Registration) { r.Name = strings.Repeat("ক", 121) }, "name", fielderr.TooLong},
		{"no email", func(r *people.Registration) { r.Email = " " }, "email", fielderr.Required},
		{"email without at", func(r *people.Registration) { r.Email = "priyanka.example.org" }, "email", fielderr.InvalidEmail},
		{"email with display name", func(r *people.Registration) { r.Email = "Priyanka <p@example.org>" }, "email", fielderr.InvalidEmail},
		{"email with space", func(r *people.Registration) { r.Email = "priyanka bora@example.org" }, "email", fielderr.InvalidEmail},
		{"email too long", func(r *people.Registration) { r.Email = strings.Repeat("a", 250) + "@example.org" }, "email", fielderr.InvalidEmail},
		{"taken email", func(r *people.Registration) { r.Email = "taken@example.org" }, "email", fielderr.AccountExists},
		{"taken email other case", func(r *people.Registration) { r.Email = "Taken@EXAMPLE.org" }, "email", fielderr.AccountExists},
		{"email of staff account", func(r *people.Registration) { r.Email = "Staff@example.org" }, "email", fielderr.AccountExists},
		{"no phone", func(r *people.Registration) { r.Phone = "" }, "phone", fielderr.Required},
		{"short phone", func(r *people.Registration) { r.Phone = "98640 123" }, "phone", fielderr.InvalidPhone},
		{"long phone", func(r *people.Registration) { r.Phone = "+91 98640 12345 67890" }, "phone", fielderr.InvalidPhone},
		{"letters in phone", func(r *people.Registration) { r.Phone = "98640 1234x5" }, "phone", fielderr.InvalidPhone},
		{"no district", func(r *people.Registration) { r.District = "" }, "district", fielderr.Required},
		{"district outside list", func(r *people.Registration) { r.District = "Shillong" }, "district", fielderr.NotAllowed},
		{"district other case", func(r *people.Registration) { r.District = "jorhat" }, "district", fielderr.NotAllowed},
		{"no languages", func(r *people.Registration) { r.Languages = nil }, "languages", fielderr.Required},
		{"unknown language", func(r *people.Registration) { r.Languages = []string{"en", "hi"} }, "languages", fielderr.NotAllowed},
		{"long bio", func(r *people.Registration) { r.Bio = strings.Repeat("ব", 2001) }, "bio", fielderr.TooLong},
		{"short password", func(r *people.Registration) { r.Password = "Jorhat#1" }, "password", ""},
		{"common password", func(r *people.Registration) { r.Password = "Password@123" }, "password", ""},
		{"common password other case", func(r *people.Registration) { r.Password = "QWERTYUIOP" }, "password", ""},
		{"repeated character", func(r *people.Registration) { r.Password = "zzzzzzzzzzzz" }, "password", ""},
		{"repeated Assamese letter", func(r *people.Registration) { r.Password = strings.Repeat("ক", 12) }, "password", ""},
		{"password holds e-mail", func(r *people.Registration) { r.Password = "xx-priyanka.bora-xx" }, "password", ""},
		{"password holds e-mail other case", func(r *people.Registration) { r.Password = "PRIYANKA.BORA!!" }, "password", ""},
		{"name and digits", func(r *people.Registration) { r.Password = "priyanka1990" }, "password", ""},
		{"short name and digits", func(r *people.Registration) {
			r.Name = "Rahul Das"
			r.Password = "rahul12345"
		}, "password", ""},
		{"password too long", func(r *people.Registration) { r.Password = strings.Repeat("tea garden ", 19) }, "password", ""},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := newStore(d)
		register(t, st, "taken@example.org")
		activeUser(t, st, "staff@example.org", people.Editor)
		users, tokens := count(t, d, "SELECT COUNT(*) FROM users"), count(t, d, "SELECT COUNT(*) FROM tokens")
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				in := validRegistration("priyanka.bora@example.org")
				c.edit(&in)
				called := false
				u, err := st.Register(ctx, in, func(*db.Tx, people.User, string) error { called = true; return nil })
				if err == nil {
					// Keep the other cases independent of this failure.
					t.Cleanup(func() { d.Exec(ctx, "DELETE FROM users WHERE id = ?", u.ID) })
				}
				fe, ok := fielderr.As(err)
				if !ok {
					t.Fatalf("Register = %+v, %v, want a *fielderr.Error", u, err)
				}
				if len(fe.Fields) != 1 || !fe.Has(c.field) || c.code != "" && fe.Code(c.field) != c.code {
					t.Fatalf("field errors = %v, want only %s: %q", fe, c.field, c.code)
				}
				if called || u.ID != 0 {
					t.Fatalf("then called: %v, account %+v", called, u)
				}
				if n := count(t, d, "SELECT COUNT(*) FROM users"); n != users {
					t.Fatalf("%d accounts after a refused registration, want %d", n, users)
				}
				if n := count(t, d, "SELECT COUNT(*) FROM tokens"); n != tokens {
					t.Fatalf("%d tokens after a refused registration, want %d", n, tokens)
				}
			})
		}
	})
}

func TestRegisterAcceptsBoundaries(t *testing.T) {
	cases := []struct {
		name string
		edit func(r *people.Registration)
	}{
		{"outside Assam", func(r *people.Registration) { r.District = people.OutsideAssam }},
		{"two-word district", func(r *people.Registration) { r.District = "South Salmara-Mankachar" }},
		{"ten-digit phone", func(r *people.Registration) { r.Phone = "9864012345" }},
		{"phone with brackets", func(r *people.Registration) { r.Phone = "(0376) 232-1234" }},
		{"name of 120 letters", func(r *people.Registration) { r.Name = strings.Repeat("ক", 120) }},
		{"bio of 2000 letters", func(r *people.Registration) { r.Bio = strings.Repeat("ব", 2000) }},
		{"one language", func(r *people.Registration) { r.Languages = []string{"as"} }},
		{"Assamese password", func(r *people.Registration) { r.Password = "ব্ৰহ্মপুত্ৰৰ পাৰত" }},
		{"short e-mail local part in password", func(r *people.Registration) {
			r.Email = "pb@example.org"
			r.Password = "pb likes long walks"
		}},
		{"name inside a long passphrase", func(r *people.Registration) { r.Password = "priyanka walks to jorhat" }},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		st, _ := newStore(d)
		for i, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				in := validRegistration(strings.Repeat("x", i+1) + "@example.org")
				c.edit(&in)
				if _, err := st.Register(context.Background(), in, func(*db.Tx, people.User, string) error { return nil }); err != nil {
					t.Fatalf("Register = %v", err)
				}
			})
		}
	})
}

// TestRegisterThenFails proves the account and its token are one transaction with the e-mail
// that then queues.
func TestRegisterThenFails(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := newStore(d)
		boom := errors.New("outbox is full")
		_, err := st.Register(ctx, validRegistration("priyanka@example.org"), func(tx *db.Tx, u people.User, _ string) error {
			if _, err := tx.Exec(ctx, "UPDATE users SET bio = ? WHERE id = ?", "written in then", u.ID); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("Register = %v, want then's error", err)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM users"); n != 0 {
			t.Fatalf("%d accounts left behind", n)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM tokens"); n != 0 {
			t.Fatalf("%d tokens left behind", n)
		}
		// The address is free again.
		register(t, st, "priyanka@example.org")
	})
}

// TestRegisterRace registers one address from ten requests at once (a double-clicked form):
// one account, and every other request told the address is taken. Hashing the password
// before the transaction staggers the requests, so a few rounds are run to make them meet.
func TestRegisterRace(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		st, _ := newStore(d)
		for round := range raceRounds {
			email := fmt.Sprintf("double%d@example.org", round)
			errs := race(10, func(int) error {
				_, err := st.Register(context.Background(), validRegistration(email), func(*db.Tx, people.User, string) error { return nil })
				return err
			})
			ok := 0
			for _, err := range errs {
				fe, _ := fielderr.As(err)
				switch {
				case err == nil:
					ok++
				case fe.Code("email") == fielderr.AccountExists:
				default:
					t.Errorf("round %d: Register = %v, want success or email: account_exists", round, err)
				}
			}
			if ok != 1 {
				t.Errorf("round %d: %d registrations succeeded, want 1", round, ok)
			}
			if n := count(t, d, "SELECT COUNT(*) FROM users WHERE email = ?", email); n != 1 {
				t.Fatalf("round %d: %d accounts, want 1", round, n)
			}
		}
	})
}

func TestVerifyEmail(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := newStore(d)
		u, token := register(t, st, "priyanka@example.org")
		var told people.User
		got, err := st.VerifyEmail(ctx, token, func(_ *db.Tx, u people.User) error { told = u; return nil })
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != u.ID || got.Status != people.StatusPending || told.Status != people.StatusPending {
			t.Fatalf("VerifyEmail = %+v, then got %+v, want the account pending", got, told)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM users WHERE id = ? AND email_verified_at IS NOT NULL", u.ID); n != 1 {
			t.Error("email_verified_at not set")
		}
		// Still not allowed in: an editor must approve first.
		if _, err := st.Authenticate(ctx, u.Email, testPassword); !errors.Is(err, people.ErrNotActive) {
			t.Errorf("Authenticate while pending = %v, want ErrNotActive", err)
		}
		if _, err := st.VerifyEmail(ctx, token, func(*db.Tx, people.User) error { return nil }); !errors.Is(err, people.ErrTokenInvalid) {
			t.Fatalf("reused token: %v, want ErrTokenInvalid", err)
		}
	})
}

func TestVerifyEmailRejectsBadTokens(t *testing.T) {
	cases := []struct {
		name  string
		token func(t *testing.T, st store, c *testkit.Clock) string
	}{
		{"empty", func(*testing.T, store, *testkit.Clock) string { return "" }},
		{"unknown", func(*testing.T, store, *testkit.Clock) string { return "bm90LWEtcmVhbC10b2tlbg" }},
		{"expired", func(t *testing.T, st store, c *testkit.Clock) string {
			_, token := register(t, st, "late@example.org")
			c.Advance(49 * time.Hour)
			return token
		}},
		{"reset token", func(t *testing.T, st store, c *testkit.Clock) string {
			u := activeUser(t, st, "staff@example.org", people.Editor)
			return resetToken(t, st, u.Email)
		}},
		{"replaced by a resent one", func(t *testing.T, st store, c *testkit.Clock) string {
			_, token := register(t, st, "resent@example.org")
			if err := st.ResendVerification(context.Background(), "resent@example.org", func(*db.Tx, people.User, string) error { return nil }); err != nil {
				t.Fatal(err)
			}
			return token
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dbtest.Each(t, func(t *testing.T, d *db.DB) {
				st, clk := newStore(d)
				token := c.token(t, st, clk)
				called := false
				u, err := st.VerifyEmail(context.Background(), token, func(*db.Tx, people.User) error { called = true; return nil })
				if !errors.Is(err, people.ErrTokenInvalid) || called {
					t.Fatalf("VerifyEmail = %+v, %v (then called: %v), want ErrTokenInvalid", u, err, called)
				}
				if n := count(t, d, "SELECT COUNT(*) FROM users WHERE status = ?", people.StatusPending); n != 0 {
					t.Fatalf("%d accounts became pending", n)
				}
			})
		})
	}
}

func TestVerifyEmailJustBeforeExpiry(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		st, clk := newStore(d)
		_, token := register(t, st, "prompt@example.org")
		clk.Advance(47 * time.Hour)
		if _, err := st.VerifyEmail(context.Background(), token, func(*db.Tx, people.User) error { return nil }); err != nil {
			t.Fatalf("token 47h old: %v", err)
		}
	})
}

func TestVerifyEmailThenFails(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := newStore(d)
		u, token := register(t, st, "priyanka@example.org")
		boom := errors.New("could not tell the editors")
		if _, err := st.VerifyEmail(ctx, token, func(*db.Tx, people.User) error { return boom }); !errors.Is(err, boom) {
			t.Fatalf("VerifyEmail = %v, want then's error", err)
		}
		if got, _ := st.Get(ctx, u.ID); got.Status != people.StatusUnverified {
			t.Fatalf("status = %s after a failed then, want unverified", got.Status)
		}
		// The token was not spent: the link works on a second try.
		if got, err := st.VerifyEmail(ctx, token, func(*db.Tx, people.User) error { return nil }); err != nil || got.Status != people.StatusPending {
			t.Fatalf("retry = %+v, %v", got, err)
		}
	})
}

func TestResendVerification(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := newStore(d)
		u, old := register(t, st, "priyanka@example.org")
		var fresh string
		var to people.User
		if err := st.ResendVerification(ctx, "  Priyanka@Example.org ", func(_ *db.Tx, u people.User, tok string) error {
			to, fresh = u, tok
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if fresh == "" || fresh == old || to.ID != u.ID {
			t.Fatalf("resend gave %q to %+v (old token %q)", fresh, to, old)
		}
		if _, err := st.VerifyEmail(ctx, old, func(*db.Tx, people.User) error { return nil }); !errors.Is(err, people.ErrTokenInvalid) {
			t.Fatalf("old token after resend: %v, want ErrTokenInvalid", err)
		}
		if got, err := st.VerifyEmail(ctx, fresh, func(*db.Tx, people.User) error { return nil }); err != nil || got.Status != people.StatusPending {
			t.Fatalf("new token: %+v, %v", got, err)
		}

		// Nothing happens, and nothing is said, for addresses with nothing to verify.
		activeUser(t, st, "staff@example.org", people.Editor)
		tokens := count(t, d, "SELECT COUNT(*) FROM tokens")
		for _, email := range []string{"nobody@example.org", "priyanka@example.org", "staff@example.org", ""} {
			called := false
			err := st.ResendVerification(ctx, email, func(*db.Tx, people.User, string) error { called = true; return nil })
			if err != nil || called {
				t.Errorf("ResendVerification(%q) = %v, then called: %v; want nil and no call", email, err, called)
			}
		}
		if n := count(t, d, "SELECT COUNT(*) FROM tokens"); n != tokens {
			t.Fatalf("%d tokens, want %d: a resend for a verified or unknown address issued one", n, tokens)
		}
	})
}

func TestResendVerificationThenFails(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := newStore(d)
		_, old := register(t, st, "priyanka@example.org")
		boom := errors.New("mail queue down")
		if err := st.ResendVerification(ctx, "priyanka@example.org", func(*db.Tx, people.User, string) error { return boom }); !errors.Is(err, boom) {
			t.Fatalf("ResendVerification = %v, want then's error", err)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM tokens"); n != 1 {
			t.Fatalf("%d tokens after a rolled-back resend, want the original 1", n)
		}
		// The old link was not invalidated by the failed resend.
		if _, err := st.VerifyEmail(ctx, old, func(*db.Tx, people.User) error { return nil }); err != nil {
			t.Fatalf("old token after failed resend: %v", err)
		}
	})
}

// TestVerifyEmailRace spends one verification link from ten requests at once.
func TestVerifyEmailRace(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		st, _ := newStore(d)
		_, token := register(t, st, "priyanka@example.org")
		var mu sync.Mutex
		thens := 0
		errs := race(10, func(int) error {
			_, err := st.VerifyEmail(context.Background(), token, func(*db.Tx, people.User) error {
				mu.Lock()
				thens++
				mu.Unlock()
				return nil
			})
			return err
		})
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, people.ErrTokenInvalid):
				t.Errorf("VerifyEmail = %v, want nil or ErrTokenInvalid", err)
			}
		}
		if ok != 1 {
			t.Fatalf("%d of 10 verifications succeeded, want exactly 1", ok)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM tokens WHERE used_at IS NOT NULL"); n != 1 {
			t.Fatalf("%d tokens used, want 1", n)
		}
		if thens != 1 {
			t.Fatalf("then ran %d times, want once", thens)
		}
	})
}
