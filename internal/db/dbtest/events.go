package dbtest

import (
	"context"
	"sync"

	"github.com/batori-news/batori/internal/db"
)

// Events is a subscriber for storage tests: it keeps the events of committed transactions and,
// with Refuse set, refuses events inside the transaction as the application's subscriber
// would when a mail cannot be queued.
type Events struct {
	// Refuse, when set, is asked about every event inside its transaction; an error rolls the
	// transaction back.
	Refuse func(ev any) error

	mu        sync.Mutex
	committed []any
}

// Subscribe makes a fresh Events the subscriber of d.
func Subscribe(d *db.DB) *Events {
	e := &Events{}
	d.Subscribe(e)
	return e
}

// InTx implements db.Subscriber.
func (e *Events) InTx(_ context.Context, _ *db.Tx, events []any) error {
	if e.Refuse == nil {
		return nil
	}
	for _, ev := range events {
		if err := e.Refuse(ev); err != nil {
			return err
		}
	}
	return nil
}

// Committed implements db.Subscriber.
func (e *Events) Committed(_ context.Context, events []any) {
	e.mu.Lock()
	e.committed = append(e.committed, events...)
	e.mu.Unlock()
}

// Of returns the committed events of type T, oldest first.
func Of[T any](e *Events) []T {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []T
	for _, ev := range e.committed {
		if t, ok := ev.(T); ok {
			out = append(out, t)
		}
	}
	return out
}
