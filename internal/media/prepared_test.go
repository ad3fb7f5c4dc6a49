package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/testkit"
)

// TestAddPreparedMatchesAddImage adds each picture by upload to one library and, prepared,
// to another: the records, the variants and the stored files must be the same.
func TestAddPreparedMatchesAddImage(t *testing.T) {
	for _, dialect := range dbtest.Dialects {
		t.Run(string(dialect), func(t *testing.T) {
			ctx := context.Background()
			uploads := newLibrary(t, dbtest.Open(t, dialect))
			prepared := newLibrary(t, dbtest.Open(t, dialect))
			for _, tc := range []struct {
				name string
				data []byte
			}{
				{"own-width.jpg", testkit.JPEG(t, testkit.Picture(1000, 90))},         // the master is the widest JPEG variant
				{"wider.jpg", testkit.JPEG(t, testkit.Picture(1500, 150))},            // wider than every variant width
				{"small.png", testkit.PNG(t, testkit.Picture(200, 100))},              // one width
				{"logo.png", testkit.PNG(t, transparentTop(testkit.Picture(90, 90)))}, // a PNG master
			} {
				want, err := uploads.AddImage(ctx, tc.name, tc.data)
				if err != nil {
					t.Fatalf("%s: AddImage: %v", tc.name, err)
				}
				p, err := Prepare(tc.data, PrepareOptions{Variants: DefaultVariantOptions()})
				if err != nil {
					t.Fatalf("%s: Prepare: %v", tc.name, err)
				}
				// The order of the variant files does not matter.
				slices.Reverse(p.Variants)
				got, err := prepared.AddPrepared(ctx, tc.name, p)
				if err != nil {
					t.Fatalf("%s: AddPrepared: %v", tc.name, err)
				}
				if got.Key != want.Key || got.ContentType != want.ContentType || got.Width != want.Width ||
					got.Height != want.Height || got.Bytes != want.Bytes || got.OriginalName != want.OriginalName {
					t.Errorf("%s: AddPrepared = %+v, AddImage = %+v", tc.name, got, want)
				}
				stored, err := prepared.Get(ctx, got.ID)
				if err != nil {
					t.Fatal(err)
				}
				same := func(a, b Variant) bool { a.MediaID, b.MediaID = 0, 0; return a == b }
				if !slices.EqualFunc(stored.Variants, want.Variants, same) || !slices.EqualFunc(got.Variants, want.Variants, same) {
					t.Errorf("%s: prepared variants\n%+v\nuploaded\n%+v", tc.name, stored.Variants, want.Variants)
				}
				for _, key := range append([]string{want.Key}, variantKeys(want.Variants)...) {
					if !bytes.Equal(prepared.readFile(t, key), uploads.readFile(t, key)) {
						t.Errorf("%s: stored %s differs", tc.name, key)
					}
				}
				again, err := prepared.AddPrepared(ctx, "again.jpg", p)
				if err != nil || again.ID != got.ID || len(again.Variants) != len(got.Variants) {
					t.Errorf("%s: adding again = id %d, %d variants, %v; want id %d", tc.name, again.ID, len(again.Variants), err, got.ID)
				}
			}
		})
	}
}

func variantKeys(vs []Variant) []string {
	var out []string
	for _, v := range vs {
		out = append(out, v.Key)
	}
	return out
}

// TestAddPreparedRefusesOtherVariants checks that a prepared picture whose variants are not
// exactly the library's is refused and leaves no record, while other qualities are fine.
func TestAddPreparedRefusesOtherVariants(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		lib := newLibrary(t, d)
		data := testkit.JPEG(t, testkit.Picture(700, 70))
		p, err := Prepare(data, PrepareOptions{Variants: DefaultVariantOptions()})
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Variants) != 5 { // 320 and 640 in JPEG, 320, 640 and 700 in WebP
			t.Fatalf("%d variant files, want 5 JPEG and WebP copies besides the master", len(p.Variants))
		}
		jpegOnly, err := Prepare(data, PrepareOptions{Variants: VariantOptions{Widths: DefaultVariantOptions().Widths, JPEGQuality: 80}})
		if err != nil {
			t.Fatal(err)
		}
		narrower, err := Prepare(testkit.JPEG(t, testkit.Picture(700, 70)), PrepareOptions{Variants: VariantOptions{Widths: []int{320}, WebP: true, JPEGQuality: 80, WebPQuality: 75}})
		if err != nil {
			t.Fatal(err)
		}
		refused := map[string]Prepared{
			"one missing":    {Master: p.Master, Variants: p.Variants[1:]},
			"one twice":      {Master: p.Master, Variants: append(slices.Clone(p.Variants), p.Variants[0])},
			"no WebP":        jpegOnly,
			"other widths":   narrower,
			"master twice":   {Master: p.Master, Variants: append(slices.Clone(p.Variants), p.Master)},
			"WebP as master": {Master: p.Variants[len(p.Variants)-1], Variants: p.Variants},
		}
		for name, bad := range refused {
			if _, err := lib.AddPrepared(ctx, name+".jpg", bad); !errors.Is(err, ErrPreparedMismatch) {
				t.Errorf("%s: AddPrepared = %v, want ErrPreparedMismatch", name, err)
			}
		}
		if _, err := lib.AddPrepared(ctx, "junk.jpg", Prepared{Master: []byte("not a picture")}); !errors.Is(err, ErrNotImage) {
			t.Errorf("junk master: %v, want ErrNotImage", err)
		}
		var n int
		if err := d.QueryRow(ctx, "SELECT COUNT(*) FROM media").Scan(&n); err != nil || n != 0 {
			t.Fatalf("%d media recorded after refusals (%v), want 0", n, err)
		}

		// Lower qualities make other files, but the same set of them.
		small, err := Prepare(data, PrepareOptions{MasterQuality: 50, Variants: VariantOptions{
			Widths: DefaultVariantOptions().Widths, WebP: true, JPEGQuality: 40, WebPQuality: 40}})
		if err != nil {
			t.Fatal(err)
		}
		m, err := lib.AddPrepared(ctx, "small.jpg", small)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, v := range m.Variants {
			got = append(got, fmt.Sprint(v.Format, v.Width, "x", v.Height))
		}
		want := []string{"jpeg320x32", "webp320x32", "jpeg640x64", "webp640x64", "jpeg700x70", "webp700x70"}
		if !slices.Equal(got, want) {
			t.Errorf("variants %v, want %v", got, want)
		}
		if len(small.Master) >= len(p.Master) || m.Variants[4].Key != m.Key {
			t.Errorf("master of %d bytes at quality 50, %d at 85; widest JPEG %s, master %s", len(small.Master), len(p.Master), m.Variants[4].Key, m.Key)
		}
	})
}
