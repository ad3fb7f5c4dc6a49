package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/digest"
	"github.com/batori-news/batori/internal/locale"
)

// digestBatch is how many subscribers one claim takes: one transaction queues their mails,
// which the outbox worker then sends in its own batches.
const digestBatch = 100

// digestAt parses --digest-at, "HH:MM"; empty is 07:00.
func digestAt(s string) (hour, minute int, err error) {
	if s == "" {
		return 7, 0, nil
	}
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return 0, 0, fmt.Errorf("--digest-at %q: want a time of day such as 07:00", s)
	}
	return t.Hour(), t.Minute(), nil
}

// SendDigests queues the morning digests due at now: from --digest-at in the site's time zone
// on, every active subscriber not yet sent that day's digest gets one, built from the day's
// stories in their language. Every node runs it every minute; the claim in digest.Store hands
// each subscriber to one node once a day. It returns how many subscribers it took.
func (a *App) SendDigests(ctx context.Context, now time.Time) (int, error) {
	hour, minute, err := digestAt(a.cfg.DigestAt)
	if err != nil {
		return 0, err
	}
	site, err := a.Settings.Site(ctx)
	if err != nil {
		return 0, err
	}
	local := now.In(site.Location())
	if local.Before(time.Date(local.Year(), local.Month(), local.Day(), hour, minute, 0, 0, local.Location())) {
		return 0, nil
	}
	date := local.Format("2006-01-02")
	total := 0
	for _, lang := range locale.Langs() {
		due, err := a.Digest.AnyDue(ctx, date, lang)
		if err != nil {
			return total, err
		}
		if !due {
			continue
		}
		stories, err := digest.Candidates(ctx, a.News, a.Views, lang, now)
		if err != nil {
			return total, err
		}
		for ctx.Err() == nil {
			n, err := a.Digest.ClaimDue(ctx, date, lang, digestBatch, stories)
			if err != nil {
				return total, err
			}
			total += n
			if n < digestBatch {
				break
			}
		}
	}
	if total > 0 {
		a.log.Info("queued morning digests", "date", date, "subscribers", total)
	}
	return total, nil
}

// digestBounced stops the digest to an address the mail server refused for good.
func (a *App) digestBounced(ctx context.Context, to string, err error) {
	changed, dbErr := a.Digest.MarkBounced(ctx, to, errorLine(err))
	switch {
	case dbErr != nil:
		a.log.Error("digest: marking a bounced address failed", "err", dbErr)
	case changed:
		a.log.Info("digest: address bounced, no more digests to it", "err", err)
	}
}

// errorLine is an error's text, bounded for storing.
func errorLine(err error) string {
	s := err.Error()
	if len(s) > 300 {
		s = strings.ToValidUTF8(s[:300], "") + "…"
	}
	return s
}
