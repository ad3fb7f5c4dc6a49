package people_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/secretbox"
)

func storedSecret(t *testing.T, d *db.DB, userID int64) string {
	t.Helper()
	var v string
	if err := d.QueryRow(context.Background(), "SELECT totp_secret FROM users WHERE id = ?", userID).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestTOTPSecretSealed: the users row never holds the secret an authenticator app is given.
func TestTOTPSecretSealed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, clk := newStore(d)
		u := activeUser(t, st, "editor@example.org", people.Editor)
		setup, err := st.BeginTOTP(ctx, u, "Batori")
		if err != nil {
			t.Fatal(err)
		}
		if v := storedSecret(t, d, u.ID); strings.Contains(v, setup.Secret) || !secretbox.IsSealed(v) {
			t.Fatalf("pending secret stored as %q", v)
		}
		if err := st.ConfirmTOTP(ctx, u.ID, code(t, setup.Secret, clk.Now())); err != nil {
			t.Fatal(err)
		}
		if v := storedSecret(t, d, u.ID); strings.Contains(v, setup.Secret) {
			t.Fatalf("confirmed secret stored as %q", v)
		}
		// A sealed secret copied to another account does not open there.
		other := activeUser(t, st, "other@example.org", people.Editor)
		if _, err := d.Exec(ctx, "UPDATE users SET totp_secret = ?, totp_enabled = ? WHERE id = ?", storedSecret(t, d, u.ID), true, other.ID); err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Minute)
		if err := st.CheckTOTP(ctx, other.ID, code(t, setup.Secret, clk.Now())); !errors.Is(err, secretbox.ErrWrongKey) {
			t.Fatalf("CheckTOTP with another account's sealed secret = %v, want ErrWrongKey", err)
		}
		if _, err := people.NewStore(d).BeginTOTP(ctx, u, "Batori"); !errors.Is(err, people.ErrNoSecretBox) {
			t.Fatalf("BeginTOTP without a key = %v, want ErrNoSecretBox", err)
		}
	})
}

// TestSealSecrets: secrets stored in plain text before encryption are sealed on start without
// being lost, and a wrong key is a clear error, not a panic or a "wrong code".
func TestSealSecrets(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, clk := newStore(d)
		u := activeUser(t, st, "editor@example.org", people.Editor)
		none := activeUser(t, st, "reporter@example.org", people.Reporter)
		const plain = "JBSWY3DPEHPK3PXP"
		if _, err := d.Exec(ctx, "UPDATE users SET totp_secret = ?, totp_enabled = ? WHERE id = ?", plain, true, u.ID); err != nil {
			t.Fatal(err)
		}
		n, err := st.SealSecrets(ctx)
		if err != nil || n != 1 {
			t.Fatalf("SealSecrets = %d, %v; want 1 sealed", n, err)
		}
		if v := storedSecret(t, d, u.ID); strings.Contains(v, plain) || !secretbox.IsSealed(v) {
			t.Fatalf("after SealSecrets the row holds %q", v)
		}
		if v := storedSecret(t, d, none.ID); v != "" {
			t.Fatalf("an account without TOTP got %q", v)
		}
		if err := st.CheckTOTP(ctx, u.ID, code(t, plain, clk.Now())); err != nil {
			t.Fatalf("the sealed secret no longer gives codes: %v", err)
		}
		if n, err := st.SealSecrets(ctx); err != nil || n != 0 {
			t.Fatalf("second SealSecrets = %d, %v; want nothing to do", n, err)
		}

		wrong := st.WithSecretBox(mustBox(bytes.Repeat([]byte{2}, 32)))
		if _, err := wrong.SealSecrets(ctx); !errors.Is(err, secretbox.ErrWrongKey) || !strings.Contains(err.Error(), "test key") {
			t.Fatalf("SealSecrets with a wrong key = %v, want ErrWrongKey naming the key's source", err)
		}
		clk.Advance(time.Minute)
		if err := wrong.CheckTOTP(ctx, u.ID, code(t, plain, clk.Now())); !errors.Is(err, secretbox.ErrWrongKey) {
			t.Fatalf("CheckTOTP with a wrong key = %v, want ErrWrongKey", err)
		}
	})
}
