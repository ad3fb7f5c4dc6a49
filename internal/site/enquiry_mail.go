package site

import (
	"fmt"
	"net/http"
	netmail "net/mail"
	"strconv"
	"strings"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/enquiries"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/mail"
	"github.com/batori-news/batori/internal/settings"
)

// queueEnquiryMail queues, in the transaction that stores e, the reader's acknowledgement (in
// the language of the form they used) and the desk's notice, so both are sent if and only if
// the enquiry is stored.
//
// The acknowledgement goes to an address anyone could have typed in, so it carries nothing
// the sender wrote (not even their name): the form cannot be used to mail others their words.
func (s *Server) queueEnquiryMail(r *http.Request, tx *db.Tx, site settings.Site, e enquiries.Enquiry) error {
	ctx := r.Context()
	l := locale.New(e.Lang, site.Location(), site.Digits)
	name := site.Name(e.Lang)
	kind := l.T("enquiry_kind_" + string(e.Kind))
	text := l.T("enquiry_mail_greeting") + "\n\n" +
		l.T("enquiry_mail_ack_body", name, kind, e.Reference) + "\n\n" +
		l.T("enquiry_mail_ack_note") + "\n\n" +
		l.T("enquiry_mail_signature", name) + "\n"
	_, err := s.enquiry.Outbox.EnqueueTx(ctx, tx, mail.Message{
		To:        e.Email,
		Subject:   "[" + name + "] " + l.T("enquiry_mail_ack_subject", e.Reference),
		Text:      text,
		DedupeKey: "enquiry-ack-" + strconv.FormatInt(e.ID, 10),
	})
	if err != nil {
		return err
	}

	to := site.EnquiryAddress()
	if a, err := netmail.ParseAddress(to); to == "" || err != nil || a.Address != to {
		// The enquiry still waits in the newsroom's inbox.
		s.log.Warn("no usable desk e-mail for enquiry notices; set one in the newsroom settings", "reference", e.Reference, "address", to)
		return nil
	}
	// The desk reads its notices in the newsroom's default language, English.
	dl := locale.New(locale.English, site.Location(), site.Digits)
	_, err = s.enquiry.Outbox.EnqueueTx(ctx, tx, mail.Message{
		To:        to,
		Subject:   "[" + site.Name(locale.English) + "] " + dl.T("nr_enq_mail_desk_subject", e.Reference, dl.T("enquiry_kind_"+string(e.Kind))),
		Text:      deskNotice(dl, e, s.absolute(r, "/newsroom/enquiries/"+strconv.FormatInt(e.ID, 10))),
		DedupeKey: "enquiry-desk-" + strconv.FormatInt(e.ID, 10),
	})
	return err
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
