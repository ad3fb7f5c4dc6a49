package newsroom

import (
	"context"
	"net/http"
	"strings"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/mail"
	"github.com/batori-news/batori/internal/people"
)

// queueMail composes a mail in the recipient's interface language from catalog keys
// (subjectKey, bodyKey with args) and queues it in tx, so the mail is sent if and only if
// the change it reports is stored.
func (s *Server) queueMail(ctx context.Context, r *http.Request, tx *db.Tx, to people.User, subjectKey, bodyKey string, args ...any) error {
	lang, ok := locale.ParseLang(to.UILang)
	if !ok {
		lang = locale.English
	}
	site, err := s.settings.Site(ctx)
	if err != nil {
		return err
	}
	l := locale.New(lang, site.Location(), site.Digits)
	name := site.Name(lang)
	// Arguments that depend on the language (a district's name) come as functions of the locale.
	args = append([]any(nil), args...)
	for i, a := range args {
		if f, ok := a.(func(*locale.Locale) string); ok {
			args[i] = f(l)
		}
	}
	body := l.T(bodyKey, args...)
	text := l.T("nr_mail_greeting", to.Name) + "\n\n" + body + "\n\n" + l.T("nr_mail_signature", name) + "\n"
	_, err = s.outbox.EnqueueTx(ctx, tx, mail.Message{
		To:      to.Email,
		Subject: "[" + name + "] " + l.T(subjectKey),
		Text:    strings.TrimSpace(text) + "\n",
	})
	return err
}

// tellEditors queues a mail to every editor and admin.
func (s *Server) tellEditors(ctx context.Context, r *http.Request, tx *db.Tx, subjectKey, bodyKey string, args ...any) error {
	editors, err := s.people.Editors(ctx)
	if err != nil {
		return err
	}
	for _, e := range editors {
		if err := s.queueMail(ctx, r, tx, e, subjectKey, bodyKey, args...); err != nil {
			return err
		}
	}
	return nil
}
