package mail

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// WorkerOptions tune a Worker; zero fields take the defaults.
type WorkerOptions struct {
	// PollInterval is how often the outbox is checked for due mail; default 5s. Enqueue and
	// Kick wake the worker sooner.
	PollInterval time.Duration
	// BatchSize is how many mails one claim takes; default 10.
	BatchSize int
	// MaxAttempts is how many deliveries are tried before a mail fails; default 8.
	MaxAttempts int
	// Backoff is the wait after the first failed attempt, doubled after each further one
	// (30s, 1m, 2m, …); default 30s.
	Backoff time.Duration
	// MaxBackoff caps the wait between attempts; default 1h.
	MaxBackoff time.Duration
	// SendTimeout bounds one delivery; default 1m.
	SendTimeout time.Duration
	// Bounced, when set, is told of each mail the server refused for good (a permanent 5xx
	// reply to RCPT or DATA), after the mail is marked failed: the digests stop mailing the
	// address.
	Bounced func(ctx context.Context, to string, err error)
	// Lease is how long claimed mail stays with this worker before another may take it, in
	// case this one dies mid-batch; default (BatchSize+1)·SendTimeout, longer than a batch
	// can take.
	Lease time.Duration
}

func (o WorkerOptions) withDefaults() WorkerOptions {
	if o.PollInterval <= 0 {
		o.PollInterval = 5 * time.Second
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 10
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 8
	}
	if o.Backoff <= 0 {
		o.Backoff = 30 * time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = time.Hour
	}
	if o.SendTimeout <= 0 {
		o.SendTimeout = time.Minute
	}
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
}

// NewWorker returns a worker sending o's mail through t and logging to log.
func NewWorker(o *Outbox, t Transport, log *slog.Logger, opt WorkerOptions) *Worker {
	via := ViaSMTP
	if _, ok := t.(*LogTransport); ok {
		via = ViaLog
	}
	return &Worker{outbox: o, transport: t, via: via, log: log, opt: opt.withDefaults()}
}

// Kick makes a running worker look for due mail now, as after EnqueueTx commits; it never
// blocks.
func (w *Worker) Kick() { w.outbox.signal() }

// Run delivers due mail until ctx is done. On cancellation it finishes the mail in hand,
// hands the rest of its claim back for the next run or another node, and returns.
func (w *Worker) Run(ctx context.Context) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		case <-w.outbox.wake:
		}
		w.drain(ctx)
		timer.Reset(w.opt.PollInterval)
	}
}

// drain claims and delivers batches until no mail is due or ctx is done.
func (w *Worker) drain(ctx context.Context) {
	for ctx.Err() == nil {
		c, err := w.outbox.claim(ctx, w.opt.BatchSize, w.opt.Lease)
		if err != nil {
			if ctx.Err() == nil {
				w.log.Error("mail outbox: claim failed", "err", err)
			}
			return
		}
		for i, m := range c.mails {
			if ctx.Err() != nil {
				w.releaseAll(ctx, c.token, c.mails[i:])
				return
			}
			w.deliver(ctx, c.token, m)
		}
		if len(c.mails) < w.opt.BatchSize {
			return
		}
	}
}

// deliver sends one claimed mail and records the outcome. It runs to the end even when ctx is
// cancelled meanwhile, so a mail in hand is never left half-recorded.
func (w *Worker) deliver(ctx context.Context, token string, m claimed) {
	ctx = context.WithoutCancel(ctx)
	sendCtx, cancel := context.WithTimeout(ctx, w.opt.SendTimeout)
	err := w.send(sendCtx, m.msg)
	cancel()
	dbCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	var ok bool
	var dbErr error
	switch {
	case err == nil:
		ok, dbErr = w.outbox.markSent(dbCtx, m.id, token, w.via)
	case IsPermanent(err) || m.attempts >= w.opt.MaxAttempts:
		w.log.Warn("mail outbox: mail failed for good", "id", m.id, "attempts", m.attempts, "err", err)
		ok, dbErr = w.outbox.markFailed(dbCtx, m.id, token, errorText(err))
		if IsPermanent(err) && w.opt.Bounced != nil && dbErr == nil {
			w.opt.Bounced(dbCtx, m.msg.To, err)
		}
	default:
		wait := w.backoff(m.attempts)
		w.log.Info("mail outbox: delivery failed, will retry", "id", m.id, "attempts", m.attempts, "retry_in", wait, "err", err)
		ok, dbErr = w.outbox.markRetry(dbCtx, m.id, token, now().Add(wait), errorText(err))
	}
	switch {
	case dbErr != nil:
		// The lease runs out and the mail is tried again: sent twice at worst, never lost.
		w.log.Error("mail outbox: recording delivery failed", "id", m.id, "err", dbErr)
	case !ok:
		w.log.Warn("mail outbox: lease ran out before delivery was recorded; another worker has the mail", "id", m.id)
	}
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

func (w *Worker) releaseAll(ctx context.Context, token string, mails []claimed) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	for _, m := range mails {
		if _, err := w.outbox.release(ctx, m.id, token); err != nil {
			w.log.Warn("mail outbox: releasing claimed mail failed; it is retried when its lease ends", "id", m.id, "err", err)
		}
	}
}

// backoff is the wait after the given number of failed attempts: Backoff·2^(attempts-1),
// at most MaxBackoff.
func (w *Worker) backoff(attempts int) time.Duration {
	d := w.opt.Backoff
	for i := 1; i < attempts && d < w.opt.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, w.opt.MaxBackoff)
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
