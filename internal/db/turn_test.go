package db_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
)

// TestTakeTurn: of many workers asking at once, one takes a task's turn; nobody takes it again
// before the turn ends, the first to ask after it does, and tasks have turns of their own.
func TestTakeTurn(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Now()
		var won atomic.Int32
		var wg sync.WaitGroup
		for i := range 12 {
			wg.Go(func() {
				ok, err := d.TakeTurn(ctx, "back up", string(rune('a'+i)), now, now.Add(time.Hour))
				if err != nil {
					t.Error(err)
				}
				if ok {
					won.Add(1)
				}
			})
		}
		wg.Wait()
		if n := won.Load(); n != 1 {
			t.Fatalf("%d workers took the first turn, want 1", n)
		}
		for _, c := range []struct {
			name string
			at   time.Duration
			want bool
		}{
			{"back up", 59 * time.Minute, false},
			{"other task", time.Minute, true},
			{"back up", time.Hour, true},
			{"back up", time.Hour + time.Minute, false},
		} {
			if ok, err := d.TakeTurn(ctx, c.name, "z", now.Add(c.at), now.Add(c.at+time.Hour)); err != nil || ok != c.want {
				t.Errorf("%s at +%s: %t, %v; want %t", c.name, c.at, ok, err, c.want)
			}
		}
	})
}
