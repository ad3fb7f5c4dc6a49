package notify

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/digest"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/mail"
)

// langPrefix is the path prefix of a language's reader pages.
func langPrefix(lang locale.Lang) string {
	if lang == locale.Assamese {
		return "/as"
	}
	return ""
}

// digestConfirm asks the owner of an address to confirm the digest they (or someone) asked
// for, in the language asked for. It carries nothing the requester typed but the address.
func (c *Composer) digestConfirm(ctx context.Context, tx *db.Tx, ev digest.Requested) ([]Mail, error) {
	site, err := c.Site(ctx, tx)
	if err != nil {
		return nil, err
	}
	l, lang := localeFor(site, string(ev.Lang))
	name := site.Name(lang)
	link := c.link(langPrefix(lang) + "/digest/confirm?token=" + query(ev.Token))
	text := l.T("digest_mail_confirm_body", name, link) + "\n\n" + l.T("digest_mail_confirm_ignore") + "\n\n" +
		l.T("comments_mail_signature", name) + "\n"
	subject := "[" + name + "] " + l.T("digest_mail_confirm_subject")
	return []Mail{{Message: mail.Message{
		To: ev.Email, Subject: subject, Text: text,
		HTML: renderHTML(htmlMail{
			Lang: string(lang), Font: fontStack(lang), Title: subject, SiteName: name,
			Paras:  textParas(l.T("digest_mail_confirm_intro", name)),
			Button: &htmlLink{URL: link, Text: l.T("digest_mail_confirm_button")},
			Footer: textParas(l.T("digest_mail_confirm_link", link) + "\n\n" + l.T("digest_mail_confirm_ignore")),
		}),
	}, BestEffort: true}}, nil
}

// digestMail is one subscriber's morning digest: the day's stories in their language, a link
// to the site, and one-click unsubscribe (RFC 8058) in the headers and the footer.
func (c *Composer) digestMail(ctx context.Context, tx *db.Tx, ev digest.Due) ([]Mail, error) {
	site, err := c.Site(ctx, tx)
	if err != nil {
		return nil, err
	}
	sub := ev.Subscriber
	l, lang := localeFor(site, string(sub.Lang))
	name := site.Name(lang)
	day, err := time.ParseInLocation("2006-01-02", ev.Date, site.Location())
	if err != nil {
		return nil, err
	}
	unsubscribe := c.link("/digest/unsubscribe/" + ev.Unsubscribe)
	home := c.link(langPrefix(lang) + "/")
	subject := "[" + name + "] " + l.T("digest_mail_subject", l.Date(day))

	var b strings.Builder
	b.WriteString(l.T("digest_mail_intro", name, l.Date(day)) + "\n\n")
	stories := make([]htmlStory, len(ev.Stories))
	for i, st := range ev.Stories {
		u := c.link(st.Path)
		b.WriteString(st.Headline + "\n")
		if st.Standfirst != "" {
			b.WriteString(st.Standfirst + "\n")
		}
		b.WriteString(u + "\n\n")
		stories[i] = htmlStory{URL: u, Headline: st.Headline, Standfirst: st.Standfirst, Section: st.Section}
	}
	b.WriteString(l.T("digest_mail_more", home) + "\n\n")
	footer := l.T("digest_mail_why", name) + "\n" + l.T("digest_mail_unsubscribe", unsubscribe)
	b.WriteString("-- \n" + footer + "\n")
	return []Mail{{Message: mail.Message{
		To: sub.Email, Subject: subject, Text: b.String(),
		HTML: renderHTML(htmlMail{
			Lang: string(lang), Font: fontStack(lang), Title: subject, SiteName: name,
			Paras:   textParas(l.T("digest_mail_intro", name, l.Date(day))),
			Stories: stories,
			Button:  &htmlLink{URL: home, Text: l.T("digest_mail_more_button", name)},
			Footer:  textParas(footer),
		}),
		Headers: map[string]string{
			"List-Unsubscribe":      "<" + unsubscribe + ">",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		},
		DedupeKey: "digest-" + strconv.FormatInt(sub.ID, 10) + "-" + ev.Date,
	}, BestEffort: true}}, nil
}
