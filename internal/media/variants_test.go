package media

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	_ "golang.org/x/image/webp" // DecodeConfig of stored WebP files

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/testkit"
)

func TestVariants(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		lib := newLibrary(t, d)
		tests := []struct {
			w, h   int
			widths []int
			// full is the width whose fallback copy is the master itself (0: none).
			full int
		}{
			// Wide strips: the widths are what matters, and few pixels keep the test quick.
			{1500, 150, []int{320, 640, 960, 1280}, 0},
			{1280, 96, []int{320, 640, 960, 1280}, 1280},
			{1000, 90, []int{320, 640, 960, 1000}, 1000},
			{640, 480, []int{320, 640}, 640},
			{200, 100, []int{200}, 200},
		}
		for _, tc := range tests {
			name := fmt.Sprintf("%dx%d", tc.w, tc.h)
			m, err := lib.AddImage(ctx, name+".jpg", testkit.JPEG(t, testkit.Picture(tc.w, tc.h)))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			got, err := lib.Variants(ctx, m.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.EqualFunc(got, m.Variants, func(a, b Variant) bool { return a == b }) {
				t.Errorf("%s: Variants = %+v, AddImage returned %+v", name, got, m.Variants)
			}
			var widths []int
			for _, v := range got {
				if v.Format == "jpeg" {
					widths = append(widths, v.Width)
				}
			}
			if !slices.Equal(widths, tc.widths) {
				t.Errorf("%s: JPEG widths %v, want %v", name, widths, tc.widths)
			}
			if len(got) != 2*len(tc.widths) {
				t.Errorf("%s: %d variants, want JPEG and WebP at %d widths", name, len(got), len(tc.widths))
			}
			for i, v := range got {
				if i%2 == 0 && v.Format != "jpeg" || i%2 == 1 && (v.Format != "webp" || v.Width != got[i-1].Width) {
					t.Errorf("%s: variant %d is %s %d: want JPEG then WebP at each width", name, i, v.Format, v.Width)
				}
				if v.Width > tc.w || v.Height > tc.h {
					t.Errorf("%s: variant %dx%d is larger than the picture", name, v.Width, v.Height)
				}
				if wantH := (tc.h*v.Width + tc.w/2) / tc.w; v.Height != wantH {
					t.Errorf("%s: variant %d wide is %d high, want %d", name, v.Width, v.Height, wantH)
				}
				stored := lib.readFile(t, v.Key)
				cfg, format, err := image.DecodeConfig(bytes.NewReader(stored))
				if err != nil || format != v.Format || cfg.Width != v.Width || cfg.Height != v.Height || int64(len(stored)) != v.Bytes {
					t.Errorf("%s: file %s is %s %dx%d, %d bytes (%v); recorded %+v", name, v.Key, format, cfg.Width, cfg.Height, len(stored), err, v)
				}
				isMaster := v.Key == m.Key
				if isMaster != (v.Format == "jpeg" && v.Width == tc.full) {
					t.Errorf("%s: variant %s %d shares the master's file: %v", name, v.Format, v.Width, isMaster)
				}
				if !isMaster && v.Key != contentKey(stored, map[string]string{"jpeg": ".jpg", "webp": ".webp"}[v.Format]) {
					t.Errorf("%s: key %s is not the content hash", name, v.Key)
				}
			}

			jpg, wp := Srcset(got)
			if n := strings.Count(jpg, ","); n != len(tc.widths)-1 || strings.Count(wp, ",") != n {
				t.Errorf("%s: srcsets %q and %q", name, jpg, wp)
			}
			first := fmt.Sprintf("/media/%s %dw", got[0].Key, tc.widths[0])
			if !strings.HasPrefix(jpg, first) || !strings.HasPrefix(wp, "/media/"+got[1].Key+" ") || !strings.HasSuffix(wp, fmt.Sprintf(".webp %dw", tc.widths[len(tc.widths)-1])) {
				t.Errorf("%s: srcsets %q and %q", name, jpg, wp)
			}
			if a, b := m.Srcset(); a != jpg || b != wp {
				t.Errorf("%s: Media.Srcset differs from Srcset", name)
			}
		}

		// A transparent picture keeps PNG as its fallback format.
		m, err := lib.AddImage(ctx, "logo.png", testkit.PNG(t, transparentTop(testkit.Picture(700, 100))))
		if err != nil {
			t.Fatal(err)
		}
		jpg, wp := m.Srcset()
		if strings.Count(jpg, ".png ") != 3 || strings.Count(wp, ".webp ") != 3 || strings.Contains(jpg, ".jpg") {
			t.Errorf("transparent srcsets %q and %q", jpg, wp)
		}
	})
}

