package media

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/testkit"
)

// An upload with the queue on stores its master and returns without variants; the job makes
// them once, and the same picture uploaded again is not queued again.
func TestQueuedVariants(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		lib := newLibrary(t, d)
		woken := 0
		lib.QueueVariants(func() { woken++ })
		data := testkit.JPEG(t, testkit.Picture(1000, 90))
		m, err := lib.AddUpload(ctx, "strip.jpg", bytes.NewReader(data), 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Variants) != 0 || woken != 1 {
			t.Fatalf("upload returned %d variants and woke the job %d times, want none and once", len(m.Variants), woken)
		}
		if n, err := lib.QueuedVariants(ctx); err != nil || n != 1 {
			t.Fatalf("QueuedVariants = %d, %v; want 1", n, err)
		}
		done, err := lib.MakeQueuedVariants(ctx, 10)
		if err != nil || !slices.Equal(done, []int64{m.ID}) {
			t.Fatalf("MakeQueuedVariants = %v, %v; want [%d]", done, err, m.ID)
		}
		vs, err := lib.Variants(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		var widths []int
		for _, v := range vs {
			if v.Format == "jpeg" {
				widths = append(widths, v.Width)
			}
		}
		if !slices.Equal(widths, []int{320, 640, 960, 1000}) {
			t.Errorf("variant widths %v, want 320 640 960 1000", widths)
		}
		if done, err := lib.MakeQueuedVariants(ctx, 10); err != nil || len(done) != 0 {
			t.Errorf("second run = %v, %v; want nothing left", done, err)
		}
		again, err := lib.AddUpload(ctx, "again.jpg", bytes.NewReader(data), 0)
		if err != nil || again.ID != m.ID || len(again.Variants) != len(vs) {
			t.Fatalf("same upload again = id %d with %d variants, %v; want id %d with %d", again.ID, len(again.Variants), err, m.ID, len(vs))
		}
		if n, _ := lib.QueuedVariants(ctx); n != 0 {
			t.Errorf("%d queued after a duplicate upload, want 0", n)
		}
	})
}

// A picture whose variants cannot be made (its master is gone) is tried again after its
// lease, and leaves the queue after variantAttempts tries.
func TestQueuedVariantsGiveUp(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		lib := newLibrary(t, d)
		lib.QueueVariants(nil)
		m, err := lib.AddUpload(ctx, "gone.jpg", bytes.NewReader(testkit.JPEG(t, testkit.Picture(700, 70))), 0)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(filepath.Join(lib.dir, m.Key)); err != nil {
			t.Fatal(err)
		}
		for attempt := 1; attempt <= variantAttempts; attempt++ {
			done, err := lib.MakeQueuedVariants(ctx, 1)
			if err == nil || attempt < variantAttempts && len(done) != 0 {
				t.Fatalf("attempt %d = %v, %v; want an error", attempt, done, err)
			}
			// The lease ends at once, as if its time had passed.
			if _, err := d.Exec(ctx, "UPDATE media SET variants_lease = NULL"); err != nil {
				t.Fatal(err)
			}
		}
		if n, _ := lib.QueuedVariants(ctx); n != 0 {
			t.Errorf("%d still queued after %d failed attempts, want 0", n, variantAttempts)
		}
	})
}
