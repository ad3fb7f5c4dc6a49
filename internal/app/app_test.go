package app_test

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/config"
	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/testkit"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// baseConfig is a SQLite site in a temporary data folder whose database is already migrated
// (a copy of one migrated once, dbtest.MigratedDataDir: migrating under -race takes seconds);
// --migrate on it finds nothing to do.
func baseConfig(t *testing.T) config.Config {
	c := emptyConfig(t)
	c.DataDir = dbtest.MigratedDataDir(t)
	return c
}

// emptyConfig is a site in an empty temporary data folder, whose database nothing has made yet.
// Its passwords are hashed at the light test cost (people.LightHashCost).
func emptyConfig(t *testing.T) config.Config {
	return config.Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), LogFormat: "text", MaxBodyBytes: 64 << 10, ShutdownTimeout: 5 * time.Second,
		LightPasswordHashesForTests: true}
}

// configs returns a config per database: SQLite in a temporary folder, PostgreSQL in a fresh schema.
func configs(t *testing.T) map[string]func(t *testing.T) config.Config {
	return map[string]func(t *testing.T) config.Config{
		"sqlite":   baseConfig,
		"postgres": postgresConfig,
	}
}

// postgresConfig is a site on a fresh, empty PostgreSQL schema with an empty data folder.
func postgresConfig(t *testing.T) config.Config {
	c := emptyConfig(t)
	c.DatabaseURL = dbtest.NewPostgresSchema(t)
	return c
}

// TestPasswordsHashedAtTheRealCost: the light hashes the tests ask for are theirs alone; a site
// configured as `serve` configures it stores passwords at people.DefaultHashCost.
func TestPasswordsHashedAtTheRealCost(t *testing.T) {
	ctx := context.Background()
	var served config.Config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	served.Flags(fs, func(string) string { return "" })
	if err := fs.Parse(nil); err != nil || served.LightPasswordHashesForTests {
		t.Fatalf("the serve flags turn light password hashes on (%v)", err)
	}
	cfg := baseConfig(t)
	cfg.LightPasswordHashesForTests = served.LightPasswordHashesForTests
	cfg.Migrate = true
	a, err := app.New(ctx, cfg, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	u, err := a.People.Create(ctx, people.NewUser{Email: "ed@example.org", Name: "Ed", Password: "a long enough password", Role: people.Editor})
	if err != nil {
		t.Fatal(err)
	}
	var hash string
	if err := a.DB.QueryRow(ctx, "SELECT password_hash FROM users WHERE id = ?", u.ID).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("$m=%d,t=%d,", people.DefaultHashCost.MemoryKiB, people.DefaultHashCost.Time)
	if !strings.Contains(hash, want) {
		t.Errorf("stored hash %.40s..., want the parameters %s", hash, want)
	}
}

func TestServeRefusesSchemaBehind(t *testing.T) {
	for name, mk := range map[string]func(t *testing.T) config.Config{"sqlite": emptyConfig, "postgres": postgresConfig} {
		t.Run(name, func(t *testing.T) {
			cfg := mk(t)
			_, err := app.New(context.Background(), cfg, quiet)
			var behind db.ErrSchemaBehind
			if !errors.As(err, &behind) {
				t.Fatalf("New on an empty database = %v, want ErrSchemaBehind", err)
			}
			cfg.Migrate = true
			a, err := app.New(context.Background(), cfg, quiet)
			if err != nil {
				t.Fatalf("New with --migrate: %v", err)
			}
			a.Close()
		})
	}
}

func TestServeHealthLimitsAndShutdown(t *testing.T) {
	for name, mk := range configs(t) {
		t.Run(name, func(t *testing.T) {
			cfg := mk(t)
			cfg.Migrate = true
			a, err := app.New(context.Background(), cfg, quiet)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			ln := testkit.Listen(t)
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- a.ServeListener(ctx, ln) }()
			base := "http://" + ln.Addr().String()

			for path, want := range map[string]string{"/healthz": "ok", "/readyz": "ready"} {
				resp, err := http.Get(base + path)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
					t.Errorf("GET %s = %d %q", path, resp.StatusCode, body)
				}
			}
			// An empty site still serves its home page.
			resp, err := http.Get(base + "/")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Errorf("empty home = %d", resp.StatusCode)
			}
			resp, err = http.Post(base+"/", "text/plain", bytes.NewReader(make([]byte, cfg.MaxBodyBytes+1)))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), "<html") {
				t.Errorf("oversized POST = %d, want 413 page", resp.StatusCode)
			}
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("shutdown: %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("server did not shut down")
			}
		})
	}
}

