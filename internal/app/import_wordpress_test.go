package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/wpimport/wxrgen"
)

// TestImportWordPressCommand runs `batori import wordpress` as an operator would, on each
// database, then asks the served site for the old site's addresses.
func TestImportWordPressCommand(t *testing.T) {
	for name, mk := range configs(t) {
		t.Run(name, func(t *testing.T) {
			cfg := mk(t)
			dir := t.TempDir()
			export, uploads := filepath.Join(dir, "export.xml"), filepath.Join(dir, "uploads")
			f, err := os.Create(export)
			if err != nil {
				t.Fatal(err)
			}
			if err := wxrgen.Write(f, wxrgen.Options{Groups: 3, Pictures: true, Uploads: uploads, Polylang: true}); err != nil {
				t.Fatal(err)
			}
			f.Close()
			db := []string{"--data", cfg.DataDir}
			if cfg.DatabaseURL != "" {
				db = append(db, "--database-url", cfg.DatabaseURL)
			}
			if _, _, err := run(t, "", append([]string{"migrate"}, db...)...); err != nil {
				t.Fatal(err)
			}
			if _, _, err := run(t, "", append([]string{"import", "wordpress"}, db...)...); err == nil || !strings.Contains(err.Error(), "needs one export file") {
				t.Fatalf("no file: %v", err)
			}
			if _, _, err := run(t, "", append([]string{"import", "wordpress", export, "--language", "fr"}, db...)...); err == nil || !strings.Contains(err.Error(), "--language") {
				t.Fatalf("bad language: %v", err)
			}
			out, _, err := run(t, "", append([]string{"import", "wordpress", export, "--dry-run", "--uploads", uploads}, db...)...)
			if err != nil || !strings.Contains(out, "Dry run: nothing was written") || !strings.Contains(out, "posts              27") {
				t.Fatalf("dry run: %v\n%s", err, out)
			}
			out, _, err = run(t, "", append([]string{"import", "wordpress", export, "--uploads", uploads}, db...)...)
			if err != nil || !strings.Contains(out, "posts              27") || !strings.Contains(out, "Skipped (4):") || !strings.Contains(out, "in the trash") {
				t.Fatalf("import: %v\n%s", err, out)
			}

			cfg.Migrate = true
			a, err := app.New(context.Background(), cfg, quiet)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			srv := httptest.NewServer(a.Handler())
			defer srv.Close()
			hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			get := func(path string) *http.Response {
				resp, err := hc.Get(srv.URL + path)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				return resp
			}
			for _, old := range []string{"/?p=" + strconv.Itoa(int(wxrgen.PostID(1, 0))), strings.TrimPrefix(wxrgen.Link(1, 0), wxrgen.Site), "/category/sports/", "/about-us/"} {
				resp := get(old)
				loc := resp.Header.Get("Location")
				if resp.StatusCode != http.StatusMovedPermanently || loc == "" {
					t.Fatalf("GET %s = %d %q", old, resp.StatusCode, loc)
				}
				if resp := get(loc); resp.StatusCode != http.StatusOK {
					t.Fatalf("GET %s (from %s) = %d", loc, old, resp.StatusCode)
				}
			}
		})
	}
}

// TestExportImportCommands moves a demo site from SQLite to PostgreSQL with the two
// commands, and refuses an archive into a site with content.
func TestExportImportCommands(t *testing.T) {
	src := baseConfig(t)
	src.Migrate, src.Demo = true, true
	a, err := app.New(context.Background(), src, quiet)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	file := filepath.Join(t.TempDir(), "site.zip")
	out, _, err := run(t, "", "export", file, "--data", src.DataDir)
	if err != nil || !strings.Contains(out, "password hashes") {
		t.Fatalf("export: %v %s", err, out)
	}
	// The export is in the security log.
	a, err = app.Open(context.Background(), src, quiet)
	if err != nil {
		t.Fatal(err)
	}
	entries, _, err := a.People.SecurityLog(context.Background(), people.SecurityFilter{Kind: people.SecExport, Limit: 10})
	a.Close()
	if err != nil || len(entries) != 1 || !strings.Contains(entries[0].Detail, "site.zip") {
		t.Fatalf("security log after an export: %v %+v", err, entries)
	}
	dst := configs(t)["postgres"](t)
	args := []string{"--data", dst.DataDir, "--database-url", dst.DatabaseURL}
	if _, _, err := run(t, "", append([]string{"migrate"}, args...)...); err != nil {
		t.Fatal(err)
	}
	if out, _, err := run(t, "", append([]string{"import", "batori", file}, args...)...); err != nil || !strings.Contains(out, "imported") {
		t.Fatalf("import: %v %s", err, out)
	}
	if _, _, err := run(t, "", append([]string{"import", "batori", file}, args...)...); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("second import: %v", err)
	}
	// The secrets in the archive are sealed with the old site's key, which travels apart.
	key, err := os.ReadFile(filepath.Join(src.DataDir, "secret.key"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dst.DataDir, "secret.key"), key, 0o600)
	dst.Migrate = true
	b, err := app.New(context.Background(), dst, quiet)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	srv := httptest.NewServer(b.Handler())
	defer srv.Close()
	for _, p := range []string{"/", "/as/page/privacy", "/page/about"} {
		resp, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d on the imported site", p, resp.StatusCode)
		}
	}
}
