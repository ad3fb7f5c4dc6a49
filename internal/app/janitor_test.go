package app_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/testkit"
)

// TestJanitorRemovesWhatCrashesLeave lays out what a killed server leaves (temporary upload
// files, attachments and pictures no row refers to, an attachment whose enquiry committed
// before it was moved into place) and checks that the janitor removes the strays older than
// an hour, moves the committed attachment into place, keeps everything referenced and
// anything recent, and logs what it did.
func TestJanitorRemovesWhatCrashesLeave(t *testing.T) {
	for name, mk := range configs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			cfg := mk(t)
			cfg.Migrate, cfg.MaxBodyBytes = true, 10<<20
			a := enquiryApp(t, cfg)
			var logs testkit.LogBuffer
			seedStory(ctx, t, a)
			srv := httptest.NewServer(a.Handler())
			defer srv.Close()
			client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			var keys []string
			for i := range 2 {
				token, err := a.Enquiries.NewFormToken(ctx, "127.0.0.1", time.Now().Add(-time.Minute))
				if err != nil {
					t.Fatal(err)
				}
				resp, err := client.Do(submission(t, srv.URL, token, i*10)) // tips with photos
				if err != nil {
					t.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusSeeOther {
					t.Fatalf("enquiry %d = %d", i, resp.StatusCode)
				}
			}
			rows, err := a.DB.Query(ctx, "SELECT attachment_key FROM enquiries WHERE attachment_key <> '' ORDER BY id")
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var k string
				rows.Scan(&k)
				keys = append(keys, k)
			}
			rows.Close()
			if len(keys) != 2 {
				t.Fatalf("attachments stored: %v", keys)
			}
			att := a.Enquiries.Dir()
			media := filepath.Join(cfg.DataDir, "media")
			// The second enquiry committed, and the server died before its file took its name.
			if err := os.Rename(filepath.Join(att, keys[1]), filepath.Join(att, ".upload-"+keys[1])); err != nil {
				t.Fatal(err)
			}
			old := time.Now().Add(-2 * time.Hour)
			stray := func(dir, name string, at time.Time) string {
				p := filepath.Join(dir, name)
				if err := os.WriteFile(p, []byte("left behind"), 0o640); err != nil {
					t.Fatal(err)
				}
				os.Chtimes(p, at, at)
				return p
			}
			gone := []string{
				stray(att, ".upload-0123456789abcdef0123456789abcdef.jpg", old),
				stray(att, "fedcba9876543210fedcba9876543210.pdf", old),
				stray(media, ".upload-123456", old),
				stray(media, "00000000000000000000000000000000.jpg", old),
				stray(cfg.DataDir, ".readyz-42", old),
			}
			kept := []string{
				stray(att, ".upload-11111111111111111111111111111111.png", time.Now()), // an upload in progress
				stray(media, "11111111111111111111111111111111.webp", time.Now()),
				filepath.Join(att, keys[0]),
				filepath.Join(att, keys[1]),
			}
			var referenced []string
			mrows, err := a.DB.Query(ctx, "SELECT storage_key FROM media UNION SELECT storage_key FROM media_variants")
			if err != nil {
				t.Fatal(err)
			}
			for mrows.Next() {
				var k string
				mrows.Scan(&k)
				referenced = append(referenced, filepath.Join(media, k))
			}
			mrows.Close()
			if len(referenced) == 0 {
				t.Fatal("the demo stored no pictures")
			}
			kept = append(kept, referenced...)
			for _, p := range kept[2:] {
				os.Chtimes(p, old, old)
			}

			if err := a.WithLog(logs.Logger(slog.LevelInfo)).SweepFiles(ctx); err != nil {
				t.Fatal(err)
			}
			for _, p := range gone {
				if _, err := os.Stat(p); err == nil {
					t.Errorf("janitor left %s", p)
				}
			}
			for _, p := range kept {
				if _, err := os.Stat(p); err != nil {
					t.Errorf("janitor removed %s: %v", p, err)
				}
			}
			if !strings.Contains(logs.String(), "janitor removed attachment files") || !strings.Contains(logs.String(), "janitor moved committed") ||
				!strings.Contains(logs.String(), "janitor removed media files") {
				t.Errorf("janitor's log:\n%s", logs.String())
			}
			// The moved attachment is served to the desk again.
			if _, f, err := a.Enquiries.OpenAttachment(ctx, 2); err != nil {
				t.Errorf("attachment of the interrupted enquiry: %v", err)
			} else {
				f.Close()
			}
		})
	}
}
