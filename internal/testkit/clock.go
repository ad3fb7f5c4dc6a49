package testkit

import (
	"sync"
	"time"
)

// Clock is a time source for the stores' WithClock that moves only when a test says so. It
// is safe for the goroutines of race tests.
type Clock struct {
	mu      sync.Mutex
	t       time.Time
	running bool // t is an offset from the real time (RunningClock)
	off     time.Duration
}

// NewClock returns a clock standing still at start.
func NewClock(start time.Time) *Clock {
	return &Clock{t: start}
}

// RunningClock returns a clock that follows the real time, moved on by Advance: a form
// fetched a moment ago then counts as filled in at leisure, while the server under test keeps
// the real time.
func RunningClock() *Clock {
	return &Clock{running: true}
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running {
		return time.Now().Add(c.off)
	}
	return c.t
}

// Advance moves the clock on by d and returns the new time.
func (c *Clock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running {
		c.off += d
		return time.Now().Add(c.off)
	}
	c.t = c.t.Add(d)
	return c.t
}

// Set puts the clock at t; a running clock runs on from there.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running {
		c.off = time.Until(t)
		return
	}
	c.t = t
}
