package enquiries_test

import (
	"context"
	"sync"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/enquiries"
)

// store is the store under test with its events handed to a function per call, inside the
// transaction, as the application's subscriber gets them: a test queues the mail an event
// calls for, and a function's error shows that a refused mail rolls the change back.
type store struct {
	*enquiries.Store
	hooks *hooks
}

// hooks is the test database's subscriber; fn is the current call's.
type hooks struct {
	mu sync.Mutex
	fn func(ctx context.Context, tx *db.Tx, ev any) error
}

func (h *hooks) InTx(ctx context.Context, tx *db.Tx, events []any) error {
	h.mu.Lock()
	fn := h.fn
	h.mu.Unlock()
	for _, ev := range events {
		if fn != nil {
			if err := fn(ctx, tx, ev); err != nil {
				return err
			}
		}
	}
	return nil
}

func (h *hooks) Committed(context.Context, []any) {}

func (h *hooks) set(fn func(ctx context.Context, tx *db.Tx, ev any) error) {
	h.mu.Lock()
	h.fn = fn
	h.mu.Unlock()
}

func subscribe(d *db.DB, st *enquiries.Store) store {
	h := &hooks{}
	d.Subscribe(h)
	return store{Store: st, hooks: h}
}

// Submit submits in, with then called on the Received event.
func (s store) Submit(ctx context.Context, in enquiries.NewEnquiry, then func(tx *db.Tx, e enquiries.Enquiry) error) (enquiries.Enquiry, bool, error) {
	s.hooks.set(func(_ context.Context, tx *db.Tx, ev any) error {
		if r, ok := ev.(enquiries.Received); ok && then != nil {
			return then(tx, r.Enquiry)
		}
		return nil
	})
	return s.Store.Submit(ctx, in)
}

// Reply replies, with send queueing the mail on the Replied event; the mail is tied to the
// reply as the application ties it.
func (s store) Reply(ctx context.Context, id, by int64, body string, send func(tx *db.Tx, e enquiries.Enquiry, body string) (int64, error)) error {
	s.hooks.set(func(ctx context.Context, tx *db.Tx, ev any) error {
		r, ok := ev.(enquiries.Replied)
		if !ok || send == nil {
			return nil
		}
		outboxID, err := send(tx, r.Enquiry, r.Body)
		if err != nil {
			return err
		}
		return s.AttachMail(ctx, tx, r.Step, outboxID)
	})
	return s.Store.Reply(ctx, id, by, body)
}
