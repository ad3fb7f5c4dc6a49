package media

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/testkit"
)

// newS3Store is a store under prefix of a fresh bucket behind a real HTTP listener.
func newS3Store(t testing.TB, prefix string) (*S3Store, *testkit.S3Server) {
	t.Helper()
	srv := testkit.StartS3(t)
	c, err := NewS3Client(S3Options{Endpoint: srv.URL, Bucket: srv.Bucket, AccessKey: "test", SecretKey: "test-secret", PathStyle: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
	return c.Store(prefix, filepath.Join(t.TempDir(), "staging")), srv
}

// TestStores runs one contract over both stores: what Put stores, Open, Stat and List show,
// and Delete removes, with the temporary file gone after Put.
func TestStores(t *testing.T) {
	s3, _ := newS3Store(t, "media/")
	for name, st := range map[string]Store{"folder": NewFolderStore(filepath.Join(t.TempDir(), "media"), 0o644), "s3": s3} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			if err := st.List(ctx, func(FileInfo) error { return errors.New("listed a file of an empty store") }); err != nil {
				t.Fatal(err)
			}
			data := []byte("\xff\xd8\xff not really a photo, but bytes")
			tmp, err := WriteTemp(st, data, true)
			if err != nil {
				t.Fatal(err)
			}
			if err := st.Put(ctx, "abc.jpg", tmp, "image/jpeg"); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(tmp); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("temporary file left after Put: %v", err)
			}
			f, err := st.Open(ctx, "abc.jpg")
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(f)
			f.Close()
			if !bytes.Equal(got, data) || f.Info().Size != int64(len(data)) || f.Info().ModTime.IsZero() {
				t.Errorf("opened %q, info %+v", got, f.Info())
			}
			if info, err := st.Stat(ctx, "abc.jpg"); err != nil || info.Size != int64(len(data)) {
				t.Errorf("Stat = %+v, %v", info, err)
			}
			var keys []string
			if err := st.List(ctx, func(f FileInfo) error { keys = append(keys, f.Key); return nil }); err != nil || !slices.Equal(keys, []string{"abc.jpg"}) {
				t.Errorf("List = %v, %v", keys, err)
			}
			for _, bad := range []string{"nothing.jpg", "../abc.jpg", ".upload-x", ""} {
				if _, err := st.Open(ctx, bad); !errors.Is(err, ErrNotFound) {
					t.Errorf("Open(%q) = %v, want ErrNotFound", bad, err)
				}
				if _, err := st.Stat(ctx, bad); !errors.Is(err, ErrNotFound) {
					t.Errorf("Stat(%q) = %v, want ErrNotFound", bad, err)
				}
			}
			if err := st.Delete(ctx, "abc.jpg"); err != nil {
				t.Fatal(err)
			}
			if err := st.Delete(ctx, "abc.jpg"); err != nil {
				t.Errorf("deleting a file already gone: %v", err)
			}
			if _, err := st.Open(ctx, "abc.jpg"); !errors.Is(err, ErrNotFound) {
				t.Errorf("Open after Delete = %v", err)
			}
		})
	}
}

