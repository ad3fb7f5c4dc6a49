package channels

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/queue"
)

// Compose says what story storyID's post in lang says, read when it is sent so that it
// carries the edition as it is then. ok is false when the edition is no longer published:
// the post is skipped.
type Compose func(ctx context.Context, storyID int64, lang locale.Lang) (m Message, ok bool, err error)

// WorkerOptions tune a Worker; zero fields take the defaults.
type WorkerOptions struct {
	// Options default for channel posts to a poll every 10s (Kick wakes the worker sooner),
	// batches of 10, 8 attempts (waiting out Telegram's 429 does not count), a backoff of 30s
	// doubled after each failure up to 1h, 30s for one call to Telegram, and a lease of
	// (BatchSize+1)·2·SendTimeout, longer than a batch can take (a refused picture is sent
	// again as text).
	queue.Options
}

func (o WorkerOptions) withDefaults() WorkerOptions {
	o.Options = o.Or(queue.Options{PollInterval: 10 * time.Second, BatchSize: 10, MaxAttempts: 8,
		Backoff: 30 * time.Second, MaxBackoff: time.Hour, SendTimeout: 30 * time.Second})
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
	loop    queue.Worker[post]
}

// NewWorker returns a worker sending s's posts through bot, worded by compose.
func NewWorker(s *Store, bot *Bot, compose Compose, log *slog.Logger, opt WorkerOptions) *Worker {
	w := &Worker{store: s, bot: bot, compose: compose, log: log, opt: opt.withDefaults()}
	w.loop = queue.Worker[post]{Name: "channels", Table: s.jobs, Opt: w.opt.Options, Log: log, Wake: s.wake,
		Claim: s.claim, Work: w.work}
	return w
}

// Run sends due posts until ctx is done. On cancellation it finishes the post in hand and
// hands the rest of its claim back.
func (w *Worker) Run(ctx context.Context) { w.loop.Run(ctx) }

// work sends a claimed batch. After a 429 from a language's channel the rest of that
// language's claim is handed back untried and draining stops: Telegram said when to come
// again, and asking sooner only lengthens the wait.
func (w *Worker) work(ctx context.Context, b queue.Batch[post]) (more bool) {
	slowed := map[locale.Lang]bool{}
	w.loop.Each(ctx, b, func(ctx context.Context, token string, p queue.Job[post]) {
		if slowed[p.Data.lang] {
			w.loop.Release(ctx, token, p)
		} else if w.deliver(ctx, token, p) {
			slowed[p.Data.lang] = true
		}
	})
	return len(slowed) == 0
}

// deliver sends one claimed post and records the outcome; it reports whether Telegram asked
// to slow down. ctx is never cancelled, so a post in hand is never left half-recorded.
func (w *Worker) deliver(ctx context.Context, token string, p queue.Job[post]) (slowDown bool) {
	dbCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	record := func(ok bool, err error) { w.loop.Settled(p.ID, ok, err) }
	ch, err := w.store.Channel(dbCtx, p.Data.lang)
	if err == nil && !ch.On() {
		record(w.store.markSkipped(dbCtx, p.ID, token, "channel switched off"))
		return false
	}
	var m Message
	ok := false
	if err == nil {
		m, ok, err = w.compose(dbCtx, p.Data.storyID, p.Data.lang)
		if err == nil && !ok {
			record(w.store.markSkipped(dbCtx, p.ID, token, "edition no longer published"))
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
		record(w.store.markSent(dbCtx, p.ID, token, m.Headline, ch.ChatID, msgID, errorText(note)))
	case errors.As(err, &api) && api.Code == 429:
		wait := max(api.RetryAfter, time.Second)
		w.log.Info("channels: Telegram asked to slow down", "lang", p.Data.lang, "retry_in", wait)
		record(w.store.markRetry(dbCtx, p.ID, token, w.store.now().Add(wait), true, api.Code, errorText(err.Error())))
		return true
	case errors.As(err, &api) && api.Permanent():
		w.log.Warn("channels: Telegram refused a post for good", "id", p.ID, "lang", p.Data.lang, "err", err)
		record(w.store.markFailed(dbCtx, p.ID, token, api.Code, errorText(err.Error())))
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
func (w *Worker) retry(ctx context.Context, token string, p queue.Job[post], code int, err error, record func(bool, error)) {
	wait, again := w.opt.Again(p.Attempts)
	if !again {
		w.log.Warn("channels: post failed for good", "id", p.ID, "attempts", p.Attempts, "err", err)
		record(w.store.markFailed(ctx, p.ID, token, code, errorText(err.Error())))
		return
	}
	w.log.Info("channels: post failed, will retry", "id", p.ID, "attempts", p.Attempts, "retry_in", wait, "err", err)
	record(w.store.markRetry(ctx, p.ID, token, w.store.now().Add(wait), false, code, errorText(err.Error())))
}
