package people_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/secretbox"
	"github.com/batori-news/batori/internal/testkit"
)

func TestCreateAndAuthenticate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st := people.NewStore(d).WithHashCost(people.LightHashCost)
		u, err := st.Create(ctx, people.NewUser{Email: "Editor@Example.org", Name: "Editor", Password: "correct horse battery", Role: people.Admin})
		if err != nil {
			t.Fatal(err)
		}
		if u.Email != "editor@example.org" || u.Role != people.Admin {
			t.Fatalf("created %+v", u)
		}
		if _, err := st.Create(ctx, people.NewUser{Email: "editor@example.org", Name: "Again", Password: "another long pass", Role: people.Editor}); !errors.Is(err, people.ErrEmailTaken) {
			t.Fatalf("duplicate e-mail: %v", err)
		}
		got, err := st.Authenticate(ctx, "EDITOR@example.org", "correct horse battery")
		if err != nil || got.ID != u.ID {
			t.Fatalf("authenticate: %+v %v", got, err)
		}
		for _, c := range []struct{ email, pass string }{{"editor@example.org", "wrong password!"}, {"nobody@example.org", "correct horse battery"}} {
			if _, err := st.Authenticate(ctx, c.email, c.pass); !errors.Is(err, people.ErrBadCredentials) {
				t.Errorf("Authenticate(%s) = %v, want ErrBadCredentials", c.email, err)
			}
		}
	})
}

func TestCreateRejectsBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		st := people.NewStore(d).WithHashCost(people.LightHashCost)
		cases := map[string]people.NewUser{
			"bad email":      {Email: "not-an-email", Name: "X", Password: "long enough pass", Role: people.Admin},
			"short password": {Email: "a@example.org", Name: "X", Password: "short", Role: people.Admin},
			"no name":        {Email: "a@example.org", Name: " ", Password: "long enough pass", Role: people.Admin},
			"bad role":       {Email: "a@example.org", Name: "X", Password: "long enough pass", Role: "owner"},
		}
		for name, in := range cases {
			if _, err := st.Create(context.Background(), in); err == nil {
				t.Errorf("%s: accepted", name)
			}
		}
		var n int
		d.QueryRow(context.Background(), "SELECT COUNT(*) FROM users").Scan(&n)
		if n != 0 {
			t.Fatalf("%d users stored from bad input", n)
		}
	})
}

func TestPasswordHashRoundTrip(t *testing.T) {
	h, err := people.HashPassword("পাছৱৰ্ড with Assamese")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := people.CheckPassword(h, "পাছৱৰ্ড with Assamese"); !ok || err != nil {
		t.Fatalf("right password rejected: %v", err)
	}
	if ok, _ := people.CheckPassword(h, "পাছৱৰ্ড with assamese"); ok {
		t.Fatal("wrong password accepted")
	}
}

func TestCreateFirstAdmin(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := newStore(d)
		if n, err := st.CountAdmins(ctx); n != 0 || err != nil {
			t.Fatalf("CountAdmins on a new site = %d, %v", n, err)
		}
		token, _, err := st.NewSetupToken(ctx)
		if err != nil {
			t.Fatal(err)
		}
		u, err := st.CreateFirstAdmin(ctx, token, people.NewUser{Email: "founder@example.org", Name: "Founder", Password: "brahmaputra at dawn", Role: people.Reporter})
		if err != nil {
			t.Fatal(err)
		}
		if u.Role != people.Admin || u.Status != people.StatusActive {
			t.Fatalf("first admin = %+v, want an active admin whatever role was asked", u)
		}
		if n, err := st.CountAdmins(ctx); n != 1 || err != nil {
			t.Fatalf("CountAdmins = %d, %v, want 1", n, err)
		}
		_, err = st.CreateFirstAdmin(ctx, token, people.NewUser{Email: "intruder@example.org", Name: "Intruder", Password: "brahmaputra at dusk", Role: people.Admin})
		if !errors.Is(err, people.ErrSetupDone) {
			t.Fatalf("second CreateFirstAdmin = %v, want ErrSetupDone", err)
		}
		if _, _, err := st.NewSetupToken(ctx); !errors.Is(err, people.ErrSetupDone) {
			t.Fatalf("NewSetupToken after the setup = %v, want ErrSetupDone", err)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM users"); n != 1 {
			t.Fatalf("%d users after a refused set-up, want 1", n)
		}
		// Editors and reporters do not count as admins.
		activeUser(t, st, "editor@example.org", people.Editor)
		if n, _ := st.CountAdmins(ctx); n != 1 {
			t.Fatalf("CountAdmins = %d after adding an editor, want 1", n)
		}
	})
}

