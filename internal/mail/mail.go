// Package mail sends Batori's mail through a durable outbox: a mail is first stored in the
// outbox table (in the caller's transaction if it likes), then a Worker claims it, hands it to
// a Transport (an SMTP server, or the log when none is configured) and records the outcome,
// retrying with backoff. A mail accepted into the outbox survives restarts, and several app
// nodes sharing one PostgreSQL never send the same mail twice.
package mail

import (
	"errors"
	"net/mail"
	"strings"

	"github.com/batori-news/batori/internal/fielderr"
)

// Message is one mail to one recipient; callers pass finished text and HTML bodies.
type Message struct {
	// To is the recipient, "reader@example.org" or "Name <reader@example.org>".
	To      string
	Subject string
	// Text is the plain-text body; every mail has one.
	Text string
	// HTML is an optional HTML alternative of Text.
	HTML string
	// Headers are extra header fields, only List-Unsubscribe, List-Unsubscribe-Post and List-Id (RFC 2369, RFC 8058;
	// the digests' one-click unsubscribe).
	Headers map[string]string
	// DedupeKey, when set, makes enqueueing idempotent: a second mail with the same key is
	// not stored and its enqueue returns the first one's id. Example: "verify-user-42".
	DedupeKey string
}

// extraHeader reports whether a Message may add the header field name to the ones every mail
// has.
func extraHeader(name string) bool {
	switch name {
	case "List-Unsubscribe", "List-Unsubscribe-Post", "List-Id":
		return true
	}
	return false
}

// ErrNotFound is returned when an outbox mail does not exist.
var ErrNotFound = errors.New("mail not found")

// maxSubject bounds a subject so that it fits comfortably in one folded header.
const maxSubject = 400

// normalize trims m and checks that it can be sent: one valid address, a one-line subject and
// a text body.
func normalize(m Message) (Message, error) {
	m.To = strings.TrimSpace(m.To)
	m.Subject = strings.TrimSpace(m.Subject)
	m.DedupeKey = strings.TrimSpace(m.DedupeKey)
	var v fielderr.Error
	if v.Required("to", m.To) {
		if _, err := mail.ParseAddress(m.To); err != nil {
			v.Add("to", fielderr.InvalidEmail)
		}
	}
	if v.Required("subject", m.Subject) && v.MaxLen("subject", m.Subject, maxSubject) && strings.ContainsAny(m.Subject, "\r\n") {
		v.Add("subject", fielderr.NotOneLine)
	}
	v.Required("text", m.Text)
	for name, value := range m.Headers {
		if !extraHeader(name) || !printableASCII(value) || len(value) > 2000 {
			v.Add("headers", fielderr.Invalid)
		}
	}
	return m, v.OrNil()
}

// printableASCII reports whether s is printable ASCII, as a header value that is never encoded
// must be.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