func TestReadyzFailsWhenDatabaseGone(t *testing.T) {
	cfg := baseConfig(t)
	cfg.Migrate = true
	a, err := app.New(context.Background(), cfg, quiet)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	ln := testkit.Listen(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go a.ServeListener(ctx, ln)
	resp, err := http.Get("http://" + ln.Addr().String() + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("readyz with a closed database = %d", resp.StatusCode)
	}
}

func run(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := app.Main(context.Background(), args, func(string) string { return "" }, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestCommands(t *testing.T) {
	dir := t.TempDir()
	out, _, err := run(t, "", "migrate", "--data", dir)
	if err != nil || !strings.Contains(out, "applied migrations") {
		t.Fatalf("migrate: %q %v", out, err)
	}
	out, _, err = run(t, "", "migrate", "--data", dir)
	if err != nil || !strings.Contains(out, "current") {
		t.Fatalf("second migrate: %q %v", out, err)
	}
	out, _, err = run(t, "correct horse battery staple\n", "user", "create", "--data", dir, "--email", "admin@example.org", "--name", "Admin", "--password-stdin")
	if err != nil || !strings.Contains(out, "created admin account") {
		t.Fatalf("user create: %q %v", out, err)
	}
	if _, _, err = run(t, "correct horse battery staple\n", "user", "create", "--data", dir, "--email", "admin@example.org", "--name", "Admin", "--password-stdin"); err == nil {
		t.Fatal("duplicate user accepted")
	}
	// Bad input is told in words, field by field.
	_, _, err = run(t, "password123\n", "user", "create", "--data", dir, "--email", "not-an-address", "--name", "B", "--password-stdin")
	if err == nil || !strings.Contains(err.Error(), "email: Enter a valid e-mail address") || !strings.Contains(err.Error(), "password: This password is too common") {
		t.Fatalf("user create with bad input: %v", err)
	}
	if _, _, err = run(t, "", "user", "create", "--data", dir, "--email", "b@example.org", "--name", "B"); err == nil {
		t.Fatal("user create without --password-stdin accepted")
	}
	out, _, err = run(t, "", "config", "--database-url", "postgres://u:secret@h/db")
	if err != nil || strings.Contains(out, ":secret@") {
		t.Fatalf("config: %q %v", out, err)
	}
	if out, _, err = run(t, "", "version"); err != nil || !strings.HasPrefix(out, "batori ") {
		t.Fatalf("version: %q %v", out, err)
	}
	if _, _, err = run(t, "", "frobnicate"); err == nil {
		t.Fatal("unknown command accepted")
	}
}

func TestStartupErrorsAreOneClearLine(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	cases := map[string][]string{
		"unwritable data":  {"serve", "--data", filepath.Join(file, "sub")},
		"unreachable db":   {"serve", "--database-url", "postgres://postgres@127.0.0.1:1/x?connect_timeout=2"},
		"bad flag":         {"serve", "--no-such-flag"},
		"bad database url": {"serve", "--database-url", "mysql://x"},
	}
	for name, args := range cases {
		_, _, err := run(t, "", args...)
		if err == nil {
			t.Errorf("%s: started", name)
			continue
		}
		if strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: multi-line error %q", name, err)
		}
	}
}

// TestCommandHelp asks each command for help: it succeeds and lists that command's own flags.
func TestCommandHelp(t *testing.T) {
	for _, tc := range []struct {
		args      []string
		want, not []string
	}{
		{[]string{"serve", "-h"}, []string{"Usage: batori serve", "-addr", "BATORI_SHUTDOWN_TIMEOUT"}, nil},
		{[]string{"migrate", "-h"}, []string{"Usage: batori migrate", "-data", "-database-url"}, []string{"-addr", "-smtp-host", "-demo"}},
		{[]string{"user", "create", "-h"}, []string{"Usage: batori user create", "-email", "-data"}, []string{"-addr", "-smtp-host", "-tls-cert"}},
	} {
		out, errOut, err := run(t, "", tc.args...)
		if err != nil {
			t.Errorf("%v: %v", tc.args, err)
		}
		help := out + errOut
		for _, w := range tc.want {
			if !strings.Contains(help, w) {
				t.Errorf("%v help lacks %q:\n%s", tc.args, w, help)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(help, n+" ") {
				t.Errorf("%v help lists %s, which is not its flag:\n%s", tc.args, n, help)
			}
		}
	}
	out, _, err := run(t, "", "version")
	if err != nil || !strings.HasPrefix(out, "batori ") || strings.Contains(out, "(devel)") {
		t.Errorf("version: %q %v", out, err)
	}
}
