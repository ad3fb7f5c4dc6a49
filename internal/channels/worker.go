package channels

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/batori-news/batori/internal/locale"
)

// Compose says what story storyID's post in lang says, read when it is sent so that it
// carries the edition as it is then. ok is false when the edition is no longer published:
// the post is skipped.
type Compose func(ctx context.Context, storyID int64, lang locale.Lang) (m Message, ok bool, err error)

// WorkerOptions tune a Worker; zero fields take the defaults.
type WorkerOptions struct {
	// PollInterval is how often the queue is checked for due posts; default 10s. Kick wakes
	// the worker sooner.
	PollInterval time.Duration
	// BatchSize is how many posts one claim takes; default 10.
	BatchSize int
	// MaxAttempts is how many deliveries are tried before a post fails; default 8. Waiting out
	// Telegram's 429 does not count.
	MaxAttempts int
	// Backoff is the wait after the first failed attempt, doubled after each further one;
	// default 30s.
	Backoff time.Duration
	// MaxBackoff caps the wait between attempts; default 1h.
	MaxBackoff time.Duration
	// SendTimeout bounds one call to Telegram; default 30s.
	SendTimeout time.Duration
	// Lease is how long claimed posts stay with this worker before another may take them;
	// default (BatchSize+1)·2·SendTimeout, longer than a batch can take (a refused picture
	// is sent again as text).
	Lease time.Duration
}

func (o WorkerOptions) withDefaults() WorkerOptions {
	if o.PollInterval <= 0 {
		o.PollInterval = 10 * time.Second
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
		o.SendTimeout = 30 * time.Second
	}
	if o.Lease <= 0 {
		o.Lease = time.Duration(o.BatchSize+1) * 2 * o.SendTimeout
	}
	return o
}

// Worker sends the queue's due posts. Any number of workers, on one node or many, may run over
// the same database: each post is leased to one at a time.
type Worker struct {
	store   *Store
	bot     *Bot
	compose Compose
	log     *slog.Logger
	opt     WorkerOptions
}

// NewWorker returns a worker sending s's posts through bot, worded by compose.
func NewWorker(s *Store, bot *Bot, compose Compose, log *slog.Logger, opt WorkerOptions) *Worker {
	return &Worker{store: s, bot: bot, compose: compose, log: log, opt: opt.withDefaults()}
}

// Run sends due posts until ctx is done. On cancellation it finishes the post in hand and
// hands the rest of its claim back.
func (w *Worker) Run(ctx context.Context) {
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-timer.C:
		case <-w.store.wake:
		}
		w.drain(ctx)
		timer.Reset(w.opt.PollInterval)
	}
}

// drain claims and sends batches until nothing is due or ctx is done. After a 429 from a
// language's channel the rest of that language's claim is handed back untried: Telegram
// said when to come again, and asking sooner only lengthens the wait.
func (w *Worker) drain(ctx context.Context) {
	for ctx.Err() == nil {
		token, posts, err := w.store.claim(ctx, w.opt.BatchSize, w.opt.Lease)
		if err != nil {
			if ctx.Err() == nil {
				w.log.Error("channels: claim failed", "err", err)
			}
			return
		}
		slowed := map[locale.Lang]bool{}
		for i, p := range posts {
			if ctx.Err() != nil {
				w.releaseAll(ctx, token, posts[i:])
				return
			}
			if slowed[p.lang] {
				w.releaseAll(ctx, token, posts[i:i+1])
				continue
			}
			if w.deliver(ctx, token, p) {
				slowed[p.lang] = true
			}
		}
		if len(posts) < w.opt.BatchSize || len(slowed) > 0 {
			return
		}
	}
}

// deliver sends one claimed post and records the outcome; it reports whether Telegram asked
// to slow down. It runs to the end even when ctx is cancelled meanwhile, so a post in hand is
// never left half-recorded.
func (w *Worker) deliver(ctx context.Context, token string, p claimed) (slowDown bool) {
	ctx = context.WithoutCancel(ctx)
	dbCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	record := func(ok bool, err error) {
		switch {
		case err != nil:
			// The lease runs out and the post is tried again: sent twice at worst, never lost.
			w.log.Error("channels: recording a post failed", "id", p.id, "err", err)
		case !ok:
			w.log.Warn("channels: lease ran out before the post was recorded; another worker has it", "id", p.id)
		}
	}
	ch, err := w.store.Channel(dbCtx, p.lang)
	if err == nil && !ch.On() {
		record(w.store.markSkipped(dbCtx, p.id, token, "channel switched off"))
		return false
	}
	var m Message
	ok := false
	if err == nil {
		m, ok, err = w.compose(dbCtx, p.storyID, p.lang)
		if err == nil && !ok {
			record(w.store.markSkipped(dbCtx, p.id, token, "edition no longer published"))
			return false
		}
	}
	if err != nil {
		w.retry(dbCtx, token, p, 0, err, record)
		return false
	}
	sendCtx, cancelSend := context.WithTimeout(ctx, w.opt.SendTimeout)
	msgID, note, err := w.bot.Send(sendCtx, ch.Token, ch.ChatID, m)
	cancelSend()
	var api *APIError
	switch {
	case err == nil:
		record(w.store.markSent(dbCtx, p.id, token, m.Headline, ch.ChatID, msgID, errorText(note)))
	case errors.As(err, &api) && api.Code == 429:
		wait := max(api.RetryAfter, time.Second)
		w.log.Info("channels: Telegram asked to slow down", "lang", p.lang, "retry_in", wait)
		record(w.store.markRetry(dbCtx, p.id, token, w.store.now().Add(wait), true, api.Code, errorText(err.Error())))
		return true
	case errors.As(err, &api) && api.Permanent():
		w.log.Warn("channels: Telegram refused a post for good", "id", p.id, "lang", p.lang, "err", err)
		record(w.store.markFailed(dbCtx, p.id, token, api.Code, errorText(err.Error())))
	default:
		code := 0
		if api != nil {
			code = api.Code
		}
		w.retry(dbCtx, token, p, code, err, record)
	}
	return false
}

// retry schedules the post's next attempt after a failure that may pass, or fails it once it
// has run out of attempts.
func (w *Worker) retry(ctx context.Context, token string, p claimed, code int, err error, record func(bool, error)) {
	if p.attempts >= w.opt.MaxAttempts {
		w.log.Warn("channels: post failed for good", "id", p.id, "attempts", p.attempts, "err", err)
		record(w.store.markFailed(ctx, p.id, token, code, errorText(err.Error())))
		return
	}
	wait := w.backoff(p.attempts)
	w.log.Info("channels: post failed, will retry", "id", p.id, "attempts", p.attempts, "retry_in", wait, "err", err)
	record(w.store.markRetry(ctx, p.id, token, w.store.now().Add(wait), false, code, errorText(err.Error())))
}

func (w *Worker) releaseAll(ctx context.Context, token string, posts []claimed) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	for _, p := range posts {
		if _, err := w.store.release(ctx, p.id, token); err != nil {
			w.log.Warn("channels: handing back a claimed post failed; it is retried when its lease ends", "id", p.id, "err", err)
		}
	}
}

// backoff is the wait after the given number of failed attempts: Backoff·2^(attempts-1), at
// most MaxBackoff.
func (w *Worker) backoff(attempts int) time.Duration {
	d := w.opt.Backoff
	for i := 1; i < attempts && d < w.opt.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, w.opt.MaxBackoff)
}