// TestCreateFirstAdminRace sets up a new site from ten requests at once: the comment on
// CreateFirstAdmin promises that only one can win. Password hashing staggers the requests, so
// the race is run on a few fresh databases to make them meet.
func TestCreateFirstAdminRace(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		for round := range raceRounds {
			if round > 0 {
				d = dbtest.Open(t, d.Dialect)
			}
			st, _ := newStore(d)
			token, _, err := st.NewSetupToken(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			errs := race(10, func(i int) error {
				_, err := st.CreateFirstAdmin(context.Background(), token, people.NewUser{
					Email: fmt.Sprintf("admin%d@example.org", i), Name: fmt.Sprintf("Admin %d", i), Password: "kaziranga rhino 1905"})
				return err
			})
			ok, done := 0, 0
			for _, err := range errs {
				switch {
				case err == nil:
					ok++
				case errors.Is(err, people.ErrSetupDone):
					done++
				default:
					t.Errorf("round %d: unexpected error: %v", round, err)
				}
			}
			if ok != 1 || done != 9 {
				t.Fatalf("round %d: %d set-ups succeeded and %d got ErrSetupDone, want 1 and 9", round, ok, done)
			}
			if n, _ := st.CountAdmins(context.Background()); n != 1 {
				t.Fatalf("round %d: CountAdmins = %d, want 1", round, n)
			}
		}
	})
}

func TestAuthenticateNotActive(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := newStore(d)
		admin := activeUser(t, st, "admin@example.org", people.Admin)
		unverified, _ := register(t, st, "unverified@example.org")
		pending := pendingUser(t, st, "pending@example.org")
		rejected := pendingUser(t, st, "rejected@example.org")
		if err := st.Reject(ctx, rejected.ID, admin.ID, "no samples of work", nil); err != nil {
			t.Fatal(err)
		}
		suspended := activeUser(t, st, "suspended@example.org", people.Reporter)
		if err := st.Suspend(ctx, suspended.ID, admin.ID); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			u      people.User
			status string
		}{
			{unverified, people.StatusUnverified},
			{pending, people.StatusPending},
			{rejected, people.StatusRejected},
			{suspended, people.StatusSuspended},
		} {
			t.Run(c.status, func(t *testing.T) {
				got, err := st.Authenticate(ctx, c.u.Email, testPassword)
				if !errors.Is(err, people.ErrNotActive) {
					t.Fatalf("right password: %v, want ErrNotActive", err)
				}
				if got.ID != c.u.ID || got.Status != c.status {
					t.Fatalf("ErrNotActive came with %+v, want the %s account", got, c.status)
				}
				// A wrong password must not reveal the account's state.
				got, err = st.Authenticate(ctx, c.u.Email, "not the password at all")
				if !errors.Is(err, people.ErrBadCredentials) || got.ID != 0 {
					t.Fatalf("wrong password: %+v, %v, want ErrBadCredentials and no account", got, err)
				}
			})
		}
	})
}

// testPassword is the password of every account the helpers make.
const testPassword = "monsoon over majuli 7"

// newStore returns a store over d whose clock starts at a fixed moment and moves only when told.
func newStore(d *db.DB) (store, *testkit.Clock) {
	c := testkit.NewClock(time.Date(2025, 4, 14, 9, 30, 0, 0, time.UTC))
	h := &hooks{}
	d.Subscribe(h)
	return store{Store: people.NewStore(d).WithClock(c.Now).WithHashCost(people.LightHashCost).WithSecretBox(testBox), hooks: h}, c
}

// testBox seals the tests' TOTP secrets under a fixed key.
var testBox = mustBox(bytes.Repeat([]byte{1}, 32))

func mustBox(key []byte) *secretbox.Box {
	b, err := secretbox.New(key, "test key")
	if err != nil {
		panic(err)
	}
	return b
}

// validRegistration is a registration that passes every check.
func validRegistration(email string) people.Registration {
	return people.Registration{
		Name: "Priyanka Bora", Email: email, Phone: "+91 98640 12345", District: "Jorhat",
		Languages: []string{"as", "en"}, Bio: "Covers the tea gardens of Upper Assam.", Password: testPassword, UILang: "as",
	}
}

// register registers a reporter with email and returns the account and its verification token.
func register(t *testing.T, st store, email string) (people.User, string) {
	t.Helper()
	var token string
	u, err := st.Register(context.Background(), validRegistration(email), func(_ *db.Tx, _ people.User, tok string) error {
		token = tok
		return nil
	})
	if err != nil {
		t.Fatalf("register %s: %v", email, err)
	}
	return u, token
}

// pendingUser registers a reporter and verifies the e-mail, leaving the account for review.
func pendingUser(t *testing.T, st store, email string) people.User {
	t.Helper()
	_, token := register(t, st, email)
	u, err := st.VerifyEmail(context.Background(), token, func(*db.Tx, people.User) error { return nil })
	if err != nil {
		t.Fatalf("verify %s: %v", email, err)
	}
	return u
}

// activeUser creates an active account with role and testPassword.
func activeUser(t *testing.T, st store, email string, role people.Role) people.User {
	t.Helper()
	u, err := st.Create(context.Background(), people.NewUser{Email: email, Name: "Staff Member", Password: testPassword, Role: role})
	if err != nil {
		t.Fatalf("create %s: %v", email, err)
	}
	return u
}

// count runs a COUNT query.
func count(t *testing.T, d *db.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := d.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// raceRounds is how many times the race tests whose requests hash a password first repeat
// their race.
const raceRounds = 5

// race runs fn n times at once, released together, and returns each call's error.
func race(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = fn(i)
		}()
	}
	close(start)
	wg.Wait()
	return errs
}
