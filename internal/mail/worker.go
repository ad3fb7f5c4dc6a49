package mail

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/queue"
)

// WorkerOptions tune a Worker; zero fields take the defaults.
type WorkerOptions struct {
	// Options default for mail to a poll every 5s (Enqueue and Kick wake the worker sooner),
	// batches of 10, 8 attempts, a backoff of 30s doubled after each failure (30s, 1m, 2m, …)
	// up to 1h, 1m for one delivery, and a lease of (BatchSize+1)·SendTimeout, longer than
	// a batch can take.
	queue.Options
	// Bounced, when set, is told of each mail the server refused for good (a permanent 5xx
	// reply to RCPT or DATA), after the mail is marked failed: the digests stop mailing the
	// address.
	Bounced func(ctx context.Context, to string, err error)
}

func (o WorkerOptions) withDefaults() WorkerOptions {
	o.Options = o.Or(queue.Options{PollInterval: 5 * time.Second, BatchSize: 10, MaxAttempts: 8,
		Backoff: 30 * time.Second, MaxBackoff: time.Hour, SendTimeout: time.Minute})
	if o.Lease <= 0 {
		o.Lease = time.Duration(o.BatchSize+1) * o.SendTimeout
	}
	return o
}

// Worker delivers the outbox's due mail through a Transport. Any number of workers, on one
// node or many, may run over the same database.
type Worker struct {
	outbox    *Outbox
	transport Transport
	via       string
	log       *slog.Logger
	opt       WorkerOptions
	loop      queue.Worker[Message]
}

// NewWorker returns a worker sending o's mail through t and logging to log.
func NewWorker(o *Outbox, t Transport, log *slog.Logger, opt WorkerOptions) *Worker {
	via := ViaSMTP
	if _, ok := t.(*LogTransport); ok {
		via = ViaLog
	}
	w := &Worker{outbox: o, transport: t, via: via, log: log, opt: opt.withDefaults()}
	w.loop = queue.Worker[Message]{Name: "mail outbox", Table: o.jobs, Opt: w.opt.Options, Log: log, Wake: o.wake,
		Claim: o.claim, Work: func(ctx context.Context, b queue.Batch[Message]) bool {
			w.loop.Each(ctx, b, w.deliver)
			return true
		}}
	return w
}

// Kick makes a running worker look for due mail now, as after EnqueueTx commits; it never
// blocks.
func (w *Worker) Kick() { w.outbox.wake.Kick() }

// Run delivers due mail until ctx is done. On cancellation it finishes the mail in hand,
// hands the rest of its claim back for the next run or another node, and returns.
func (w *Worker) Run(ctx context.Context) { w.loop.Run(ctx) }

// deliver sends one claimed mail and records the outcome; ctx is never cancelled, so a mail
// in hand is never left half-recorded.
func (w *Worker) deliver(ctx context.Context, token string, m queue.Job[Message]) {
	sendCtx, cancel := context.WithTimeout(ctx, w.opt.SendTimeout)
	err := w.send(sendCtx, m.Data)
	cancel()
	dbCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	var ok bool
	var dbErr error
	wait, again := w.opt.Again(m.Attempts)
	switch {
	case err == nil:
		ok, dbErr = w.outbox.markSent(dbCtx, m.ID, token, w.via)
	case IsPermanent(err) || !again:
		w.log.Warn("mail outbox: mail failed for good", "id", m.ID, "attempts", m.Attempts, "err", err)
		ok, dbErr = w.outbox.markFailed(dbCtx, m.ID, token, errorText(err))
		if IsPermanent(err) && w.opt.Bounced != nil && dbErr == nil {
			w.opt.Bounced(dbCtx, m.Data.To, err)
		}
	default:
		w.log.Info("mail outbox: delivery failed, will retry", "id", m.ID, "attempts", m.Attempts, "retry_in", wait, "err", err)
		ok, dbErr = w.outbox.markRetry(dbCtx, m.ID, token, now().Add(wait), errorText(err))
	}
	w.loop.Settled(m.ID, ok, dbErr)
}

// send calls the transport, turning a panic into an error so that one bad mail cannot stop
// the worker.
func (w *Worker) send(ctx context.Context, m Message) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("transport panicked: %v", p)
		}
	}()
	return w.transport.Send(ctx, m)
}

// errorText is the error stored with a mail, bounded so that a chatty server cannot bloat the
// outbox.
func errorText(err error) string {
	s := err.Error()
	if len(s) > 1000 {
		s = strings.ToValidUTF8(s[:1000], "") + "…"
	}
	return s
}
