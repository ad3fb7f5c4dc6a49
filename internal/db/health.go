package db

import (
	"sync"
	"time"

	"github.com/batori-news/batori/internal/fault"
)

// writeHealth remembers whether the last write failed for want of storage (a full disk, a
// read-only file, a database away), so that /readyz answers 503 while writes fail even
// though reads and a ping still work.
type writeHealth struct {
	mu     sync.Mutex
	err    error
	failed time.Time
}

// writeFaultMemory is how long a failed write keeps the node unready without a later write
// succeeding: long enough for a load balancer to see it, short enough that a node with no
// traffic is tried again.
const writeFaultMemory = time.Minute

func (h *writeHealth) note(err error) {
	if err != nil && !fault.Is(err) {
		return // a refused input or a conflict says nothing about the storage
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if err == nil {
		h.err = nil
		return
	}
	h.err, h.failed = err, time.Now()
}

// WriteHealth returns the storage failure of the last write when it failed less than a
// minute ago and no write has succeeded since; nil otherwise.
func (db *DB) WriteHealth() error {
	h := &db.writes
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.err == nil || time.Since(h.failed) > writeFaultMemory {
		return nil
	}
	return h.err
}
