package views

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/batori-news/batori/internal/locale"
)

// MaxPending bounds the editions-and-hours a Counter holds between flushes, so that a flood of
// beacons for made-up stories cannot grow memory without end; views past it are dropped (and
// logged at the next flush).
const MaxPending = 50000

// FlushEvery is how often Run writes the views counted since the last flush.
const FlushEvery = 10 * time.Second

// finalFlush bounds the last flush at shutdown.
const finalFlush = 10 * time.Second

// Counter counts views in memory and writes them to the Store in batches. Count never touches
// the database, so it never slows a page.
type Counter struct {
	store *Store
	now   func() time.Time
	log   *slog.Logger

	mu      sync.Mutex
	pending map[Count]int64
	dropped int64
	// flushing makes flushes take turns, so counts put back after a failure stay in order.
	flushing sync.Mutex
}

// NewCounter returns a counter that writes to store, reading the time from now.
func NewCounter(store *Store, now func() time.Time, log *slog.Logger) *Counter {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Counter{store: store, now: now, log: log, pending: map[Count]int64{}}
}

// Count counts one view of a story's edition, in the hour it happens.
func (c *Counter) Count(storyID int64, lang locale.Lang) {
	k := Count{StoryID: storyID, Lang: lang, Hour: hourOf(c.now())}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.pending[k]; !ok && len(c.pending) >= MaxPending {
		c.dropped++
		return
	}
	c.pending[k]++
}

// Pending returns how many views wait to be written.
func (c *Counter) Pending() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	var n int64
	for _, v := range c.pending {
		n += v
	}
	return n
}

// Flush writes the views counted so far. When the write fails they are kept for the next
// flush.
func (c *Counter) Flush(ctx context.Context) error {
	c.flushing.Lock()
	defer c.flushing.Unlock()
	c.mu.Lock()
	batch, dropped := c.pending, c.dropped
	c.pending, c.dropped = map[Count]int64{}, 0
	c.mu.Unlock()
	if dropped > 0 {
		c.log.Warn("views dropped: too many stories counted between flushes", "views", dropped)
	}
	if len(batch) == 0 {
		return nil
	}
	counts := make([]Count, 0, len(batch))
	for k, v := range batch {
		k.Views = v
		counts = append(counts, k)
	}
	if err := c.store.Add(ctx, counts); err != nil {
		c.putBack(batch)
		return err
	}
	return nil
}

// putBack returns an unwritten batch to the counts.
func (c *Counter) putBack(batch map[Count]int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, v := range batch {
		if _, ok := c.pending[k]; !ok && len(c.pending) >= MaxPending {
			c.dropped += v
			continue
		}
		c.pending[k] += v
	}
}

// Run flushes every interval until ctx ends, then flushes once more (within a few seconds of
// its own) so that a graceful shutdown loses no view. Call it after the HTTP server has
// stopped taking requests, or cancel ctx only then.
func (c *Counter) Run(ctx context.Context, every time.Duration) {
	if every <= 0 {
		every = FlushEvery
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			fctx, cancel := context.WithTimeout(context.Background(), finalFlush)
			defer cancel()
			if err := c.Flush(fctx); err != nil {
				c.log.Error("views lost at shutdown", "views", c.Pending(), "err", err)
			}
			return
		case <-t.C:
			if err := c.Flush(ctx); err != nil && ctx.Err() == nil {
				c.log.Warn("write views; kept for the next flush", "err", err)
			}
		}
	}
}
