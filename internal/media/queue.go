package media

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/batori-news/batori/internal/db"
)

// QueueVariants makes uploads store their master and return, leaving the responsive variants
// to MakeQueuedVariants, run by a background job: a 12-megapixel phone photo takes over a
// second to resize and encode, which the reporter no longer waits for. Until its variants are
// made a picture shows as its master. wake, when set, is called after each upload queues one
// (to start the job at once). Call it before the library is used.
func (l *Library) QueueVariants(wake func()) {
	l.queue = true
	l.wake = wake
}

// variantLease is how long the node that took a picture from the queue has to make its
// variants before another node may take it.
const variantLease = 5 * time.Minute

// variantAttempts is how many times a picture's variants are tried before it leaves the queue
// without them (it keeps showing as its master).
const variantAttempts = 3

// queueVariants puts media id in the variants queue, unless it has variants already.
func (l *Library) queueVariants(ctx context.Context, id int64) error {
	_, err := l.db.Exec(ctx, `UPDATE media SET variants_queued = TRUE, variants_lease = NULL, variants_attempts = 0
		WHERE id = ? AND NOT EXISTS (SELECT 1 FROM media_variants v WHERE v.media_id = media.id)`, id)
	if err != nil {
		return fmt.Errorf("queue variants: %w", err)
	}
	if l.wake != nil {
		l.wake()
	}
	return nil
}

// MakeQueuedVariants makes the variants of up to n queued pictures, one at a time, each leased
// to this node (so several nodes never make the same picture's variants at once), and
// returns the pictures it finished. A picture that fails stays queued for another try
// after its lease, variantAttempts times in all.
func (l *Library) MakeQueuedVariants(ctx context.Context, n int) ([]int64, error) {
	// A read first: an empty queue costs no write.
	var one int
	err := l.db.QueryRow(ctx, "SELECT 1 FROM media WHERE variants_queued = TRUE LIMIT 1").Scan(&one)
	if errors.Is(err, db.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("variants queue: %w", err)
	}
	var done []int64
	var errs []error
	for tries := 0; tries < n && ctx.Err() == nil; tries++ {
		id, attempts, ok, err := l.claimVariants(ctx)
		if err != nil {
			return done, errors.Join(append(errs, err)...)
		}
		if !ok {
			break
		}
		_, err = l.GenerateVariants(ctx, id)
		if err != nil && attempts < variantAttempts {
			errs = append(errs, fmt.Errorf("variants of media %d (attempt %d): %w", id, attempts, err))
			continue // tried again once its lease ends
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("variants of media %d, given up after %d attempts: %w", id, attempts, err))
		}
		if _, err := l.db.Exec(ctx, "UPDATE media SET variants_queued = FALSE, variants_lease = NULL WHERE id = ?", id); err != nil {
			return done, errors.Join(append(errs, err)...)
		}
		done = append(done, id)
	}
	return done, errors.Join(errs...)
}

// claimVariants leases the oldest queued picture whose lease is free.
func (l *Library) claimVariants(ctx context.Context) (id int64, attempts int, ok bool, err error) {
	now := time.Now().UTC()
	err = l.db.InTx(ctx, func(tx *db.Tx) error {
		rows, err := tx.Claim(ctx, db.Claim{
			Table:     "media",
			Where:     "variants_queued = TRUE AND (variants_lease IS NULL OR variants_lease <= ?)",
			WhereArgs: []any{now},
			Order:     "id",
			Limit:     1,
			Set:       "variants_lease = ?, variants_attempts = variants_attempts + 1",
			SetArgs:   []any{now.Add(variantLease)},
			Returning: "id, variants_attempts",
		})
		if err != nil {
			return err
		}
		defer rows.Close()
		if rows.Next() {
			ok = true
			if err := rows.Scan(&id, &attempts); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	if err != nil {
		return 0, 0, false, fmt.Errorf("claim variants: %w", err)
	}
	return id, attempts, ok, nil
}

// QueuedVariants counts the pictures waiting for their variants, for the metrics.
func (l *Library) QueuedVariants(ctx context.Context) (int, error) {
	var n int
	err := l.db.QueryRow(ctx, "SELECT COUNT(*) FROM media WHERE variants_queued = TRUE").Scan(&n)
	return n, err
}