func TestSrcsetAndSrc(t *testing.T) {
	vs := []Variant{
		{Width: 320, Format: "jpeg", Key: "a.jpg"}, {Width: 320, Format: "webp", Key: "a.webp"},
		{Width: 640, Format: "jpeg", Key: "b.jpg"}, {Width: 640, Format: "webp", Key: "b.webp"},
		{Width: 1280, Format: "jpeg", Key: "c.jpg"}, {Width: 1280, Format: "webp", Key: "c.webp"},
	}
	jpg, wp := Srcset(vs)
	if jpg != "/media/a.jpg 320w, /media/b.jpg 640w, /media/c.jpg 1280w" || wp != "/media/a.webp 320w, /media/b.webp 640w, /media/c.webp 1280w" {
		t.Errorf("Srcset = %q, %q", jpg, wp)
	}
	if a, b := Srcset(nil); a != "" || b != "" {
		t.Errorf("Srcset(nil) = %q, %q", a, b)
	}
	for _, tc := range []struct {
		max  int
		want string
	}{{960, "/media/b.jpg"}, {1280, "/media/c.jpg"}, {100, "/media/a.jpg"}} {
		if got := Src(vs, tc.max); got != tc.want {
			t.Errorf("Src(%d) = %q, want %q", tc.max, got, tc.want)
		}
	}
	if got := Src(vs[1:2], 960); got != "" {
		t.Errorf("Src(webp only) = %q", got)
	}
}

func TestVariantOptions(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		lib := newLibrary(t, d)
		lib.SetVariantOptions(VariantOptions{Widths: []int{400, 200}, JPEGQuality: 70})
		m, err := lib.AddImage(context.Background(), "a.jpg", testkit.JPEG(t, testkit.Picture(900, 600)))
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, v := range m.Variants {
			got = append(got, fmt.Sprint(v.Format, v.Width))
		}
		if want := []string{"jpeg200", "jpeg400"}; !slices.Equal(got, want) {
			t.Errorf("variants %v, want %v", got, want)
		}
	})
}

func TestGenerateVariantsForOlderPictures(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		lib := newLibrary(t, d)
		m, err := lib.AddImage(ctx, "a.jpg", testkit.JPEG(t, testkit.Picture(700, 120)))
		if err != nil {
			t.Fatal(err)
		}
		// As if the picture had been stored before variants existed.
		if _, err := d.Exec(ctx, "DELETE FROM media_variants"); err != nil {
			t.Fatal(err)
		}
		again, err := lib.AddImage(ctx, "a.jpg", testkit.JPEG(t, testkit.Picture(700, 120)))
		if err != nil {
			t.Fatal(err)
		}
		if again.ID != m.ID || len(again.Variants) != len(m.Variants) {
			t.Fatalf("re-adding: id %d, %d variants; want %d, %d", again.ID, len(again.Variants), m.ID, len(m.Variants))
		}
		// Made from the master rather than the upload, the copies have the same sizes, not
		// the same bytes.
		for i, v := range again.Variants {
			first := m.Variants[i]
			if v.Width != first.Width || v.Height != first.Height || v.Format != first.Format || (first.Key == m.Key) != (v.Key == m.Key) {
				t.Errorf("regenerated %+v, first %+v", v, first)
			}
			lib.readFile(t, v.Key)
		}
		vs, err := lib.GenerateVariants(ctx, m.ID)
		if err != nil || len(vs) != len(m.Variants) {
			t.Errorf("GenerateVariants again = %d, %v", len(vs), err)
		}
	})
}

func TestServeVariant(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		lib := newLibrary(t, d)
		m, err := lib.AddImage(context.Background(), "a.jpg", testkit.JPEG(t, testkit.Picture(700, 120)))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range m.Variants {
			want := map[string]string{"jpeg": "image/jpeg", "webp": "image/webp"}[v.Format]
			r := httptest.NewRequest("GET", v.URL(), nil)
			w := httptest.NewRecorder()
			if err := lib.Serve(w, r, v.Key); err != nil {
				t.Fatal(err)
			}
			res := w.Result()
			if res.StatusCode != 200 || res.Header.Get("Content-Type") != want ||
				res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" ||
				!bytes.Equal(w.Body.Bytes(), lib.readFile(t, v.Key)) {
				t.Errorf("GET %s = %d %v", v.URL(), res.StatusCode, res.Header)
			}
			etag := res.Header.Get("ETag")
			r = httptest.NewRequest("GET", v.URL(), nil)
			r.Header.Set("If-None-Match", etag)
			w = httptest.NewRecorder()
			if err := lib.Serve(w, r, v.Key); err != nil || w.Code != http.StatusNotModified || etag == "" {
				t.Errorf("conditional GET %s with %q = %d, %v", v.URL(), etag, w.Code, err)
			}
		}
		for _, key := range []string{"", "../batori.db", ".upload-1", "a/b.jpg", `a\b.jpg`, "missing.webp"} {
			if err := lib.Serve(httptest.NewRecorder(), httptest.NewRequest("GET", "/media/x", nil), key); err != ErrNotFound {
				t.Errorf("Serve(%q) = %v, want ErrNotFound", key, err)
			}
		}
	})
}
