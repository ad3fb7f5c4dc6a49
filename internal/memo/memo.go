// Package memo keeps values every reader page needs (the site settings, the sections, the
// footer menu) in memory between the events that change them, so a fresh render does not read
// them from the database each time.
package memo

import (
	"context"
	"sync/atomic"
	"time"
)

// Gen is a generation shared by several Values: Forget moves it on, and every Value of it
// reads its value again on its next Get. The app calls Forget when every page is invalidated,
// which every node hears (page cache notices), so every node forgets at once.
type Gen struct{ n atomic.Uint64 }

// Forget makes every Value of g read its value again.
func (g *Gen) Forget() { g.n.Add(1) }

// Current is g's generation, for memos of other shapes: what they keep under one
// generation is stale under the next.
func (g *Gen) Current() uint64 { return g.n.Load() }

// Value is one value read by load and kept until its Gen is forgotten or it is older than
// maxAge: the age bounds how long a change made where no event reaches (another process
// writing the same SQLite file) goes unseen.
type Value[T any] struct {
	gen    *Gen
	load   func(context.Context) (T, error)
	maxAge time.Duration
	now    func() time.Time

	kept atomic.Pointer[kept[T]]
}

type kept[T any] struct {
	v   T
	gen uint64
	at  time.Time
}

// New returns a Value of g read by load, kept at most maxAge.
func New[T any](g *Gen, maxAge time.Duration, load func(context.Context) (T, error)) *Value[T] {
	return &Value[T]{gen: g, load: load, maxAge: maxAge, now: time.Now}
}

// Get returns the kept value, reading it first when there is none, it was forgotten or it is
// too old. A value read while a Forget happened is returned but not kept, so a change that
// committed during the read is never kept hidden. Values are shared: callers must not modify
// them.
func (v *Value[T]) Get(ctx context.Context) (T, error) {
	gen := v.gen.n.Load()
	now := v.now()
	if k := v.kept.Load(); k != nil && k.gen == gen && now.Sub(k.at) < v.maxAge {
		return k.v, nil
	}
	val, err := v.load(ctx)
	if err != nil {
		return val, err
	}
	if v.gen.n.Load() == gen {
		v.kept.Store(&kept[T]{v: val, gen: gen, at: now})
	}
	return val, nil
}
