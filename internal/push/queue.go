package push

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"
	"time"

	"github.com/batori-news/batori/internal/db"
)

// The delivery queue works as the mail outbox does (internal/mail/claim.go): a worker claims
// due deliveries with db.Claim, writing a lease (locked_until, lease_token) and counting an
// attempt; only the holder of the lease records the outcome. A worker that dies only delays
// its deliveries until the lease ends.

// delivery is one claimed delivery with what sending it needs.
type delivery struct {
	id, messageID, subscriptionID int64
	attempts                      int
	endpoint, p256dh, auth        string
}

// batch is a worker's claim: its token and the deliveries it holds.
type batch struct {
	token      string
	deliveries []delivery
	messages   map[int64]Message
}

func claimDue(n int, now, until time.Time, token string) db.Claim {
	return db.Claim{
		Table:     "push_deliveries",
		Where:     "status = 'queued' AND next_attempt_at <= ? AND (locked_until IS NULL OR locked_until <= ?)",
		WhereArgs: []any{now, now},
		Order:     "next_attempt_at, id",
		Limit:     n,
		Set:       "locked_until = ?, lease_token = ?, attempts = attempts + 1",
		SetArgs:   []any{until, token},
		Returning: "id, message_id, subscription_id, attempts",
	}
}

// claim leases up to n due deliveries for lease and reads their subscriptions and messages.
func (s *Store) claim(ctx context.Context, n int, lease time.Duration) (batch, error) {
	buf := make([]byte, 16)
	rand.Read(buf)
	b := batch{token: hex.EncodeToString(buf), messages: map[int64]Message{}}
	t := s.now()
	err := s.db.InTx(ctx, func(tx *db.Tx) error {
		b.deliveries = b.deliveries[:0]
		rows, err := tx.Claim(ctx, claimDue(n, t, t.Add(lease), b.token))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var d delivery
			if err := rows.Scan(&d.id, &d.messageID, &d.subscriptionID, &d.attempts); err != nil {
				return err
			}
			b.deliveries = append(b.deliveries, d)
		}
		return rows.Err()
	})
	if err != nil || len(b.deliveries) == 0 {
		return b, err
	}
	slices.SortFunc(b.deliveries, func(x, y delivery) int { return cmp.Compare(x.id, y.id) })
	subs := map[int64]int{}
	var subIDs, msgIDs []any
	for i, d := range b.deliveries {
		if _, ok := subs[d.subscriptionID]; !ok {
			subIDs = append(subIDs, d.subscriptionID)
		}
		subs[d.subscriptionID] = i
		if _, ok := b.messages[d.messageID]; !ok {
			b.messages[d.messageID] = Message{}
			msgIDs = append(msgIDs, d.messageID)
		}
	}
	keys := map[int64][3]string{}
	rows, err := s.db.Query(ctx, "SELECT id, endpoint, p256dh, auth FROM push_subscriptions WHERE id IN ("+db.In(len(subIDs))+")", subIDs...)
	if err != nil {
		return b, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var k [3]string
		if err := rows.Scan(&id, &k[0], &k[1], &k[2]); err != nil {
			return b, err
		}
		keys[id] = k
	}
	if err := rows.Err(); err != nil {
		return b, err
	}
	for i := range b.deliveries {
		// A subscription removed meanwhile took its deliveries with it; its endpoint stays
		// empty and the delivery is dropped when settled.
		k := keys[b.deliveries[i].subscriptionID]
		b.deliveries[i].endpoint, b.deliveries[i].p256dh, b.deliveries[i].auth = k[0], k[1], k[2]
	}
	mrows, err := s.db.Query(ctx, "SELECT "+messageColumns+" FROM push_messages WHERE id IN ("+db.In(len(msgIDs))+")", msgIDs...)
	if err != nil {
		return b, err
	}
	defer mrows.Close()
	for mrows.Next() {
		m, err := scanMessage(mrows)
		if err != nil {
			return b, err
		}
		b.messages[m.ID] = m
	}
	return b, mrows.Err()
}

// outcome is what became of one delivery.
type outcome struct {
	d    delivery
	kind outcomeKind
	// retryAt is when a delivery to retry is due again.
	retryAt time.Time
	err     string
}

type outcomeKind int

const (
	delivered outcomeKind = iota
	// gone: the push service no longer knows the subscription (404, 410); it is removed.
	gone
	retry
	failed
	// untried: handed back uncounted (the worker is stopping).
	untried
)

// settle records a batch's outcomes: delivered rows are deleted and counted on their message,
// gone subscriptions removed, retries rescheduled, failures kept. Rows whose lease was lost
// to another worker (ours ran out) are left alone.
func (s *Store) settle(ctx context.Context, token string, outs []outcome) error {
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		var done, goneSubs []any
		for _, o := range outs {
			switch o.kind {
			case delivered:
				done = append(done, o.d.id)
			case gone:
				done = append(done, o.d.id)
				goneSubs = append(goneSubs, o.d.subscriptionID)
			case retry:
				if _, err := tx.Exec(ctx, `UPDATE push_deliveries SET next_attempt_at = ?, last_error = ?, locked_until = NULL, lease_token = NULL
					WHERE id = ? AND lease_token = ?`, o.retryAt.UTC().Truncate(time.Microsecond), o.err, o.d.id, token); err != nil {
					return err
				}
			case failed:
				res, err := tx.Exec(ctx, `UPDATE push_deliveries SET status = 'failed', last_error = ?, locked_until = NULL, lease_token = NULL
					WHERE id = ? AND lease_token = ?`, o.err, o.d.id, token)
				if err != nil {
					return err
				}
				if n, _ := res.RowsAffected(); n == 1 {
					if _, err := tx.Exec(ctx, "UPDATE push_messages SET failed = failed + 1 WHERE id = ?", o.d.messageID); err != nil {
						return err
					}
				}
			case untried:
				if _, err := tx.Exec(ctx, `UPDATE push_deliveries SET attempts = attempts - 1, locked_until = NULL, lease_token = NULL
					WHERE id = ? AND lease_token = ?`, o.d.id, token); err != nil {
					return err
				}
			}
		}
		if len(done) > 0 {
			rows, err := tx.Query(ctx, "DELETE FROM push_deliveries WHERE lease_token = ? AND id IN ("+db.In(len(done))+") RETURNING id, message_id",
				append([]any{token}, done...)...)
			if err != nil {
				return fmt.Errorf("settle deliveries: %w", err)
			}
			removed := map[int64]bool{}
			for rows.Next() {
				var id, msg int64
				if err := rows.Scan(&id, &msg); err != nil {
					rows.Close()
					return err
				}
				removed[id] = true
			}
			if err := rows.Close(); err != nil {
				return err
			}
			type tally struct{ delivered, gone int }
			counts := map[int64]*tally{}
			for _, o := range outs {
				if !removed[o.d.id] {
					continue
				}
				c := counts[o.d.messageID]
				if c == nil {
					c = &tally{}
					counts[o.d.messageID] = c
				}
				if o.kind == gone {
					c.gone++
				} else {
					c.delivered++
				}
			}
			for id, c := range counts {
				if _, err := tx.Exec(ctx, "UPDATE push_messages SET delivered = delivered + ?, gone = gone + ? WHERE id = ?", c.delivered, c.gone, id); err != nil {
					return err
				}
			}
		}
		if len(goneSubs) > 0 {
			if _, err := tx.Exec(ctx, "DELETE FROM push_subscriptions WHERE id IN ("+db.In(len(goneSubs))+")", goneSubs...); err != nil {
				return err
			}
		}
		return nil
	})
}
