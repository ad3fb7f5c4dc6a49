// Package notify composes the mails that domain events call for: a reporter's verification
// link, the editors' notice of a registration, a commenter's "your comment is published", an
// enquiry's acknowledgement and reply. Each mail is in its recipient's language; links are
// built on the site's public address, never on a request's host.
package notify

import (
	"context"
	"log/slog"
	"net/url"
	"strings"

	"github.com/batori-news/batori/internal/comments"
	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/digest"
	"github.com/batori-news/batori/internal/enquiries"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/mail"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/settings"
)

// Mail is a message an event calls for.
type Mail struct {
	mail.Message
	// BestEffort marks a mail whose refusal by the outbox (an address it cannot use) must not
	// hold up the change that called for it.
	BestEffort bool
}

// Composer turns events into mails.
type Composer struct {
	// Site reads the site's settings (name, time zone, digits, the desk's address) in the
	// event's transaction.
	Site func(ctx context.Context, tx *db.Tx) (settings.Site, error)
	// Editors lists the accounts told of new registrations, in the event's transaction.
	Editors func(ctx context.Context, tx *db.Tx) ([]people.User, error)
	// Origin returns the site's public origin, without a trailing slash, that every link is
	// built on (the app's answer while it is unknown is a placeholder filled in at sending).
	Origin func() string
	Log    *slog.Logger
}

// Mails returns the mails ev, recorded in tx, calls for; none for events that call for none.
func (c *Composer) Mails(ctx context.Context, tx *db.Tx, ev any) ([]Mail, error) {
	switch ev := ev.(type) {
	case people.Registered:
		return c.toUser(ctx, tx, ev.User, "nr_mail_verify_subject", "nr_mail_verify_body", c.link("/newsroom/verify?token="+query(ev.Token)))
	case people.PasswordResetRequested:
		return c.toUser(ctx, tx, ev.User, "nr_mail_reset_subject", "nr_mail_reset_body", c.link("/newsroom/password/reset?token="+query(ev.Token)))
	case people.Approved:
		return c.toUser(ctx, tx, ev.User, "nr_mail_approved_subject", "nr_mail_approved_body", c.link("/newsroom/login"))
	case people.Rejected:
		return c.toUser(ctx, tx, ev.User, "nr_mail_rejected_subject", "nr_mail_rejected_body", ev.Reason)
	case people.EmailChanged:
		return c.toUser(ctx, tx, ev.User, "nr_mail_email_changed_subject", "nr_mail_email_changed_body", ev.NewEmail)
	case people.EmailVerified:
		return c.pendingRegistration(ctx, tx, ev.User)
	case comments.Published:
		if !ev.TellAuthor {
			return nil, nil
		}
		return c.commentPublished(ctx, tx, ev.Item)
	case enquiries.Received:
		return c.enquiryReceived(ctx, tx, ev.Enquiry)
	case enquiries.Replied:
		return c.enquiryReply(ctx, tx, ev.Enquiry, ev.Body)
	case digest.Requested:
		return c.digestConfirm(ctx, tx, ev)
	case digest.Due:
		return c.digestMail(ctx, tx, ev)
	}
	return nil, nil
}

func (c *Composer) link(path string) string { return c.Origin() + path }

// localeFor is the locale of lang, English when lang is not one the site speaks.
func localeFor(site settings.Site, lang string) (*locale.Locale, locale.Lang) {
	l, ok := locale.ParseLang(lang)
	if !ok {
		l = locale.English
	}
	return locale.New(l, site.Location(), site.Digits), l
}

// toUser composes a mail to a staff account in its interface language from catalog keys.
// Arguments that depend on the language (a district's name) come as functions of the locale.
func (c *Composer) toUser(ctx context.Context, tx *db.Tx, to people.User, subjectKey, bodyKey string, args ...any) ([]Mail, error) {
	site, err := c.Site(ctx, tx)
	if err != nil {
		return nil, err
	}
	return []Mail{userMail(site, to, subjectKey, bodyKey, args...)}, nil
}

func userMail(site settings.Site, to people.User, subjectKey, bodyKey string, args ...any) Mail {
	l, lang := localeFor(site, to.UILang)
	name := site.Name(lang)
	args = append([]any(nil), args...)
	for i, a := range args {
		if f, ok := a.(func(*locale.Locale) string); ok {
			args[i] = f(l)
		}
	}
	text := l.T("nr_mail_greeting", to.Name) + "\n\n" + l.T(bodyKey, args...) + "\n\n" + l.T("nr_mail_signature", name) + "\n"
	return withHTML(Mail{Message: mail.Message{
		To:      to.Email,
		Subject: "[" + name + "] " + l.T(subjectKey),
		Text:    strings.TrimSpace(text) + "\n",
	}}, lang, name)
}

// withHTML gives m its HTML part: its text, laid out for mail clients in lang.
func withHTML(m Mail, lang locale.Lang, siteName string) Mail {
	m.HTML = textToHTML(lang, siteName, m.Subject, m.Text)
	return m
}

// pendingRegistration tells every editor and admin that u waits for approval.
func (c *Composer) pendingRegistration(ctx context.Context, tx *db.Tx, u people.User) ([]Mail, error) {
	site, err := c.Site(ctx, tx)
	if err != nil {
		return nil, err
	}
	editors, err := c.Editors(ctx, tx)
	if err != nil {
		return nil, err
	}
	district := func(l *locale.Locale) string { return people.DistrictName(l, u.District) }
	var out []Mail
	for _, e := range editors {
		out = append(out, userMail(site, e, "nr_mail_pending_subject", "nr_mail_pending_body", u.Name, district, c.link("/newsroom/users?status=pending")))
	}
	return out, nil
}

func query(s string) string { return url.QueryEscape(s) }
