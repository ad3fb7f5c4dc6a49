package people_test

import (
	"context"
	"sync"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/people"
)

// store is the store under test with its events handed to a function per call, inside the
// transaction, as the application's subscriber gets them: tests see what each call recorded,
// and a function's error shows that a subscriber's refusal rolls the change back.
type store struct {
	*people.Store
	hooks *hooks
}

// hooks is the test database's subscriber; fn is the current call's.
type hooks struct {
	mu sync.Mutex
	fn func(tx *db.Tx, ev any) error
}

func (h *hooks) InTx(_ context.Context, tx *db.Tx, events []any) error {
	h.mu.Lock()
	fn := h.fn
	h.mu.Unlock()
	for _, ev := range events {
		if fn != nil {
			if err := fn(tx, ev); err != nil {
				return err
			}
		}
	}
	return nil
}

func (h *hooks) Committed(context.Context, []any) {}

func (h *hooks) set(fn func(tx *db.Tx, ev any) error) {
	h.mu.Lock()
	h.fn = fn
	h.mu.Unlock()
}

func (s store) Register(ctx context.Context, in people.Registration, then func(tx *db.Tx, u people.User, token string) error) (people.User, error) {
	s.hooks.set(func(tx *db.Tx, ev any) error {
		if r, ok := ev.(people.Registered); ok && then != nil && !r.Resent {
			return then(tx, r.User, r.Token)
		}
		return nil
	})
	return s.Store.Register(ctx, in)
}

func (s store) ResendVerification(ctx context.Context, email string, then func(tx *db.Tx, u people.User, token string) error) error {
	s.hooks.set(func(tx *db.Tx, ev any) error {
		if r, ok := ev.(people.Registered); ok && then != nil && r.Resent {
			return then(tx, r.User, r.Token)
		}
		return nil
	})
	return s.Store.ResendVerification(ctx, email)
}

func (s store) VerifyEmail(ctx context.Context, token string, then func(tx *db.Tx, u people.User) error) (people.User, error) {
	s.hooks.set(func(tx *db.Tx, ev any) error {
		if r, ok := ev.(people.EmailVerified); ok && then != nil {
			return then(tx, r.User)
		}
		return nil
	})
	return s.Store.VerifyEmail(ctx, token)
}

func (s store) RequestPasswordReset(ctx context.Context, email string, then func(tx *db.Tx, u people.User, token string) error) error {
	s.hooks.set(func(tx *db.Tx, ev any) error {
		if r, ok := ev.(people.PasswordResetRequested); ok && then != nil {
			return then(tx, r.User, r.Token)
		}
		return nil
	})
	return s.Store.RequestPasswordReset(ctx, email)
}

func (s store) Approve(ctx context.Context, userID, reviewerID int64, role people.Role, then func(tx *db.Tx, u people.User) error) error {
	s.hooks.set(func(tx *db.Tx, ev any) error {
		if r, ok := ev.(people.Approved); ok && then != nil {
			return then(tx, r.User)
		}
		return nil
	})
	return s.Store.Approve(ctx, userID, reviewerID, role)
}

func (s store) Reject(ctx context.Context, userID, reviewerID int64, reason string, then func(tx *db.Tx, u people.User) error) error {
	s.hooks.set(func(tx *db.Tx, ev any) error {
		if r, ok := ev.(people.Rejected); ok && then != nil {
			if r.Reason != r.User.ReviewNote {
				panic("Rejected carries another reason than the one stored")
			}
			return then(tx, r.User)
		}
		return nil
	})
	return s.Store.Reject(ctx, userID, reviewerID, reason)
}
