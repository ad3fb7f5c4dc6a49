package people_test

import (
	"context"
	"errors"
	"testing"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/people"
)

// TestImportedAccountInvited: an account an import brings in (a WordPress author) has no
// password and can neither sign in nor ask for a reset until an admin reinstates it; then
// "forgot password" gives it one.
func TestImportedAccountInvited(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := newStore(d)
		admin := activeUser(t, st, "admin@example.org", people.Admin)
		id, err := st.ImportAccount(ctx, " Anjali@Example.org ", "Anjali Bora")
		if err != nil {
			t.Fatal(err)
		}
		if again, err := st.ImportAccount(ctx, "anjali@example.org", "Anjali"); err != nil || again != id {
			t.Fatalf("a second import: %d %v, want %d", again, err, id)
		}
		for _, pw := range []string{"", "!imported", testPassword} {
			if _, err := st.Authenticate(ctx, "anjali@example.org", pw); !errors.Is(err, people.ErrBadCredentials) {
				t.Errorf("sign-in with %q: %v", pw, err)
			}
		}
		called := false
		if err := st.RequestPasswordReset(ctx, "anjali@example.org", func(*db.Tx, people.User, string) error { called = true; return nil }); err != nil || called {
			t.Fatalf("reset before the invitation: %v, sent %v", err, called)
		}
		if err := st.Reinstate(ctx, id, admin.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := st.ResetPassword(ctx, resetToken(t, st, "anjali@example.org"), newPassword); err != nil {
			t.Fatal(err)
		}
		if u, err := st.Authenticate(ctx, "anjali@example.org", newPassword); err != nil || u.ID != id || u.Role != people.Reporter {
			t.Fatalf("sign-in after the invitation: %+v %v", u, err)
		}
	})
}
