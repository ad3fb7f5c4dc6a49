package mail_test

import (
	"context"
	"crypto/tls"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/mail"
	"github.com/batori-news/batori/internal/testkit"
)

func sendOne(t *testing.T, cfg mail.SMTPConfig, m mail.Message) error {
	t.Helper()
	tr, err := mail.NewSMTP(cfg)
	if err != nil {
		t.Fatalf("NewSMTP: %v", err)
	}
	return tr.Send(context.Background(), m)
}

var testMessage = mail.Message{
	To:      "Reader <reader@example.org>",
	Subject: "বাতৰি: your account is ready",
	Text:    "Hello,\n\nYour account is ready. আপোনাৰ একাউণ্ট সাজু।\n",
	HTML:    "<p>Hello,</p><p>Your account is <b>ready</b>. আপোনাৰ একাউণ্ট সাজু।</p>",
}

func checkReceived(t *testing.T, got testkit.Received, want mail.Message) {
	t.Helper()
	if len(got.To) != 1 || got.To[0] != "reader@example.org" {
		t.Errorf("envelope to %v", got.To)
	}
	if got.From != "newsroom@batori.test" {
		t.Errorf("envelope from %q", got.From)
	}
	p := parseMail(t, got.Data)
	if p.To != want.To && p.To != `"Reader" <reader@example.org>` {
		t.Errorf("To: %q, want %q", p.To, want.To)
	}
	if !strings.Contains(p.From, "newsroom@batori.test") || !strings.Contains(p.From, "Batori Newsroom") {
		t.Errorf("From: %q", p.From)
	}
	if p.Subject != want.Subject {
		t.Errorf("Subject: %q, want %q", p.Subject, want.Subject)
	}
	if p.Text != want.Text {
		t.Errorf("text part %q, want %q", p.Text, want.Text)
	}
	if p.HTML != want.HTML {
		t.Errorf("HTML part %q, want %q", p.HTML, want.HTML)
	}
	if p.MessageID == "" {
		t.Errorf("no Message-ID")
	}
}

func TestSMTPModes(t *testing.T) {
	cert, pool := testkit.SelfSigned(t)
	tests := []struct {
		name    string
		opts    []testkit.SMTPOption
		tls     string
		user    string
		wantTLS bool
	}{
		{"none", nil, "none", "", false},
		{"none with auth on loopback", []testkit.SMTPOption{testkit.WithAuth("desk", "s3cret-pw")}, "none", "desk", false},
		{"starttls with auth", []testkit.SMTPOption{testkit.WithSTARTTLS(cert), testkit.WithAuth("desk", "s3cret-pw")}, "starttls", "desk", true},
		{"implicit tls with auth", []testkit.SMTPOption{testkit.WithImplicitTLS(cert), testkit.WithAuth("desk", "s3cret-pw")}, "tls", "desk", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := testkit.StartSMTP(t, tt.opts...)
			cfg := smtpConfig(srv)
			cfg.TLS = tt.tls
			cfg.TLSConfig = &tls.Config{RootCAs: pool}
			if tt.user != "" {
				cfg.User, cfg.Password = tt.user, "s3cret-pw"
			}
			if err := sendOne(t, cfg, testMessage); err != nil {
				t.Fatalf("send: %v", err)
			}
			got := srv.Received()
			if len(got) != 1 {
				t.Fatalf("server received %d mails, want 1", len(got))
			}
			if got[0].TLS != tt.wantTLS {
				t.Errorf("received over TLS = %v, want %v", got[0].TLS, tt.wantTLS)
			}
			if tt.user != "" && (len(srv.Authed()) != 1 || srv.Authed()[0] != tt.user) {
				t.Errorf("authenticated as %v, want %s", srv.Authed(), tt.user)
			}
			checkReceived(t, got[0], testMessage)
		})
	}
}

func TestSMTPTextOnly(t *testing.T) {
	srv := testkit.StartSMTP(t)
	m := mail.Message{To: "reader@example.org", Subject: "Plain", Text: "Only text.\n"}
	if err := sendOne(t, smtpConfig(srv), m); err != nil {
		t.Fatal(err)
	}
	got := srv.Received()
	if len(got) != 1 {
		t.Fatalf("received %d", len(got))
	}
	p := parseMail(t, got[0].Data)
	if p.Text != m.Text || p.HTML != "" {
		t.Errorf("text %q html %q", p.Text, p.HTML)
	}
}

