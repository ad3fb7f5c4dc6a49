package app_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/config"
	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
)

// TestBackupRoundTripUnderLoad backs a site up while readers keep sending enquiries with
// photos, then again once they stop, restores both into empty places, and compares: the
// copy made under load is consistent (every enquiry in it is in the site as it was, with its
// file), the quiet one equals the site table by table and file by file.
func TestBackupRoundTripUnderLoad(t *testing.T) {
	for name, mk := range configs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			cfg := mk(t)
			cfg.Migrate, cfg.MaxBodyBytes = true, 10<<20
			a := enquiryApp(t, cfg)
			seedStory(ctx, t, a)
			srv := httptest.NewServer(a.Handler())
			defer srv.Close()

			var stop atomic.Bool
			var acked atomic.Int64
			var wg sync.WaitGroup
			for w := range 3 {
				wg.Go(func() {
					client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
					for i := w; !stop.Load(); i += 3 {
						token, err := a.Enquiries.NewFormToken(ctx, "127.0.0.1", time.Now().Add(-time.Minute))
						if err != nil {
							t.Error(err)
							return
						}
						resp, err := client.Do(submission(t, srv.URL, token, i))
						if err != nil {
							t.Error(err)
							return
						}
						io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						if resp.StatusCode == http.StatusSeeOther {
							acked.Add(1)
						}
					}
				})
			}
			for acked.Load() < 5 {
				time.Sleep(10 * time.Millisecond)
			}
			backups := t.TempDir()
			start := time.Now()
			m1, err := a.Backup(ctx, filepath.Join(backups, "under-load"))
			took := time.Since(start)
			stop.Store(true)
			wg.Wait()
			if err != nil {
				t.Fatalf("backup under load: %v", err)
			}
			t.Logf("%s: backup under load of %d bytes (%d files) in %s; %d enquiries acknowledged in all", name, m1.Bytes(), len(m1.Files), took.Round(time.Millisecond), acked.Load())
			m2, err := a.Backup(ctx, filepath.Join(backups, "quiet"))
			if err != nil {
				t.Fatalf("quiet backup: %v", err)
			}
			if _, err := a.Backup(ctx, filepath.Join(backups, "quiet")); err == nil {
				t.Error("a backup into a folder that is not empty was written")
			}

			source := tables(t, a.DB)
			for label, m := range map[string]int{"under-load": len(m1.Files), "quiet": len(m2.Files)} {
				rcfg := restoreTarget(t, cfg)
				out, _, err := run(t, "", restoreArgs(rcfg, filepath.Join(backups, label))...)
				if err != nil {
					t.Fatalf("%s: restore: %v", label, err)
				}
				if !strings.Contains(out, "restored") {
					t.Errorf("%s: restore said %q", label, out)
				}
				if _, _, err := run(t, "", restoreArgs(rcfg, filepath.Join(backups, label))...); err == nil {
					t.Errorf("%s: a restore over a restored site was accepted", label)
				}
				rcfg.Migrate = true
				r, err := app.New(ctx, rcfg, quiet)
				if err != nil {
					t.Fatalf("%s: open the restored site: %v", label, err)
				}
				restored := tables(t, r.DB)
				if label == "quiet" {
					for tbl, rows := range source {
						if !slices.Equal(rows, restored[tbl]) {
							t.Errorf("quiet: table %s differs after the round trip: %d rows, %d restored", tbl, len(rows), len(restored[tbl]))
						}
					}
					if len(restored) != len(source) {
						t.Errorf("quiet: %d tables restored, %d in the site", len(restored), len(source))
					}
				} else {
					for _, row := range restored["enquiries"] {
						if !slices.Contains(source["enquiries"], row) {
							t.Errorf("under load: restored enquiry not in the site: %.200s", row)
						}
					}
				}
				compareFiles(t, label, cfg.DataDir, rcfg.DataDir, m)
				r.Close()
			}
		})
	}
}

// tables reads every table of d as sorted rows of text.
func tables(t *testing.T, d *db.DB) map[string][]string {
	t.Helper()
	ctx := context.Background()
	q := "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
	if d.Dialect == db.Postgres {
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
	}
	rows, err := d.Query(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names = append(names, n)
	}
	rows.Close()
	out := map[string][]string{}
	for _, n := range names {
		rs, err := d.Query(ctx, "SELECT * FROM "+n)
		if err != nil {
			t.Fatalf("read %s: %v", n, err)
		}
		cols, _ := rs.Columns()
		var all []string
		for rs.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rs.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, v := range vals {
				if tm, ok := v.(time.Time); ok {
					v = tm.UTC().Format(time.RFC3339Nano)
				}
				if bs, ok := v.([]byte); ok {
					v = string(bs)
				}
				fmt.Fprintf(&b, "%v\x1f", v)
			}
			all = append(all, b.String())
		}
		rs.Close()
		slices.Sort(all)
		out[n] = all
	}
	return out
}

// compareFiles checks that every file of the site's media and attachments folders came back
// the same, and that nothing else did.
func compareFiles(t *testing.T, label, from, to string, want int) {
	t.Helper()
	n := 0
	for _, folder := range []string{"media", "enquiries"} {
		entries, _ := os.ReadDir(filepath.Join(to, folder))
		for _, e := range entries {
			if e.IsDir() {
				continue
			}
			n++
			got, err := os.ReadFile(filepath.Join(to, folder, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			orig, err := os.ReadFile(filepath.Join(from, folder, e.Name()))
			if err != nil && strings.HasPrefix(e.Name(), ".upload-") {
				// Copied in flight: its enquiry committed since (the file took its name) or
				// never did (the restore's janitor removes it once it is an hour old).
				orig, err = os.ReadFile(filepath.Join(from, folder, strings.TrimPrefix(e.Name(), ".upload-")))
				if err != nil {
					continue
				}
			}
			if err != nil {
				t.Errorf("%s: restored %s/%s is not in the site: %v", label, folder, e.Name(), err)
				continue
			}
			if string(got) != string(orig) {
				t.Errorf("%s: %s/%s differs", label, folder, e.Name())
			}
		}
	}
	if _, err := os.Stat(filepath.Join(from, "secret.key")); err == nil {
		n++
		a, _ := os.ReadFile(filepath.Join(from, "secret.key"))
		b, _ := os.ReadFile(filepath.Join(to, "secret.key"))
		if string(a) != string(b) {
			t.Errorf("%s: secret.key differs", label)
		}
	}
	if n != want {
		t.Errorf("%s: %d files restored, the backup held %d", label, n, want)
	}
}

// restoreTarget is an empty data folder and, for PostgreSQL, a new empty database.
func restoreTarget(t *testing.T, cfg config.Config) config.Config {
	t.Helper()
	r := emptyConfig(t)
	if cfg.DatabaseURL == "" {
		return r
	}
	admin, err := sql.Open("pgx", dbtest.PostgresURL())
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "restore_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP DATABASE " + name + " WITH (FORCE)")
		admin.Close()
	})
	u, _ := url.Parse(cfg.DatabaseURL)
	u.Path = "/" + name
	r.DatabaseURL = u.String()
	return r
}

func restoreArgs(cfg config.Config, src string) []string {
	args := []string{"restore", "--data", cfg.DataDir}
	if cfg.DatabaseURL != "" {
		args = append(args, "--database-url", cfg.DatabaseURL)
	}
	return append(args, src)
}
