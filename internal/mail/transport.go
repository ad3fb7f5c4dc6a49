package mail

import (
	"context"
	"errors"
	"log/slog"
)

// Transport delivers one mail. Its two implementations are SMTP and LogTransport.
type Transport interface {
	Send(ctx context.Context, m Message) error
}

// NewTransport returns the SMTP transport for cfg, or a LogTransport writing to log when no
// SMTP host is configured, so that a one-machine install without a mail server still works.
func NewTransport(cfg SMTPConfig, log *slog.Logger) (Transport, error) {
	if cfg.Host == "" {
		return NewLogTransport(log), nil
	}
	return NewSMTP(cfg)
}

// LogTransport writes each mail to a logger instead of sending it; the outbox lists such mail
// as sent via the log.
type LogTransport struct {
	log *slog.Logger
}

// NewLogTransport returns a transport that writes mail to log.
func NewLogTransport(log *slog.Logger) *LogTransport {
	return &LogTransport{log: log}
}

// Send writes the recipient, subject and text body of m to the log.
func (t *LogTransport) Send(ctx context.Context, m Message) error {
	t.log.LogAttrs(ctx, slog.LevelInfo, "mail written to the log (no SMTP host configured)",
		slog.String("to", m.To), slog.String("subject", m.Subject), slog.String("text", m.Text))
	return nil
}

// Permanent marks err as a failure that retrying cannot cure, such as a recipient the server
// refuses: the worker fails the mail at once instead of trying again later.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err}
}

type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// IsPermanent reports whether err, or an error it wraps, was marked with Permanent.
func IsPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}