func TestSMTPFailures(t *testing.T) {
	cert, pool := testkit.SelfSigned(t)

	t.Run("starttls required but not offered", func(t *testing.T) {
		srv := testkit.StartSMTP(t)
		cfg := smtpConfig(srv)
		cfg.TLS = "starttls"
		cfg.TLSConfig = &tls.Config{RootCAs: pool}
		err := sendOne(t, cfg, testMessage)
		if err == nil || mail.IsPermanent(err) {
			t.Fatalf("err = %v, want a temporary error", err)
		}
		if n := len(srv.Received()); n != 0 {
			t.Errorf("server received %d mails in the clear", n)
		}
	})

	t.Run("untrusted certificate", func(t *testing.T) {
		srv := testkit.StartSMTP(t, testkit.WithSTARTTLS(cert))
		cfg := smtpConfig(srv)
		cfg.TLS = "starttls" // system roots do not trust the test certificate
		if err := sendOne(t, cfg, testMessage); err == nil {
			t.Fatal("sent over TLS with an untrusted certificate")
		}
	})

	t.Run("wrong password", func(t *testing.T) {
		srv := testkit.StartSMTP(t, testkit.WithAuth("desk", "right-password"))
		cfg := smtpConfig(srv)
		cfg.User, cfg.Password = "desk", "wrong-password-xyz"
		err := sendOne(t, cfg, testMessage)
		if err == nil || mail.IsPermanent(err) {
			t.Fatalf("err = %v, want a temporary error so the mail waits for the fix", err)
		}
		if strings.Contains(err.Error(), "wrong-password-xyz") {
			t.Errorf("error reveals the password: %v", err)
		}
	})

	t.Run("recipient refused", func(t *testing.T) {
		srv := testkit.StartSMTP(t)
		m := testMessage
		m.To = "nobody@example.org"
		err := sendOne(t, smtpConfig(srv), m)
		if !mail.IsPermanent(err) {
			t.Fatalf("err = %v, want a permanent error", err)
		}
	})

	t.Run("temporary rejection", func(t *testing.T) {
		srv := testkit.StartSMTP(t)
		srv.RejectAlways()
		err := sendOne(t, smtpConfig(srv), testMessage)
		if err == nil || mail.IsPermanent(err) || !strings.Contains(err.Error(), "451") {
			t.Fatalf("err = %v, want a temporary 451", err)
		}
	})
}

func TestNewSMTPChecksConfig(t *testing.T) {
	for _, cfg := range []mail.SMTPConfig{
		{Host: "", From: "a@b.org"},
		{Host: "mail.example.org", From: "not an address"},
		{Host: "mail.example.org", From: "a@b.org", TLS: "ssl"},
	} {
		if _, err := mail.NewSMTP(cfg); err == nil {
			t.Errorf("NewSMTP(%+v) accepted", cfg)
		}
	}
	if _, err := mail.NewSMTP(mail.SMTPConfig{Host: "mail.example.org", From: "Batori <a@b.org>"}); err != nil {
		t.Errorf("NewSMTP with defaults: %v", err)
	}
}

// TestSMTPListHeaders: the digests' unsubscribe headers leave as written, beside the text and
// HTML parts; a header not on the list, or one that would need encoding, is refused on queueing.
func TestSMTPListHeaders(t *testing.T) {
	srv := testkit.StartSMTP(t)
	m := testMessage
	m.Headers = map[string]string{
		"List-Unsubscribe":      "<https://news.example.org/digest/unsubscribe/1.abcdefghijklmnopqrstuvwx>",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
	}
	if err := sendOne(t, mail.SMTPConfig{Host: srv.Host, Port: srv.Port, TLS: "none", From: "Batori Newsroom <newsroom@batori.test>"}, m); err != nil {
		t.Fatal(err)
	}
	got := srv.Received()
	if len(got) != 1 {
		t.Fatalf("received %d mails", len(got))
	}
	checkReceived(t, got[0], m)
	p := testkit.ParseMail(t, got[0].Data)
	for name, want := range m.Headers {
		if v := p.Header.Get(name); v != want {
			t.Errorf("%s: %q, want %q", name, v, want)
		}
	}
	if h := testkit.MailHTML(t, got[0].Data); !strings.Contains(h, "ready") {
		t.Errorf("MailHTML = %q", h)
	}
}