// TestS3Library uploads a photo into a library on S3: the master and every variant are
// objects under media/, served with the same headers as from the data folder (immutable,
// ETag, 304, ranges), and a second library on the same bucket (another node) serves them too.
func TestS3Library(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, srv := newS3Store(t, "media/")
		lib := NewLibraryIn(d, st)
		opt := VariantOptions{Widths: []int{320, 640}, WebP: true, JPEGQuality: 80, WebPQuality: 75}
		lib.SetVariantOptions(opt)
		m, err := lib.AddUpload(ctx, "river.jpg", bytes.NewReader(testkit.JPEG(t, testkit.Picture(900, 600))), 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Variants) != 4 {
			t.Fatalf("variants %+v", m.Variants)
		}
		objects, err := srv.Backend.ListBucket(srv.Bucket, nil, gofakes3.ListBucketPage{})
		if err != nil {
			t.Fatal(err)
		}
		var inBucket []string
		for _, o := range objects.Contents {
			inBucket = append(inBucket, o.Key)
		}
		want := []string{"media/" + m.Key}
		for _, v := range m.Variants {
			want = append(want, "media/"+v.Key)
		}
		slices.Sort(inBucket)
		slices.Sort(want)
		if !slices.Equal(inBucket, want) {
			t.Errorf("bucket holds %v, want %v", inBucket, want)
		}
		if entries, _ := os.ReadDir(st.Staging()); len(entries) != 0 {
			t.Errorf("staging folder keeps %d files", len(entries))
		}

		// Another node: its own library over the same bucket and database.
		other := NewLibraryIn(d, st.c.Store("media/", filepath.Join(t.TempDir(), "staging")))
		other.SetVariantOptions(opt)
		for _, key := range append([]string{m.Key}, m.Variants[0].Key, m.Variants[1].Key) {
			rec := httptest.NewRecorder()
			if err := other.Serve(rec, httptest.NewRequest("GET", "/media/"+key, nil), key); err != nil {
				t.Fatalf("serve %s: %v", key, err)
			}
			h := rec.Result().Header
			if rec.Code != 200 || h.Get("Cache-Control") != "public, max-age=31536000, immutable" ||
				h.Get("X-Content-Type-Options") != "nosniff" || h.Get("ETag") != `"`+strings.TrimSuffix(key, filepath.Ext(key))+`"` ||
				h.Get("Last-Modified") == "" || !strings.HasPrefix(h.Get("Content-Type"), "image/") {
				t.Errorf("%s: %d %v", key, rec.Code, h)
			}
			if key == m.Key && !bytes.Equal(rec.Body.Bytes(), readObject(t, st, key)) {
				t.Error("served bytes differ from the stored master")
			}
			req := httptest.NewRequest("GET", "/media/"+key, nil)
			req.Header.Set("If-None-Match", h.Get("ETag"))
			rec = httptest.NewRecorder()
			other.Serve(rec, req, key)
			if rec.Code != http.StatusNotModified {
				t.Errorf("%s with its ETag: %d, want 304", key, rec.Code)
			}
		}
		req := httptest.NewRequest("GET", "/media/"+m.Key, nil)
		req.Header.Set("Range", "bytes=0-9")
		rec := httptest.NewRecorder()
		other.Serve(rec, req, m.Key)
		if rec.Code != http.StatusPartialContent || rec.Body.Len() != 10 {
			t.Errorf("range: %d, %d bytes", rec.Code, rec.Body.Len())
		}
		for _, key := range []string{"0123456789abcdef01234567.jpg", "../secret.jpg", m.Key + ".txt"} {
			if err := other.Serve(httptest.NewRecorder(), httptest.NewRequest("GET", "/media/x", nil), key); !errors.Is(err, ErrNotFound) {
				t.Errorf("serve %q = %v, want ErrNotFound", key, err)
			}
		}

		// Variants made later (GenerateVariants) read the master from the bucket.
		if _, err := d.Exec(ctx, "DELETE FROM media_variants WHERE media_id = ?", m.ID); err != nil {
			t.Fatal(err)
		}
		vs, err := other.GenerateVariants(ctx, m.ID)
		if err != nil || len(vs) != 4 {
			t.Fatalf("GenerateVariants = %v, %v", vs, err)
		}
		crops, err := other.Crops(ctx, m.ID)
		if err != nil || len(crops) != len(CropRatios) {
			t.Fatalf("Crops = %v, %v", crops, err)
		}

		// The janitor: an object no row refers to goes once older than the cutoff; the
		// picture's files and its crops stay.
		tmp, _ := WriteTemp(st, []byte("orphan"), false)
		if err := st.Put(ctx, "0123456789abcdef01234567.jpg", tmp, "image/jpeg"); err != nil {
			t.Fatal(err)
		}
		removed, err := lib.SweepFiles(ctx, time.Now().Add(-time.Hour))
		if err != nil || len(removed) != 0 {
			t.Errorf("sweep with an hour's grace removed %v, %v", removed, err)
		}
		// The first variants, made from the upload, were replaced by those made from the
		// master: they go too.
		removed, err = lib.SweepFiles(ctx, time.Now().Add(time.Minute))
		if err != nil || !slices.Contains(removed, "0123456789abcdef01234567.jpg") || len(removed) != 5 {
			t.Errorf("sweep removed %v, %v", removed, err)
		}
		for _, key := range []string{m.Key, crops[0].Key, crops[2].Key, vs[0].Key, vs[3].Key} {
			if _, err := st.Stat(ctx, key); err != nil {
				t.Errorf("%s after the sweep: %v", key, err)
			}
		}
	})
}

func readObject(t testing.TB, st Store, key string) []byte {
	t.Helper()
	f, err := st.Open(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
