package people_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/people"
)

// TestSetupToken: the first admin is created only with a live setup token; a guessed, expired
// or already used one creates nobody, and the database holds only the token's hash.
func TestSetupToken(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, clock := newStore(d)
		founder := people.NewUser{Email: "founder@example.org", Name: "Founder", Password: "brahmaputra at dawn"}
		for _, token := range []string{"", "guess"} {
			if _, err := st.CreateFirstAdmin(ctx, token, founder); !errors.Is(err, people.ErrTokenInvalid) {
				t.Fatalf("CreateFirstAdmin with token %q = %v, want ErrTokenInvalid", token, err)
			}
		}

		old, expires, err := st.NewSetupToken(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := clock.Now().Add(people.SetupTokenTTL); !expires.Equal(want) {
			t.Errorf("token expires %v, want %v", expires, want)
		}
		var stored string
		if err := d.QueryRow(ctx, "SELECT key FROM settings WHERE key LIKE 'setup_token.%'").Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(stored, old) {
			t.Error("the setup token is stored in clear")
		}
		clock.Advance(people.SetupTokenTTL - time.Hour)
		fresh, _, err := st.NewSetupToken(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.CheckSetupToken(ctx, old); err != nil {
			t.Errorf("an earlier live token stopped working when another was issued: %v", err)
		}
		clock.Advance(time.Hour)
		if err := st.CheckSetupToken(ctx, old); !errors.Is(err, people.ErrTokenInvalid) {
			t.Errorf("CheckSetupToken of an expired token = %v, want ErrTokenInvalid", err)
		}
		if _, err := st.CreateFirstAdmin(ctx, old, founder); !errors.Is(err, people.ErrTokenInvalid) {
			t.Fatalf("CreateFirstAdmin with an expired token = %v, want ErrTokenInvalid", err)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM users"); n != 0 {
			t.Fatalf("%d users after refused set-ups", n)
		}

		if _, err := st.CreateFirstAdmin(ctx, fresh, founder); err != nil {
			t.Fatal(err)
		}
		if n := count(t, d, "SELECT COUNT(*) FROM settings WHERE key LIKE 'setup_token.%'"); n != 0 {
			t.Errorf("%d setup tokens left after the setup", n)
		}
		if err := st.CheckSetupToken(ctx, fresh); !errors.Is(err, people.ErrSetupDone) {
			t.Errorf("CheckSetupToken of a used token = %v, want ErrSetupDone", err)
		}
		_, err = st.CreateFirstAdmin(ctx, fresh, people.NewUser{Email: "again@example.org", Name: "Again", Password: "brahmaputra at dusk"})
		if err == nil {
			t.Fatal("a used setup token created a second admin")
		}
	})
}
