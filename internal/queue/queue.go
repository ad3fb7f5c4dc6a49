// Package queue is what the leased delivery queues share: the mail outbox (internal/mail), web
// push deliveries (internal/push) and Telegram channel posts (internal/channels). Each keeps
// its jobs in a table with the same lease columns, and each runs a worker on every node that
// claims due jobs, delivers them and records what became of them. This package holds that
// worker's loop (wait for a kick or the poll interval, drain batch after batch), the claim
// (one db.Claim statement writing a lease token and counting an attempt), the recording of an
// outcome under that token, the retry backoff and the shutdown (the job in hand is finished,
// the jobs not begun are handed back uncounted). What a job is, how it is delivered and which
// failures are permanent stay with each queue's package.
//
// It is a package of its own rather than part of internal/db because it is a worker, with
// logging, timers and retry policy, built on the one SQL primitive db.Claim; db stays the
// storage layer that every domain package uses.
//
// A queue table has the columns id, status (a job waits as 'queued'), attempts,
// next_attempt_at, locked_until and lease_token. A claimed job is held until locked_until and
// only the holder of its lease_token can record its outcome, so several workers, on one node
// or many, each take a job once; a worker that dies only delays its jobs until their lease
// ends, when another takes them (done twice at worst, never lost).
package queue

import (
	"cmp"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/batori-news/batori/internal/db"
)

// Options tune a queue's worker; each queue's package sets its own defaults with Or.
type Options struct {
	// PollInterval is how often the queue is checked for due jobs; a kick wakes the worker
	// sooner.
	PollInterval time.Duration
	// BatchSize is how many jobs one claim takes.
	BatchSize int
	// MaxAttempts is how many deliveries are tried before a job fails.
	MaxAttempts int
	// Backoff is the wait after the first failed attempt, doubled after each further one.
	Backoff time.Duration
	// MaxBackoff caps the wait between attempts.
	MaxBackoff time.Duration
	// SendTimeout bounds one delivery.
	SendTimeout time.Duration
	// Lease is how long claimed jobs stay with this worker before another may take them, in
	// case this one dies mid-batch; longer than a batch can take.
	Lease time.Duration
}

// Or returns o with each field that is zero or negative taken from def.
func (o Options) Or(def Options) Options {
	or := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	or(&o.PollInterval, def.PollInterval)
	or(&o.Backoff, def.Backoff)
	or(&o.MaxBackoff, def.MaxBackoff)
	or(&o.SendTimeout, def.SendTimeout)
	or(&o.Lease, def.Lease)
	if o.BatchSize <= 0 {
		o.BatchSize = def.BatchSize
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = def.MaxAttempts
	}
	return o
}

// Again says whether a job that failed on its attempts-th try is tried again (false once it
// has had MaxAttempts), and after how long: Backoff·2^(attempts-1), at most MaxBackoff.
func (o Options) Again(attempts int) (time.Duration, bool) {
	return o.backoff(attempts), attempts < o.MaxAttempts
}

func (o Options) backoff(attempts int) time.Duration {
	d := o.Backoff
	for i := 1; i < attempts && d < o.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, o.MaxBackoff)
}

// Wake wakes a queue's worker, as after a commit that queued jobs. One pending kick is
// enough: the worker then drains all that is due.
type Wake chan struct{}

// NewWake returns a Wake for one queue's store; the store's workers wait on it.
func NewWake() Wake { return make(Wake, 1) }

// Kick wakes a worker waiting on w; it never blocks.
func (w Wake) Kick() {
	select {
	case w <- struct{}{}:
	default:
	}
}

// Table is a queue's table in a database.
type Table struct {
	DB   *db.DB
	Name string
}

// Job is one claimed job: its row's id, the attempts counted so far (this one included) and
// what the queue's package reads of it.
type Job[T any] struct {
	ID       int64
	Attempts int
	Data     T
}

// Batch is one claim: the lease token that alone can record the jobs' outcomes, and the jobs
// in the order of their ids.
type Batch[T any] struct {
	Token string
	Jobs  []Job[T]
}

// Claim leases up to n of q's due jobs at now for lease, counting an attempt on each. A job is
// due once its next_attempt_at has come and no live lease holds it; the longest waiting go
// first. columns are the further columns read from each row (after id and attempts), and
// scan reads them: it calls its argument once with their destinations.
func Claim[T any](ctx context.Context, q Table, now time.Time, n int, lease time.Duration, columns string,
	scan func(into func(dest ...any) error) (T, error)) (Batch[T], error) {
	buf := make([]byte, 16)
	rand.Read(buf)
	b := Batch[T]{Token: hex.EncodeToString(buf)}
	err := q.DB.InTx(ctx, func(tx *db.Tx) error {
		b.Jobs = b.Jobs[:0]
		rows, err := tx.Claim(ctx, db.Claim{
			Table:     q.Name,
			Where:     "status = 'queued' AND next_attempt_at <= ? AND (locked_until IS NULL OR locked_until <= ?)",
			WhereArgs: []any{now, now},
			Order:     "next_attempt_at, id",
			Limit:     n,
			Set:       "locked_until = ?, lease_token = ?, attempts = attempts + 1",
			SetArgs:   []any{now.Add(lease), b.Token},
			Returning: "id, attempts, " + columns,
		})
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var j Job[T]
			j.Data, err = scan(func(dest ...any) error {
				return rows.Scan(append([]any{&j.ID, &j.Attempts}, dest...)...)
			})
			if err != nil {
				return err
			}
			b.Jobs = append(b.Jobs, j)
		}
		return rows.Err()
	})
	if err != nil {
		return Batch[T]{}, fmt.Errorf("claim from %s: %w", q.Name, err)
	}
	slices.SortFunc(b.Jobs, func(x, y Job[T]) int { return cmp.Compare(x.ID, y.ID) })
	return b, nil
}

