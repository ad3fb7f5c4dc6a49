package translation_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/translation"
)

func TestConfig(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		env := map[string]string{}
		getenv := func(k string) string { return env[k] }

		c, err := translation.LoadConfig(ctx, d, getenv)
		if err != nil || c.Provider != "" || c.Configured() {
			t.Fatalf("new site: %+v %v", c, err)
		}
		if _, err := c.NewProvider(); !errors.Is(err, translation.ErrNotConfigured) {
			t.Errorf("NewProvider with none: %v", err)
		}

		// Stored settings: only the provider's own fields are kept.
		key := "AIzaSyExample-0123456789abcd"
		if err := translation.SaveConfig(ctx, d, "google-v2", map[string]string{"api_key": key, "model": "nmt", "region": "ignored"}); err != nil {
			t.Fatal(err)
		}
		c, err = translation.LoadConfig(ctx, d, getenv)
		if err != nil || c.Provider != "google-v2" || c.Settings["api_key"] != key || c.Settings["region"] != "" || !c.Configured() {
			t.Fatalf("stored: %+v %v", c, err)
		}
		if m := c.Masked()["api_key"]; strings.Contains(m, key[:8]) || !strings.HasSuffix(m, "abcd") {
			t.Errorf("masked key %q", m)
		}
		if p, err := c.NewProvider(); err != nil || p.Name() != "google-v2" {
			t.Errorf("NewProvider: %v", err)
		}

		// The environment wins, field by field, and says so.
		env[translation.EnvProvider] = "azure"
		env["BATORI_MT_API_KEY"] = "env-key-0123456789-wxyz"
		env["BATORI_MT_REGION"] = "centralindia"
		c, err = translation.LoadConfig(ctx, d, getenv)
		if err != nil || c.Provider != "azure" || c.Settings["api_key"] != "env-key-0123456789-wxyz" || c.Settings["region"] != "centralindia" ||
			!c.FromEnv["provider"] || !c.FromEnv["api_key"] || c.FromEnv["base_url"] {
			t.Errorf("with environment: %+v %v", c, err)
		}
		if translation.EnvName("credentials_json") != "BATORI_MT_CREDENTIALS_JSON" {
			t.Errorf("EnvName = %s", translation.EnvName("credentials_json"))
		}

		// A provider without its required fields is not configured.
		clear(env)
		if err := translation.SaveConfig(ctx, d, "bhashini", map[string]string{"user_id": "u1"}); err != nil {
			t.Fatal(err)
		}
		if c, _ := translation.LoadConfig(ctx, d, getenv); c.Configured() || c.Settings["api_key"] != "" {
			t.Errorf("bhashini without a key: %+v", c)
		}
		if err := translation.SaveConfig(ctx, d, "no-such-engine", nil); err == nil {
			t.Error("unknown provider saved")
		}
		// Saving no provider turns machine translation off and forgets the keys.
		if err := translation.SaveConfig(ctx, d, "", nil); err != nil {
			t.Fatal(err)
		}
		if c, _ := translation.LoadConfig(ctx, d, getenv); c.Provider != "" || len(c.Settings) != 0 {
			t.Errorf("after turning off: %+v", c)
		}
	})
}

func TestServiceTestConnection(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		eng := &fakeEngine{name: "google-v2", model: "nmt", fn: func(s translation.Segment) string { return "অসম ৷ " }}
		svc := translation.NewService(d, func(string) string { return "" }).WithProviders(func(translation.Config) (translation.Provider, error) {
			return eng, nil
		})
		if _, err := svc.TestConnection(ctx, translation.Config{}); !errors.Is(err, translation.ErrNotConfigured) {
			t.Errorf("test without provider: %v", err)
		}
		if _, err := svc.Translator(ctx); !errors.Is(err, translation.ErrNotConfigured) {
			t.Errorf("translator without provider: %v", err)
		}
		if err := svc.SaveConfig(ctx, "google-v2", map[string]string{"api_key": "k-0123456789abcdef"}); err != nil {
			t.Fatal(err)
		}
		c, err := svc.Config(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// Twice: the test always reaches the engine, never the memory.
		for range 2 {
			got, err := svc.TestConnection(ctx, c)
			if err != nil || got != "অসম ।" {
				t.Errorf("TestConnection = %q, %v", got, err)
			}
		}
		if eng.calls() != 2 || eng.last().Segments[0].Text != translation.TestWord || eng.last().Target != locale.Assamese {
			t.Errorf("engine saw %d calls, last %+v", eng.calls(), eng.last())
		}
		rows, err := svc.Usage.List(ctx)
		if err != nil || len(rows) != 1 || rows[0].Chars != 10 || rows[0].Requests != 2 {
			t.Errorf("usage %+v %v", rows, err)
		}
		tr, err := svc.Translator(ctx)
		if err != nil || !tr.Configured() || tr.Provider() != eng {
			t.Errorf("Translator: %v", err)
		}

		eng.err = &translation.ProviderError{Provider: "google-v2", Status: 403, Message: "API key not valid", Kind: translation.ErrAuth}
		if _, err := svc.TestConnection(ctx, c); !errors.Is(err, translation.ErrAuth) {
			t.Errorf("refused key: %v", err)
		}
	})
}
