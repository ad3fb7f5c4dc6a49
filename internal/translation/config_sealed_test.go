package translation_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/secretbox"
	"github.com/batori-news/batori/internal/settings"
	"github.com/batori-news/batori/internal/translation"
)

func box(t *testing.T, b byte) *secretbox.Box {
	t.Helper()
	k, err := secretbox.New(bytes.Repeat([]byte{b}, 32), "test key")
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestConfigSecretsSealed: a provider's secrets are stored sealed and read back open, plain
// ones from before are sealed at start, other fields stay readable, and a wrong key is an
// error rather than a key the engine refuses later.
func TestConfigSecretsSealed(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		kv := settings.NewStore(d)
		key := "AIzaSyExample-0123456789abcd"

		// Saved before encryption: plain; sealing at start seals the key, not the model.
		if err := translation.SaveConfig(ctx, d, "google-v2", map[string]string{"api_key": key, "model": "nmt"}); err != nil {
			t.Fatal(err)
		}
		svc := translation.NewService(d, nil).WithSecretBox(box(t, 1))
		if n, err := svc.SealSecrets(ctx); err != nil || n != 1 {
			t.Fatalf("SealSecrets = %d, %v; want 1", n, err)
		}
		if n, err := svc.SealSecrets(ctx); err != nil || n != 0 {
			t.Fatalf("SealSecrets again = %d, %v; want 0", n, err)
		}
		raw, _, _ := kv.Get(ctx, "mt.api_key")
		if !secretbox.IsSealed(raw) || strings.Contains(raw, key) {
			t.Errorf("stored key %q", raw)
		}
		if model, _, _ := kv.Get(ctx, "mt.model"); model != "nmt" {
			t.Errorf("model stored as %q", model)
		}
		c, err := svc.Config(ctx)
		if err != nil || c.Settings["api_key"] != key || !c.Configured() {
			t.Fatalf("Config = %+v, %v", c, err)
		}

		// Saved through the service: sealed at once.
		json := `{"type":"service_account","client_email":"mt@example.iam.gserviceaccount.com","private_key":"-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----\n","project_id":"p"}`
		if err := svc.SaveConfig(ctx, "google-v3", map[string]string{"credentials_json": json, "project_id": "p", "location": "global"}); err != nil {
			t.Fatal(err)
		}
		raw, _, _ = kv.Get(ctx, "mt.credentials_json")
		if !secretbox.IsSealed(raw) || strings.Contains(raw, "PRIVATE") {
			t.Errorf("stored service-account key %q", raw)
		}
		if c, err := svc.Config(ctx); err != nil || c.Settings["credentials_json"] != json {
			t.Errorf("Config = %+v, %v", c, err)
		}

		// Another key: neither read nor sealing passes.
		wrong := translation.NewService(d, nil).WithSecretBox(box(t, 2))
		if _, err := wrong.Config(ctx); !errors.Is(err, secretbox.ErrWrongKey) {
			t.Errorf("Config with another key = %v", err)
		}
		if _, err := wrong.SealSecrets(ctx); !errors.Is(err, secretbox.ErrWrongKey) {
			t.Errorf("SealSecrets with another key = %v", err)
		}
	})
}
