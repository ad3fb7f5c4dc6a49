package app

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"errors"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/pagecache"
	"github.com/batori-news/batori/internal/site"
	"github.com/batori-news/batori/internal/views"
)

// task is a piece of periodic background work.
type task struct {
	name  string
	every time.Duration
	run   func(ctx context.Context) error
	// atStart runs the task once as serving starts, before its first period.
	atStart bool
	// once runs the task on one node per period: the node that takes its turn in the
	// database (db.TakeTurn). Tasks without it run on every node, each safe so: they claim
	// rows (translation jobs), change a row only if it is still as they found it (scheduled
	// stories), or tidy what is this node's own (the staging folder).
	once bool
}

// tasks are the periodic jobs every node runs. Each is safe to run on several nodes at once:
// the database decides who wins.
func (a *App) tasks() []task {
	var extra []task
	if a.cfg.BackupDir != "" && a.cfg.BackupEvery > 0 {
		// Every node may have --backup-dir; one backup per period is made, by one of them.
		extra = append(extra, task{name: "back up", every: a.cfg.BackupEvery, run: a.scheduledBackup, once: true})
	}
	return append(extra, []task{
		{name: "publish scheduled stories", every: 15 * time.Second, run: a.publishDue},
		// A banner's pages are cached while it is up; taking it down at its time (an event)
		// drops them, a quarter of a minute late at most.
		// Once, or each node would record the banner's end (and purge every node) again.
		{name: "expire breaking banners", every: 15 * time.Second, run: a.News.ExpireBanners, once: true},
		{name: "translate queued stories", every: 2 * time.Second, run: a.TranslateQueued},
		{name: "make photo variants", every: 2 * time.Second, run: a.makeVariants, atStart: true},
		{name: "sweep files", every: time.Hour, run: a.SweepFiles, atStart: true},
		// Once, or two nodes deleting the same rows would both note it in the audit log.
		{name: "enforce retention of readers' data", every: 24 * time.Hour, run: a.enforceRetention, atStart: true, once: true},
		{name: "fold old article views", every: time.Hour, run: a.foldViews, once: true},
		{name: "index stories for search", every: 30 * time.Second, run: a.indexForSearch},
		{name: "prune old push notifications", every: 24 * time.Hour, run: a.prunePush, atStart: true, once: true},
		{name: "send morning digests", every: time.Minute, run: func(ctx context.Context) error {
			_, err := a.SendDigests(ctx, time.Now())
			return err
		}},
	}...)
}

// makeVariants makes the responsive copies of uploaded photos (uploads leave them to this
// job) and drops the pages that show those photos, rendered with the full-size picture only.
func (a *App) makeVariants(ctx context.Context) error {
	done, err := a.Media.MakeQueuedVariants(ctx, 20)
	if len(done) == 0 {
		return err
	}
	shown, err2 := a.News.EditionsShowing(ctx, done)
	var tags []string
	for _, sh := range shown {
		tags = append(tags, site.StoryTag(sh.StoryID), site.CardTag(sh.StoryID, sh.Lang))
	}
	a.Pages.Invalidate(tags...)
	return errors.Join(err, err2)
}

// jobBacklog counts the background work waiting, for the metrics: stories queued for machine
// translation and photos waiting for their variants.
func (a *App) jobBacklog(ctx context.Context) (map[string]int, error) {
	mt, err := a.News.QueuedTranslations(ctx)
	if err != nil {
		return nil, err
	}
	photos, err := a.Media.QueuedVariants(ctx)
	if err != nil {
		return nil, err
	}
	return map[string]int{"translation": mt, "photo_variants": photos}, nil
}

// foldViews folds hourly view counts older than every "Most read" window into totals.
func (a *App) foldViews(ctx context.Context) error {
	_, err := a.Views.Rollup(ctx, time.Now().Add(-views.Keep))
	return err
}

// indexForSearch indexes the editions the search index lacks or made by older rules (a
// database from before search), a batch per transaction; the events keep it current after,
// so once it finds nothing left it stops looking for the rest of the process's life.
func (a *App) indexForSearch(ctx context.Context) error {
	if a.searchFilled.Load() {
		return nil
	}
	total := 0
	for ctx.Err() == nil {
		n, err := a.Search.Backfill(ctx, 200)
		if err != nil {
			return err
		}
		if total += n; n == 0 {
			a.searchFilled.Store(true)
			break
		}
	}
	if total > 0 {
		a.log.Info("indexed stories for search", "stories", total)
	}
	return nil
}

func (a *App) publishDue(ctx context.Context) error {
	n, err := a.News.PublishDue(ctx, time.Now())
	if err != nil {
		return err
	}
	if n > 0 {
		// The stories' events drop the pages they enter.
		a.log.Info("published scheduled stories", "count", n)
	}
	return nil
}

