package app_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/secretbox"
)

// TestSecretKey: the first start makes a key file readable by its owner only; a start with
// another key (a node without the shared BATORI_SECRET_KEY) stops with an error saying so; a
// plain-text TOTP secret left from before encryption is sealed on start and still works.
func TestSecretKey(t *testing.T) {
	for name, mk := range configs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			cfg := mk(t)
			cfg.Migrate = true
			a, err := app.New(ctx, cfg, quiet)
			if err != nil {
				t.Fatal(err)
			}
			info, err := os.Stat(filepath.Join(cfg.DataDir, secretbox.KeyFile))
			if err != nil || info.Mode().Perm() != 0o600 {
				t.Fatalf("key file: %v, %v", info, err)
			}
			u, err := a.People.WithHashCost(people.LightHashCost).Create(ctx, people.NewUser{Email: "ed@example.org", Name: "Ed", Password: "a long enough password", Role: people.Editor})
			if err != nil {
				t.Fatal(err)
			}
			const plain = "JBSWY3DPEHPK3PXP"
			if _, err := a.DB.Exec(ctx, "UPDATE users SET totp_secret = ?, totp_enabled = ? WHERE id = ?", plain, true, u.ID); err != nil {
				t.Fatal(err)
			}
			a.Close()

			wrong := cfg
			wrong.SecretKey = base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{9}, 32))
			if _, err := app.New(ctx, wrong, quiet); err == nil || !strings.Contains(err.Error(), secretbox.EnvKey) {
				t.Fatalf("start with another key = %v, want an error naming %s", err, secretbox.EnvKey)
			}

			a, err = app.New(ctx, cfg, quiet)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			var stored string
			if err := a.DB.QueryRow(ctx, "SELECT totp_secret FROM users WHERE id = ?", u.ID).Scan(&stored); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(stored, plain) || !secretbox.IsSealed(stored) {
				t.Fatalf("plain secret not sealed on start: %q", stored)
			}
			c, _ := people.TOTPCode(plain, time.Now())
			if err := a.People.CheckTOTP(ctx, u.ID, c); err != nil {
				t.Fatalf("the sealed secret: %v", err)
			}
		})
	}
}
