package app

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/push"
)

// preparePush makes the site's VAPID keys on the first start (push/keys.go: kept in the
// database, so every node signs with the same pair) and the worker that delivers the push
// queue on this node; Serve runs it.
func (a *App) preparePush(ctx context.Context) error {
	if _, err := a.Push.Keys(ctx); err != nil {
		return fmt.Errorf("push: %w", err)
	}
	a.pusher = push.NewWorker(a.Push, a.log, push.WorkerOptions{Subscriber: a.pushContact})
	return nil
}

// pushKeep is how long the newsroom's record of a sent push notification is kept.
const pushKeep = 180 * 24 * time.Hour

func (a *App) prunePush(ctx context.Context) error {
	_, err := a.Push.Prune(ctx, time.Now().Add(-pushKeep))
	return err
}

// pushContact is who push services may contact about our messages (the VAPID token's sub):
// the site's origin when it is https, else the mail sender's address.
func (a *App) pushContact() string {
	if o := a.origin.Known(); strings.HasPrefix(o, "https://") {
		return o
	}
	if addr, err := mail.ParseAddress(a.cfg.SMTPFrom); err == nil {
		return addr.Address
	}
	return "newsroom@localhost"
}
