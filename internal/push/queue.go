package push

import (
	"context"
	"fmt"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/queue"
)

// The delivery queue is a leased queue (internal/queue), as the mail outbox is: a worker
// claims due deliveries, writing a lease (locked_until, lease_token) and counting an attempt;
// only the holder of the lease records the outcome. A worker that dies only delays its
// deliveries until the lease ends.

// delivery is one claimed delivery with what sending it needs.
type delivery struct {
	messageID, subscriptionID int64
	endpoint, p256dh, auth    string
	// msg is the message sent, shared by the batch's deliveries of it; its ID is 0 when the
	// message was removed meanwhile.
	msg *Message
	// keys sign the request (the store's VAPID keys).
	keys Keys
}

// claim leases up to n due deliveries for lease and reads their subscriptions and messages.
// It claims nothing while the VAPID keys cannot be had.
func (s *Store) claim(ctx context.Context, n int, lease time.Duration) (queue.Batch[delivery], error) {
	keys, err := s.Keys(ctx)
	if err != nil {
		return queue.Batch[delivery]{}, fmt.Errorf("no VAPID keys: %w", err)
	}
	b, err := queue.Claim(ctx, s.jobs, s.now(), n, lease, "message_id, subscription_id", func(into func(...any) error) (delivery, error) {
		d := delivery{keys: keys}
		return d, into(&d.messageID, &d.subscriptionID)
	})
	if err != nil || len(b.Jobs) == 0 {
		return b, err
	}
	subs := map[int64]bool{}
	messages := map[int64]*Message{}
	var subIDs, msgIDs []any
	for _, j := range b.Jobs {
		if !subs[j.Data.subscriptionID] {
			subs[j.Data.subscriptionID] = true
			subIDs = append(subIDs, j.Data.subscriptionID)
		}
		if messages[j.Data.messageID] == nil {
			messages[j.Data.messageID] = &Message{}
			msgIDs = append(msgIDs, j.Data.messageID)
		}
	}
	keyOf := map[int64][3]string{}
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
		keyOf[id] = k
	}
	if err := rows.Err(); err != nil {
		return b, err
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
		*messages[m.ID] = m
	}
	for i := range b.Jobs {
		// A subscription removed meanwhile took its deliveries with it; its endpoint stays
		// empty and the delivery is dropped when settled.
		d := &b.Jobs[i].Data
		k := keyOf[d.subscriptionID]
		d.endpoint, d.p256dh, d.auth = k[0], k[1], k[2]
		d.msg = messages[d.messageID]
	}
	return b, mrows.Err()
}

// outcome is what became of one delivery.
type outcome struct {
	d    queue.Job[delivery]
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
				done = append(done, o.d.ID)
			case gone:
				done = append(done, o.d.ID)
				goneSubs = append(goneSubs, o.d.Data.subscriptionID)
			case retry:
				if _, err := s.jobs.SettleTx(ctx, tx, o.d.ID, token, "next_attempt_at = ?, last_error = ?", o.retryAt.UTC().Truncate(time.Microsecond), o.err); err != nil {
					return err
				}
			case failed:
				ok, err := s.jobs.SettleTx(ctx, tx, o.d.ID, token, "status = 'failed', last_error = ?", o.err)
				if err != nil {
					return err
				}
				if ok {
					if _, err := tx.Exec(ctx, "UPDATE push_messages SET failed = failed + 1 WHERE id = ?", o.d.Data.messageID); err != nil {
						return err
					}
				}
			case untried:
				if _, err := s.jobs.SettleTx(ctx, tx, o.d.ID, token, queue.Untried); err != nil {
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
				if !removed[o.d.ID] {
					continue
				}
				c := counts[o.d.Data.messageID]
				if c == nil {
					c = &tally{}
					counts[o.d.Data.messageID] = c
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
