package app

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"strings"

	"github.com/batori-news/batori/internal/channels"
	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/enquiries"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/mail"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/notify"
	"github.com/batori-news/batori/internal/pagecache"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/push"
	"github.com/batori-news/batori/internal/search"
)

// events is the database's one subscriber (db.Subscriber): the one place where what domain
// operations record becomes side effects. Inside the transaction it queues the mails an event
// calls for (and makes the author profile of an approved reporter), so they commit with the
// change; after the commit it drops the reader pages the change concerns and wakes the mail
// worker.
type events struct{ Parts }

// Parts are what the subscriber acts with.
type Parts struct {
	Outbox    *mail.Outbox
	News      *news.Store
	Enquiries *enquiries.Store
	Pages     *pagecache.Cache
	// Search, when set, is kept in step with every story change inside its transaction.
	Search *search.Index
	Mails  *notify.Composer
	// Kick wakes the mail worker; nil when there is none.
	Kick func()
	// Channels, when set, queues each publication's post to its language's Telegram channel.
	Channels *channels.Store
	// KickPush wakes the push worker; nil when there is none.
	KickPush func()
	Log      *slog.Logger
}

// Subscriber returns the subscriber built from p; New installs it, and tests of a surface
// built without the whole app (the reader site alone) install it themselves.
func Subscriber(p Parts) db.Subscriber { return &events{p} }

func (a *App) newEvents() *events {
	return &events{Parts{
		Outbox: a.Outbox, News: a.News, Enquiries: a.Enquiries, Pages: a.Pages, Search: a.Search, Log: a.log,
		Channels: a.Channels,
		Mails:    &notify.Composer{Site: a.Settings.SiteTx, Editors: a.People.EditorsTx, Origin: a.mailOrigin, Log: a.log},
		Kick: func() {
			if a.mailer != nil {
				a.mailer.Kick()
			}
		},
		KickPush: func() {
			if a.Push != nil {
				a.Push.Kick()
			}
		},
	}}
}

// publicURL is the configured base URL, else this server's own listen address: where the
// setup link points while the site's origin is unknown.
func publicURL(base, addr string) string {
	if base != "" {
		return strings.TrimSuffix(base, "/")
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// InTx brings the search index up to date and queues the mails the events call for, inside
// their transaction: the index is in the database, so every node searches the change as soon
// as it commits.
func (e *events) InTx(ctx context.Context, tx *db.Tx, list []any) error {
	if e.Search != nil {
		if err := e.Search.Follow(ctx, tx, list); err != nil {
			return err
		}
	}
	for _, ev := range list {
		if p, ok := ev.(news.StoryPublished); ok && e.Channels != nil {
			// Queued with the publication, sent after it: Telegram being away never holds it
			// up. A story already queued in its language (republished) is not queued again.
			queued, err := channels.EnqueueTx(ctx, tx, p.StoryID, p.Lang)
			if err != nil {
				return err
			}
			if queued {
				tx.Record(channelQueued{})
			}
		}
		if ap, ok := ev.(people.Approved); ok {
			// The reporter's public byline and author page exist from the first day.
			if _, err := e.News.AuthorForUser(ctx, tx, ap.User.ID, ap.User.Name); err != nil {
				return err
			}
		}
		mails, err := e.Mails.Mails(ctx, tx, ev)
		if err != nil {
			return err
		}
		for _, m := range mails {
			id, err := e.Outbox.EnqueueTx(ctx, tx, m.Message)
			if m.BestEffort && errors.As(err, new(*fielderr.Error)) {
				e.Log.Warn("mail not queued", "to", m.To, "err", err)
				continue
			}
			if err != nil {
				return err
			}
			if r, ok := ev.(enquiries.Replied); ok {
				if err := e.Enquiries.AttachMail(ctx, tx, r.Step, id); err != nil {
					return err
				}
			}
			tx.Record(mailQueued{})
		}
	}
	return nil
}

// mailQueued notes, for Committed, that a transaction queued mail.
type mailQueued struct{}

// channelQueued notes, for Committed, that a transaction queued a channel post.
type channelQueued struct{}

// Committed drops the reader pages the events concern, writes security log entries to the
// server log too, and wakes the mail worker.
func (e *events) Committed(_ context.Context, list []any) {
	for _, ev := range list {
		if sl, ok := ev.(people.SecurityLogged); ok && e.Log != nil {
			logSecurity(e.Log, sl.Entry)
		}
	}
	if tags := pageTags(list); len(tags) > 0 && e.Pages != nil {
		e.Pages.Invalidate(tags...)
	}
	for _, ev := range list {
		if _, ok := ev.(channelQueued); ok {
			e.Channels.Kick()
			break
		}
	}
	for _, ev := range list {
		if _, ok := ev.(push.Queued); ok && e.KickPush != nil {
			e.KickPush()
			break
		}
	}
	for _, ev := range list {
		if _, ok := ev.(mailQueued); ok {
			if e.Kick != nil {
				e.Kick()
			}
			return
		}
	}
}

// logSecurity writes one security log entry to the server log: failures and lockouts as
// warnings, the rest as information.
func logSecurity(log *slog.Logger, en people.SecurityEntry) {
	level := slog.LevelInfo
	switch en.Kind {
	case people.SecLoginFailed, people.SecLockout, people.SecCodeFailed:
		level = slog.LevelWarn
	}
	attrs := []any{"kind", string(en.Kind)}
	if en.UserID != 0 {
		attrs = append(attrs, "user", en.UserID)
	}
	if en.ActorID != 0 {
		attrs = append(attrs, "by", en.ActorID)
	}
	for _, kv := range [][2]string{{"email", en.Email}, {"addr", en.Addr}, {"detail", en.Detail}} {
		if kv[1] != "" {
			attrs = append(attrs, kv[0], kv[1])
		}
	}
	log.Log(context.Background(), level, "security", attrs...)
}
