package mail

import (
	"cmp"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/mail"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// SMTPConfig says how to reach the SMTP server; the app fills it from config.Config.
type SMTPConfig struct {
	Host string
	// Port defaults to 587 for starttls, 465 for tls and 25 for none.
	Port int
	// User and Password authenticate the connection; with no User there is no AUTH.
	User     string
	Password string
	// From is the sender, "Batori <newsroom@example.org>".
	From string
	// TLS is "starttls" (the default: STARTTLS is required), "tls" (implicit TLS, usually port
	// 465) or "none" (plain, for a relay on the same machine or network).
	TLS string
	// TLSConfig replaces the default TLS settings (system roots, server name Host), for a
	// server with a private certificate authority.
	TLSConfig *tls.Config
	// Timeout bounds connecting and each SMTP command; default 15s.
	Timeout time.Duration
}

// SMTP sends mail through an SMTP server, one connection per mail, as multipart text and HTML.
type SMTP struct {
	from string
	host string
	opts []gomail.Option
}

// NewSMTP checks cfg and returns a transport for it; it does not connect.
func NewSMTP(cfg SMTPConfig) (*SMTP, error) {
	if cfg.Host == "" {
		return nil, errors.New("smtp: no host")
	}
	if _, err := mail.ParseAddress(cfg.From); err != nil {
		return nil, fmt.Errorf("smtp: from address %q: %w", cfg.From, err)
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = 15 * time.Second
	}
	opts := []gomail.Option{gomail.WithTimeout(timeout)}
	port := cfg.Port
	switch cfg.TLS {
	case "", "starttls":
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
		port = cmp.Or(port, 587)
	case "tls":
		opts = append(opts, gomail.WithSSL())
		port = cmp.Or(port, 465)
	case "none":
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
		port = cmp.Or(port, 25)
	default:
		return nil, fmt.Errorf("smtp: tls must be starttls, tls or none, not %q", cfg.TLS)
	}
	opts = append(opts, gomail.WithPort(port))
	if cfg.TLSConfig != nil {
		tc := cfg.TLSConfig.Clone()
		if tc.ServerName == "" {
			// STARTTLS verifies the certificate against ServerName and does not infer it.
			tc.ServerName = cfg.Host
		}
		opts = append(opts, gomail.WithTLSConfig(tc))
	}
	if cfg.User != "" {
		opts = append(opts, gomail.WithUsername(cfg.User), gomail.WithPassword(cfg.Password))
		if cfg.TLS == "none" {
			// Without TLS prefer mechanisms that never reveal the password; go-mail still
			// refuses PLAIN and LOGIN in the clear except to a server on this machine.
			opts = append(opts, gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthSCRAMSHA256, gomail.SMTPAuthSCRAMSHA1,
				gomail.SMTPAuthCramMD5, gomail.SMTPAuthPlain, gomail.SMTPAuthLogin))
		} else {
			opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover))
		}
	}
	s := &SMTP{from: cfg.From, host: cfg.Host, opts: opts}
	// Build one client now so that a bad option fails at start-up rather than on every send.
	if _, err := gomail.NewClient(s.host, s.opts...); err != nil {
		return nil, fmt.Errorf("smtp: %w", err)
	}
	return s, nil
}

// Send delivers m over a new connection. A recipient or message the server refuses for good
// (a 5xx reply to RCPT or DATA) is returned as a Permanent error.
func (s *SMTP) Send(ctx context.Context, m Message) error {
	msg := gomail.NewMsg()
	if err := msg.From(s.from); err != nil {
		return fmt.Errorf("smtp: from: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return Permanent(fmt.Errorf("smtp: to: %w", err))
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageID()
	for name, value := range m.Headers {
		// Values are checked ASCII on queueing; a URL in angle brackets must not be encoded.
		msg.SetGenHeaderPreformatted(gomail.Header(name), value)
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	// A client per mail keeps sends independent: go-mail's client holds per-connection state.
	c, err := gomail.NewClient(s.host, s.opts...)
	if err != nil {
		return fmt.Errorf("smtp: %w", err)
	}
	err = c.DialAndSendWithContext(ctx, msg)
	if err != nil && msg.IsDelivered() {
		// The server accepted the mail and only the goodbye failed; sending it again would
		// deliver it twice.
		return nil
	}
	var serr *gomail.SendError
	if errors.As(err, &serr) && serr.ErrorCode() >= 500 && serr.ErrorCode() < 600 {
		switch serr.Reason {
		case gomail.ErrSMTPRcptTo, gomail.ErrSMTPData, gomail.ErrSMTPDataClose:
			return Permanent(err)
		}
	}
	return err
}
