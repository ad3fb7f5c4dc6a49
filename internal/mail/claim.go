package mail

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

// A claim is a worker's lease on due mail: the mails' locked_until is pushed past the lease and
// their lease_token set, so no other worker takes them until the lease ends, and only the
// claiming worker can record what became of them. Claiming counts an attempt, so that a mail
// whose sending kills the process still runs out of attempts.
type claim struct {
	token string
	mails []claimed
}

type claimed struct {
	id       int64
	attempts int
	msg      Message
}

// claimDue is the outbox as a queue: a queued mail is due once its next attempt time has come
// and no live lease holds it.
func claimDue(n int, now, until time.Time, token string) db.Claim {
	return db.Claim{
		Table:     "outbox",
		Where:     "status = 'queued' AND next_attempt_at <= ? AND (locked_until IS NULL OR locked_until <= ?)",
		WhereArgs: []any{now, now},
		Order:     "next_attempt_at, id",
		Limit:     n,
		Set:       "locked_until = ?, lease_token = ?, attempts = attempts + 1",
		SetArgs:   []any{until, token},
		Returning: "id, attempts, to_addr, subject, text_body, html_body, headers, COALESCE(dedupe_key, '')",
	}
}

// claim leases up to n due mails for lease.
func (o *Outbox) claim(ctx context.Context, n int, lease time.Duration) (claim, error) {
	buf := make([]byte, 16)
	rand.Read(buf)
	c := claim{token: hex.EncodeToString(buf)}
	t := now()
	until := t.Add(lease)
	err := o.db.InTx(ctx, func(tx *db.Tx) error {
		c.mails = c.mails[:0]
		rows, err := tx.Claim(ctx, claimDue(n, t, until, c.token))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var m claimed
			var headers string
			if err := rows.Scan(&m.id, &m.attempts, &m.msg.To, &m.msg.Subject, &m.msg.Text, &m.msg.HTML, &headers, &m.msg.DedupeKey); err != nil {
				return err
			}
			m.msg.Headers = decodeHeaders(headers)
			c.mails = append(c.mails, m)
		}
		return rows.Err()
	})
	if err != nil {
		return claim{}, fmt.Errorf("claim mail: %w", err)
	}
	slices.SortFunc(c.mails, func(a, b claimed) int { return cmp.Compare(a.id, b.id) })
	return c, nil
}

// settle records the outcome of one claimed mail. It reports false when the lease had been
// lost to another worker (ours ran out), in which case nothing is written.
func (o *Outbox) settle(ctx context.Context, id int64, token, q string, args ...any) (bool, error) {
	res, err := o.db.Exec(ctx, q+", locked_until = NULL, lease_token = NULL WHERE id = ? AND lease_token = ?", append(args, id, token)...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (o *Outbox) markSent(ctx context.Context, id int64, token, via string) (bool, error) {
	return o.settle(ctx, id, token, "UPDATE outbox SET status = 'sent', sent_via = ?, sent_at = ?, last_error = ''", via, now())
}

func (o *Outbox) markRetry(ctx context.Context, id int64, token string, at time.Time, lastErr string) (bool, error) {
	return o.settle(ctx, id, token, "UPDATE outbox SET next_attempt_at = ?, last_error = ?", at.UTC().Truncate(time.Microsecond), lastErr)
}

func (o *Outbox) markFailed(ctx context.Context, id int64, token, lastErr string) (bool, error) {
	return o.settle(ctx, id, token, "UPDATE outbox SET status = 'failed', last_error = ?", lastErr)
}

// release hands back a claimed mail that was never tried, uncounting its attempt.
func (o *Outbox) release(ctx context.Context, id int64, token string) (bool, error) {
	return o.settle(ctx, id, token, "UPDATE outbox SET attempts = attempts - 1")
}