// runPeriodic runs t until ctx is done, with jitter so that nodes started together do not
// hit the database in step, and recovers a panicking run so one bad run does not stop the job.
func (a *App) runPeriodic(ctx context.Context, t task) {
	first := t.atStart
	for {
		if first {
			first = false
			a.runOnce(ctx, t)
			continue
		}
		wait := t.every + time.Duration(rand.Int64N(int64(t.every/5)+1))
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
		}
		a.runOnce(ctx, t)
	}
}

func (a *App) runOnce(ctx context.Context, t task) {
	defer func() {
		if v := recover(); v != nil {
			a.log.Error("periodic task panicked", "task", t.name, "panic", v)
		}
	}()
	if t.once {
		// The turn lasts most of a period, so that jitter cannot give two nodes a turn each
		// in one period, and a node that died holding it delays the task by one period at most.
		now := time.Now()
		mine, err := a.DB.TakeTurn(ctx, t.name, a.node, now, now.Add(t.every*9/10))
		if err != nil {
			if ctx.Err() == nil {
				a.log.Error("periodic task failed", "task", t.name, "err", err)
			}
			return
		}
		if !mine {
			return // another node's turn
		}
	}
	if err := t.run(ctx); err != nil && ctx.Err() == nil {
		a.log.Error("periodic task failed", "task", t.name, "err", err)
	}
}

const purgeChannel = "batori_pages"

// nodeID names this process in purge notices, so it ignores its own.
func nodeID() string {
	b := make([]byte, 8)
	crand.Read(b)
	return hex.EncodeToString(b)
}

// maxNotice keeps a notice's payload under PostgreSQL's 8000-byte limit; a longer list of
// tags is sent as "everything".
const maxNotice = 7900

// purgeNotice is the payload telling other nodes which pages to drop: the sender's id, then
// the tags, separated by spaces (tags hold none).
func purgeNotice(self string, tags []string) string {
	p := self + " " + strings.Join(tags, " ")
	if len(p) > maxNotice {
		return self + " " + pagecache.All
	}
	return p
}

// parseNotice reads a purge notice; a notice without tags (from an older node) means
// everything.
func parseNotice(payload string) (from string, tags []string) {
	f := strings.Fields(payload)
	if len(f) == 0 {
		return "", []string{pagecache.All}
	}
	if len(f) == 1 {
		return f[0], []string{pagecache.All}
	}
	return f[0], f[1:]
}

// shareCachePurges makes the page caches of every node sharing one PostgreSQL forget the same
// pages: an invalidation here sends NOTIFY with its tags, and a listener drops the pages with
// those tags on the others' notices.
func (a *App) shareCachePurges(ctx context.Context) {
	if a.DB.Dialect != db.Postgres {
		return
	}
	id := nodeID()
	a.Pages.SetBroadcast(func(tags []string) {
		if _, err := a.DB.Exec(context.Background(), "SELECT pg_notify(?, ?)", purgeChannel, purgeNotice(id, tags)); err != nil {
			a.log.Warn("tell other nodes to drop pages", "err", err)
		}
	})
	go a.listenPurges(ctx, id)
}

func (a *App) listenPurges(ctx context.Context, self string) {
	backoff := time.Second
	missed := false
	for ctx.Err() == nil {
		err := a.listenOnce(ctx, self, func() {
			backoff = time.Second
			if missed {
				// Notices may have been missed while disconnected: every page is rendered
				// afresh on its next request, and served as it was until that render works.
				a.Pages.MarkAllStale()
				missed = false
				a.log.Info("page purge listener reconnected; pages marked for revalidation")
			}
		})
		if ctx.Err() != nil {
			return
		}
		missed = true
		a.log.Warn("page purge listener stopped; reconnecting", "err", err, "in", backoff)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 30*time.Second)
	}
}

// listenIdle is how long the listener waits for a notice before checking that its
// connection still answers: a server that silently stopped answering would otherwise keep it
// waiting, and missing notices, for ever.
const listenIdle = 20 * time.Second

// listenOnce listens until the connection fails; listening calls back once LISTEN is in
// place.
func (a *App) listenOnce(ctx context.Context, self string, listening func()) error {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	conn, err := pgx.Connect(cctx, db.PostgresConnectURL(a.cfg.DatabaseURL))
	if err != nil {
		cancel()
		return err
	}
	defer conn.Close(context.Background())
	_, err = conn.Exec(cctx, "LISTEN "+purgeChannel)
	cancel()
	if err != nil {
		return err
	}
	listening()
	for {
		wctx, cancel := context.WithTimeout(ctx, listenIdle)
		n, err := conn.WaitForNotification(wctx)
		cancel()
		if err != nil {
			if ctx.Err() != nil || !pgconn.Timeout(err) {
				return err
			}
			pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			err = conn.Ping(pctx)
			cancel()
			if err != nil {
				return err
			}
			continue
		}
		if from, tags := parseNotice(n.Payload); from != self {
			a.Pages.InvalidateLocal(tags...)
		}
	}
}
