package mail_test

import (
	"testing"
	"time"

	"github.com/batori-news/batori/internal/mail"
	"github.com/batori-news/batori/internal/testkit"
)

// smtpConfig returns an SMTPConfig for s without TLS.
func smtpConfig(s *testkit.SMTPServer) mail.SMTPConfig {
	return mail.SMTPConfig{Host: s.Host, Port: s.Port, From: "Batori Newsroom <newsroom@batori.test>", TLS: "none", Timeout: 5 * time.Second}
}

// parseMail decodes a received mail, failing on any part but the text and HTML ones the
// outbox sends.
func parseMail(t *testing.T, data []byte) testkit.Mail {
	t.Helper()
	m := testkit.ParseMail(t, data)
	if len(m.Other) > 0 {
		t.Errorf("unexpected parts %v", m.Other)
	}
	return m
}
