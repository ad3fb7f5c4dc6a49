package app_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/testkit"
)

// s3Flags are the command-line flags that point a command at srv's bucket.
func s3Flags(srv *testkit.S3Server) []string {
	return []string{"--s3-endpoint", srv.URL, "--s3-bucket", srv.Bucket, "--s3-access-key", "batori", "--s3-secret-key", "s3-test-secret", "--s3-path-style"}
}

// storedKeys lists the keys in st.
func storedKeys(t *testing.T, st media.Store) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	if err := st.List(context.Background(), func(f media.FileInfo) error { out[f.Key] = true; return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestFilesOnS3 runs a site whose pictures and attachments are in S3 through what happens to
// files: the janitor (strays in the bucket and the staging folder, an attachment committed
// but not yet uploaded), then a backup restored into an empty bucket and an export imported
// into another, each carrying every object.
func TestFilesOnS3(t *testing.T) {
	ctx := context.Background()
	s3 := testkit.StartS3(t)
	cfg := withS3(baseConfig(t), s3)
	cfg.Migrate = true
	a := enquiryApp(t, cfg)
	seedStory(ctx, t, a)
	if entries, _ := os.ReadDir(filepath.Join(cfg.DataDir, "media")); len(entries) != 0 {
		t.Errorf("the data folder's media/ holds %d files with S3 configured", len(entries))
	}
	pictures := storedKeys(t, a.Media.Files())
	if len(pictures) == 0 {
		t.Fatal("the demo stored no pictures in the bucket")
	}
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
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
	var keys []string
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
	atts := a.Enquiries.Files()
	if got := storedKeys(t, atts); len(keys) != 2 || !got[keys[0]] || !got[keys[1]] || len(got) != 2 {
		t.Fatalf("attachments %v, in the bucket %v", keys, got)
	}

	// The second enquiry committed and the node died before uploading its file: the file is
	// still in this node's staging folder.
	staging := a.Enquiries.Dir()
	f, err := atts.Open(ctx, keys[1])
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(f)
	f.Close()
	old := time.Now().Add(-2 * time.Hour)
	write := func(dir, name string, b []byte, at time.Time) string {
		p := filepath.Join(dir, name)
		os.MkdirAll(dir, 0o750)
		if err := os.WriteFile(p, b, 0o640); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, at, at)
		return p
	}
	write(staging, ".upload-"+keys[1], data, old)
	if err := atts.Delete(ctx, keys[1]); err != nil {
		t.Fatal(err)
	}
	staleTemp := write(staging, ".upload-0123456789abcdef0123456789abcdef.jpg", []byte("left"), old)
	freshTemp := write(staging, ".upload-11111111111111111111111111111111.png", []byte("uploading"), time.Now())
	put := func(st media.Store, key string) {
		if err := media.PutFrom(ctx, st, key, strings.NewReader("left behind")); err != nil {
			t.Fatal(err)
		}
	}
	s3.Backdate(2 * time.Hour)
	put(atts, "fedcba9876543210fedcba9876543210.pdf")
	put(a.Media.Files(), "000000000000000000000000.jpg")
	s3.Backdate(0)
	put(a.Media.Files(), "111111111111111111111111.webp") // an upload in progress on another node

	var logs testkit.LogBuffer
	if err := a.WithLog(logs.Logger(slog.LevelInfo)).SweepFiles(ctx); err != nil {
		t.Fatal(err)
	}
	for st, gone := range map[media.Store]string{atts: "fedcba9876543210fedcba9876543210.pdf", a.Media.Files(): "000000000000000000000000.jpg"} {
		if _, err := st.Stat(ctx, gone); !errors.Is(err, media.ErrNotFound) {
			t.Errorf("janitor left %s in %s: %v", gone, st, err)
		}
	}
	if _, err := os.Stat(staleTemp); err == nil {
		t.Error("janitor left a stale temporary file")
	}
	if _, err := os.Stat(freshTemp); err != nil {
		t.Error("janitor removed an upload in progress")
	}
	if _, err := a.Media.Files().Stat(ctx, "111111111111111111111111.webp"); err != nil {
		t.Errorf("janitor removed a recent object: %v", err)
	}
	for k := range pictures {
		if _, err := a.Media.Files().Stat(ctx, k); err != nil {
			t.Errorf("janitor removed the picture %s: %v", k, err)
		}
	}
	if _, f, err := a.Enquiries.OpenAttachment(ctx, 2); err != nil {
		t.Errorf("the interrupted enquiry's attachment was not uploaded: %v", err)
	} else {
		got, _ := io.ReadAll(f)
		f.Close()
		if !bytes.Equal(got, data) {
			t.Error("the uploaded attachment differs")
		}
	}
	if !strings.Contains(logs.String(), "janitor moved committed") || !strings.Contains(logs.String(), "janitor removed media files") {
		t.Errorf("janitor's log:\n%s", logs.String())
	}
	atts2 := storedKeys(t, atts)
	media2 := storedKeys(t, a.Media.Files())
	os.Remove(freshTemp)
	a.Media.Files().Delete(ctx, "111111111111111111111111.webp")
	delete(media2, "111111111111111111111111.webp")

	// A backup copies the bucket's objects; restored into an empty data folder and an empty
	// bucket, the site has them all.
	dest := filepath.Join(t.TempDir(), "backup")
	m, err := a.Backup(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	inBackup := 0
	for _, f := range m.Files {
		if strings.HasPrefix(f.Path, "media/") || strings.HasPrefix(f.Path, "enquiries/") {
			inBackup++
		}
	}
	if inBackup != len(atts2)+len(media2) {
		t.Errorf("backup holds %d files, want %d", inBackup, len(atts2)+len(media2))
	}
	check := func(what string, b *testkit.S3Server, data string) {
		t.Helper()
		c := withS3(baseConfig(t), b)
		c.DataDir = data
		got, err := app.Open(ctx, c, quiet)
		if err != nil {
			t.Fatal(err)
		}
		defer got.Close()
		if g := storedKeys(t, got.Media.Files()); len(g) != len(media2) {
			t.Errorf("%s: %d pictures, want %d", what, len(g), len(media2))
		}
		if g := storedKeys(t, got.Enquiries.Files()); len(g) != len(atts2) {
			t.Errorf("%s: %d attachments, want %d", what, len(g), len(atts2))
		}
		if _, f, err := got.Enquiries.OpenAttachment(ctx, 1); err != nil {
			t.Errorf("%s: attachment: %v", what, err)
		} else {
			f.Close()
		}
	}
	restored := testkit.StartS3(t)
	dir := t.TempDir()
	if out, errOut, err := run(t, "", append(append([]string{"restore", "--data", dir}, s3Flags(restored)...), dest)...); err != nil {
		t.Fatalf("restore: %v\n%s%s", err, out, errOut)
	}
	check("restored", restored, dir)
	// A second restore into the same bucket is refused: it is not empty.
	if _, _, err := run(t, "", append(append([]string{"restore", "--data", t.TempDir()}, s3Flags(restored)...), dest)...); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("restore into a bucket with files: %v", err)
	}

	// An export carries the objects; imported into a new site on another bucket, it has them.
	archive := filepath.Join(t.TempDir(), "site.zip")
	if out, errOut, err := run(t, "", append([]string{"export", archive, "--data", cfg.DataDir}, s3Flags(s3)...)...); err != nil {
		t.Fatalf("export: %v\n%s%s", err, out, errOut)
	}
	imported := testkit.StartS3(t)
	dir = t.TempDir()
	if out, errOut, err := run(t, "", "migrate", "--data", dir); err != nil {
		t.Fatalf("migrate: %v\n%s%s", err, out, errOut)
	}
	if out, errOut, err := run(t, "", append([]string{"import", "batori", archive, "--data", dir}, s3Flags(imported)...)...); err != nil {
		t.Fatalf("import: %v\n%s%s", err, out, errOut)
	}
	check("imported", imported, dir)

	// Erasing a reader's data deletes their attachment from the bucket.
	if _, err := a.Privacy.Erase(ctx, "reader10@example.org", "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := atts.Stat(ctx, keys[1]); !errors.Is(err, media.ErrNotFound) {
		t.Errorf("erased reader's attachment still in the bucket: %v", err)
	}
	if _, err := atts.Stat(ctx, keys[0]); err != nil {
		t.Errorf("another reader's attachment: %v", err)
	}
}