// Settle records the outcome of job id, claimed under token: set is the assignment list
// (status, error, next attempt...) with ? placeholders for args; the lease is cleared with
// it. It reports false when the lease had passed to another worker (ours ran out), in which
// case nothing is written.
func (q Table) Settle(ctx context.Context, id int64, token, set string, args ...any) (bool, error) {
	return q.settle(ctx, q.DB, id, token, set, args)
}

// SettleTx is Settle inside tx, for a queue that records a batch's outcomes together.
func (q Table) SettleTx(ctx context.Context, tx *db.Tx, id int64, token, set string, args ...any) (bool, error) {
	return q.settle(ctx, tx, id, token, set, args)
}

// Untried is the assignment that hands a claimed job back untried: its attempt is uncounted.
const Untried = "attempts = attempts - 1"

func (q Table) settle(ctx context.Context, ex interface {
	Exec(context.Context, string, ...any) (sql.Result, error)
}, id int64, token, set string, args []any) (bool, error) {
	res, err := ex.Exec(ctx, "UPDATE "+q.Name+" SET "+set+", locked_until = NULL, lease_token = NULL WHERE id = ? AND lease_token = ?",
		append(args, id, token)...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// Worker is the loop a queue's worker runs. The queue's package says how a batch is claimed
// and how it is worked; the worker decides when.
type Worker[T any] struct {
	// Name begins the worker's log messages ("mail outbox").
	Name  string
	Table Table
	Opt   Options
	Log   *slog.Logger
	// Wake is the queue store's: a kick starts a drain without waiting for the poll.
	Wake Wake
	// Claim leases up to n due jobs for lease (usually with the package function Claim).
	Claim func(ctx context.Context, n int, lease time.Duration) (Batch[T], error)
	// Work delivers a claimed batch and records each job's outcome; once ctx is done it
	// finishes the jobs in hand and hands the rest back. It reports false to stop draining
	// (asked to slow down, or the outcomes could not be recorded).
	Work func(ctx context.Context, b Batch[T]) (more bool)
}

// Run drains the queue at once, then whenever the queue is kicked or PollInterval has passed,
// until ctx is done. On cancellation the drain in progress finishes its jobs in hand and hands
// the rest of its claim back, and Run returns.
func (w *Worker[T]) Run(ctx context.Context) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		case <-w.Wake:
		}
		w.Drain(ctx)
		timer.Reset(w.Opt.PollInterval)
	}
}

// Drain claims and works batches until nothing is due (a batch comes back short of
// BatchSize), Work says stop, a claim fails or ctx is done.
func (w *Worker[T]) Drain(ctx context.Context) {
	for ctx.Err() == nil {
		b, err := w.Claim(ctx, w.Opt.BatchSize, w.Opt.Lease)
		if err != nil {
			if ctx.Err() == nil {
				w.Log.Error(w.Name+": claim failed", "err", err)
			}
			return
		}
		if len(b.Jobs) == 0 || !w.Work(ctx, b) || len(b.Jobs) < w.Opt.BatchSize {
			return
		}
	}
}

// Each works b's jobs one at a time, in order, with do, for a queue whose jobs are delivered
// one by one. do runs under a context that is never cancelled, so a job in hand is carried to
// the end and its outcome recorded; once ctx is done the jobs not begun are handed back, and
// Each returns.
func (w *Worker[T]) Each(ctx context.Context, b Batch[T], do func(ctx context.Context, token string, j Job[T])) {
	for i, j := range b.Jobs {
		if ctx.Err() != nil {
			w.Release(ctx, b.Token, b.Jobs[i:]...)
			return
		}
		do(context.WithoutCancel(ctx), b.Token, j)
	}
}

// Release hands claimed jobs back untried, their attempts uncounted, for the next drain or
// another node. A job whose release fails is taken again when its lease ends.
func (w *Worker[T]) Release(ctx context.Context, token string, jobs ...Job[T]) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	for _, j := range jobs {
		if _, err := w.Table.Settle(ctx, j.ID, token, Untried); err != nil {
			w.Log.Warn(w.Name+": handing back a claimed job failed; it is tried again when its lease ends", "id", j.ID, "err", err)
		}
	}
}

// Settled logs what went wrong, if anything, when job id's outcome was recorded (ok and err as
// Settle returns them).
func (w *Worker[T]) Settled(id int64, ok bool, err error) {
	switch {
	case err != nil:
		// The lease runs out and the job is tried again: done twice at worst, never lost.
		w.Log.Error(w.Name+": recording an outcome failed", "id", id, "err", err)
	case !ok:
		w.Log.Warn(w.Name+": lease ran out before the outcome was recorded; another worker has the job", "id", id)
	}
}
