package testkit

import (
	"bytes"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"regexp"
	"strings"
	"testing"
)

// Mail is a received mail decoded the way a mail client shows it.
type Mail struct {
	From, To, Subject, MessageID string
	// Text and HTML are the bodies, transfer encoding undone and line ends as "\n".
	Text, HTML string
	// Other lists the media types of the parts that are neither text nor HTML.
	Other []string
	// Header is the message's header as received (List-Unsubscribe and the like).
	Header netmail.Header
}

// MailHTML returns the HTML part of a raw message as a mail client would render it, failing
// the test when the message has none (browser tests load it into a page).
func MailHTML(t testing.TB, data []byte) string {
	t.Helper()
	m := ParseMail(t, data)
	if m.HTML == "" {
		t.Fatalf("the mail %q has no HTML part", m.Subject)
	}
	return m.HTML
}

// ParseMail decodes a raw message: its headers (RFC 2047 words undone) and its text and HTML
// bodies, whether alone or as parts of a multipart message.
func ParseMail(t testing.TB, data []byte) Mail {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("read mail: %v\n%s", err, data)
	}
	dec := new(mime.WordDecoder)
	header := func(name string) string {
		v, err := dec.DecodeHeader(msg.Header.Get(name))
		if err != nil {
			t.Fatalf("decode %s: %v", name, err)
		}
		return v
	}
	m := Mail{From: header("From"), To: header("To"), Subject: header("Subject"), MessageID: msg.Header.Get("Message-Id"), Header: msg.Header}
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("content type: %v", err)
	}
	if !strings.HasPrefix(mediaType, "multipart/") {
		body := decodeBody(t, msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
		if mediaType == "text/html" {
			m.HTML = body
		} else {
			m.Text = body
		}
		return m
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("next part: %v", err)
		}
		// multipart.Reader undoes quoted-printable itself and drops the header.
		body := decodeBody(t, part.Header.Get("Content-Transfer-Encoding"), part)
		pt, _, _ := mime.ParseMediaType(part.Header.Get("Content-Type"))
		m.add(pt, body)
	}
	return m
}

func (m *Mail) add(mediaType, body string) {
	switch mediaType {
	case "text/html":
		m.HTML = body
	case "text/plain":
		m.Text = body
	default:
		m.Other = append(m.Other, mediaType)
	}
}

func decodeBody(t testing.TB, encoding string, r io.Reader) string {
	t.Helper()
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "base64":
		r = base64.NewDecoder(base64.StdEncoding, r)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}

var mailURL = regexp.MustCompile(`https?://[^\s<>"]+`)

// Link returns the first URL in the mail's text that contains part, failing the test when
// there is none.
func (m Mail) Link(t testing.TB, part string) string {
	t.Helper()
	for _, u := range mailURL.FindAllString(m.Text, -1) {
		if strings.Contains(u, part) {
			return u
		}
	}
	t.Fatalf("the mail %q has no link with %s:\n%s", m.Subject, part, m.Text)
	return ""
}
