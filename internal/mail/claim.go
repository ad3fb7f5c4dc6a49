package mail

import (
	"context"
	"time"

	"github.com/batori-news/batori/internal/queue"
)

// The outbox is a leased queue (internal/queue): a worker claims due mail, writing a lease
// (locked_until, lease_token) and counting an attempt, so that a mail whose sending kills the
// process still runs out of attempts; only the holder of the lease records what became of it.

// claim leases up to n due mails for lease.
func (o *Outbox) claim(ctx context.Context, n int, lease time.Duration) (queue.Batch[Message], error) {
	return queue.Claim(ctx, o.jobs, now(), n, lease, "to_addr, subject, text_body, html_body, headers, COALESCE(dedupe_key, '')",
		func(into func(...any) error) (Message, error) {
			var m Message
			var headers string
			err := into(&m.To, &m.Subject, &m.Text, &m.HTML, &headers, &m.DedupeKey)
			m.Headers = decodeHeaders(headers)
			return m, err
		})
}

func (o *Outbox) markSent(ctx context.Context, id int64, token, via string) (bool, error) {
	return o.jobs.Settle(ctx, id, token, "status = 'sent', sent_via = ?, sent_at = ?, last_error = ''", via, now())
}

func (o *Outbox) markRetry(ctx context.Context, id int64, token string, at time.Time, lastErr string) (bool, error) {
	return o.jobs.Settle(ctx, id, token, "next_attempt_at = ?, last_error = ?", at.UTC().Truncate(time.Microsecond), lastErr)
}

func (o *Outbox) markFailed(ctx context.Context, id int64, token, lastErr string) (bool, error) {
	return o.jobs.Settle(ctx, id, token, "status = 'failed', last_error = ?", lastErr)
}
