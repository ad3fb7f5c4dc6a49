package views_test

import (
	"context"
	"sync/atomic"
	"testing"

	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/views"
)

// BenchmarkCount is the cost a view adds to serving the beacon, with every core counting.
func BenchmarkCount(b *testing.B) {
	c := views.NewCounter(nil, nil, nil)
	var next atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		id := next.Add(1) * 1000
		i := int64(0)
		for pb.Next() {
			c.Count(id+i%200, en)
			i++
		}
	})
}

// BenchmarkFlush writes a batch of views of 500 editions, as a busy node's ten seconds would.
func BenchmarkFlush(b *testing.B) {
	for _, dialect := range dbtest.Dialects {
		b.Run(string(dialect), func(b *testing.B) {
			d := dbtest.Open(b, dialect)
			ids := stories(b, d, 500)
			c := views.NewCounter(views.NewStore(d), nil, nil)
			b.ResetTimer()
			for range b.N {
				for _, id := range ids {
					c.Count(id, en)
					c.Count(id, as)
				}
				if err := c.Flush(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
