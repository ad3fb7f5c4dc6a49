package notify

import (
	"context"
	"fmt"
	netmail "net/mail"
	"net/url"
	"strconv"
	"strings"

	"github.com/batori-news/batori/internal/comments"
	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/enquiries"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/mail"
)

// commentPublished tells a commenter their comment is published, in the language of the
// edition they wrote on. An address the outbox refuses does not hold up the approval.
func (c *Composer) commentPublished(ctx context.Context, tx *db.Tx, it comments.Item) ([]Mail, error) {
	site, err := c.Site(ctx, tx)
	if err != nil {
		return nil, err
	}
	l, lang := localeFor(site, string(it.Lang))
	name := site.Name(lang)
	text := l.T("comments_mail_greeting", it.Name) + "\n\n" +
		l.T("comments_mail_body", it.Headline, c.link(commentURL(it))) + "\n\n" +
		l.T("comments_mail_signature", name) + "\n"
	return []Mail{withHTML(Mail{Message: mail.Message{
		To: it.Email, Subject: "[" + name + "] " + l.T("comments_mail_subject"), Text: text,
		DedupeKey: "comment-published-" + strconv.FormatInt(it.ID, 10),
	}, BestEffort: true}, lang, name)}, nil
}

// commentURL is where readers find a comment.
func commentURL(it comments.Item) string {
	u := "/news/" + strconv.FormatInt(it.StoryID, 10)
	if it.Lang == locale.Assamese {
		u = "/as" + u
	}
	if it.Slug != "" {
		u += "/" + url.PathEscape(it.Slug)
	}
	return u + "#comment-" + strconv.FormatInt(it.ID, 10)
}

// enquiryReceived is the reader's acknowledgement (in the language of the form they used) and
// the desk's notice.
//
// The acknowledgement goes to an address anyone could have typed in, so it carries nothing
// the sender wrote (not even their name): the form cannot be used to mail others their words.
func (c *Composer) enquiryReceived(ctx context.Context, tx *db.Tx, e enquiries.Enquiry) ([]Mail, error) {
	site, err := c.Site(ctx, tx)
	if err != nil {
		return nil, err
	}
	l := locale.New(e.Lang, site.Location(), site.Digits)
	name := site.Name(e.Lang)
	kind := l.T("enquiry_kind_" + string(e.Kind))
	text := l.T("enquiry_mail_greeting") + "\n\n" +
		l.T("enquiry_mail_ack_body", name, kind, e.Reference) + "\n\n" +
		l.T("enquiry_mail_ack_note") + "\n\n" +
		l.T("enquiry_mail_signature", name) + "\n"
	out := []Mail{withHTML(Mail{Message: mail.Message{
		To:        e.Email,
		Subject:   "[" + name + "] " + l.T("enquiry_mail_ack_subject", e.Reference),
		Text:      text,
		DedupeKey: "enquiry-ack-" + strconv.FormatInt(e.ID, 10),
	}}, e.Lang, name)}

	to := site.EnquiryAddress()
	if a, err := netmail.ParseAddress(to); to == "" || err != nil || a.Address != to {
		// The enquiry still waits in the newsroom's inbox.
		if c.Log != nil {
			c.Log.Warn("no usable desk e-mail for enquiry notices; set one in the newsroom settings", "reference", e.Reference, "address", to)
		}
		return out, nil
	}
	// The desk reads its notices in the newsroom's default language, English.
	dl := locale.New(locale.English, site.Location(), site.Digits)
	return append(out, withHTML(Mail{Message: mail.Message{
		To:        to,
		Subject:   "[" + site.Name(locale.English) + "] " + dl.T("nr_enq_mail_desk_subject", e.Reference, dl.T("enquiry_kind_"+string(e.Kind))),
		Text:      deskNotice(dl, e, c.link("/newsroom/enquiries/"+strconv.FormatInt(e.ID, 10))),
		DedupeKey: "enquiry-desk-" + strconv.FormatInt(e.ID, 10),
	}}, locale.English, site.Name(locale.English))), nil
}

// deskNotice is the text of the desk's notice of e: every field, and where to act on it.
func deskNotice(l *locale.Locale, e enquiries.Enquiry, link string) string {
	var b strings.Builder
	b.WriteString(l.T("nr_enq_mail_desk_intro") + "\n\n")
	row := func(key, value string) {
		if value == "" {
			value = "–"
		}
		fmt.Fprintf(&b, "%s: %s\n", l.T(key), value)
	}
	row("nr_enq_reference", e.Reference)
	row("nr_enq_type", l.T("enquiry_kind_"+string(e.Kind)))
	row("nr_enq_name", e.Name)
	row("nr_enq_email", e.Email)
	row("nr_enq_phone", e.Phone)
	row("nr_enq_language", l.LangName(e.Lang))
	row("nr_enq_received", l.DateTime(e.CreatedAt))
	if a := e.Attachment; a != nil {
		row("nr_enq_attachment", l.T("nr_enq_attachment_desc", a.Name, a.ContentType, kib(a.Bytes)))
	}
	b.WriteString("\n" + l.T("nr_enq_message") + ":\n" + e.Message + "\n\n")
	b.WriteString(l.T("nr_enq_mail_desk_open", link) + "\n")
	return b.String()
}

// kib is a file size in whole kibibytes, rounded up, for people to read.
func kib(n int64) int64 { return (n + 1023) / 1024 }

// enquiryReply carries the newsroom's reply in the language the reader wrote in: greeting,
// the editor's words, the newsroom's signature and how to write again.
func (c *Composer) enquiryReply(ctx context.Context, tx *db.Tx, e enquiries.Enquiry, body string) ([]Mail, error) {
	site, err := c.Site(ctx, tx)
	if err != nil {
		return nil, err
	}
	l, lang := localeFor(site, string(e.Lang))
	name := site.Name(lang)
	form := "/enquiry"
	if lang == locale.Assamese {
		form = "/as/enquiry"
	}
	var b strings.Builder
	b.WriteString(l.T("nr_mail_greeting", e.Name) + "\n\n")
	b.WriteString(body + "\n\n")
	b.WriteString(l.T("nr_mail_signature", name) + "\n\n")
	b.WriteString("-- \n" + l.T("nr_enq_mail_reply_footer", e.Reference, name, c.link(form)) + "\n")
	return []Mail{withHTML(Mail{Message: mail.Message{
		To:      e.Email,
		Subject: "[" + name + "] " + l.T("nr_enq_mail_reply_subject", e.Reference),
		Text:    b.String(),
	}}, lang, name)}, nil
}
