package people_test

import (
	"context"
	"errors"
	"testing"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/people"
)

func TestCreateAndAuthenticate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st := people.NewStore(d)
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
		st := people.NewStore(d)
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
