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
	"github.com/batori-news/batori/internal/settings"
	"github.com/batori-news/batori/internal/translation"
)

// TestSecretKey: the first start makes a key file readable by its owner only; a start with
// another key (a node without the shared BATORI_SECRET_KEY) stops with an error saying so; a
// plain-text TOTP secret and translation key left from before encryption are sealed on start
// and still work.
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
			// A translation key saved in plain text, as before encryption.
			const apiKey = "AIzaSyPlain-key-0123456789-last9876"
			if err := translation.SaveConfig(ctx, a.DB, "google-v2", map[string]string{"api_key": apiKey}); err != nil {
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
			if raw, _, _ := settings.NewStore(a.DB).Get(ctx, "mt.api_key"); strings.Contains(raw, apiKey) || !secretbox.IsSealed(raw) {
				t.Fatalf("plain translation key not sealed on start: %q", raw)
			}
			if mt, err := a.MT.Config(ctx); err != nil || mt.Settings["api_key"] != apiKey {
				t.Fatalf("translation key read back as %q (%v)", mt.Settings["api_key"], err)
			}
			c, _ := people.TOTPCode(plain, time.Now())
			if err := a.People.CheckTOTP(ctx, u.ID, c); err != nil {
				t.Fatalf("the sealed secret: %v", err)
			}
		})
	}
}
