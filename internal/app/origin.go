package app

import (
	"context"
	"errors"
	"net"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/mail"
	"github.com/batori-news/batori/internal/people"
)

// The site's public origin (web.Origin) is, in this order: --base-url; the one stored in the
// settings by the first-admin setup; for a server that listens on a loopback address only,
// that address, provisionally (local development, tests): links and mails use it, but other
// hosts are not redirected and the setup still asks for the public address, since a proxy on
// the same host also reaches a loopback listener. Otherwise it is unknown until the setup
// stores it: pages carry relative links, requests for any host are served, and mails wait in
// the outbox (composed with heldOrigin in their links). A request's Host header never becomes
// a link.

// heldOrigin stands for the origin in the links of mails composed while it is unknown; the
// sender replaces it once the origin is known, and sends nothing before.
const heldOrigin = "{{batori-origin}}"

// heldOriginInHTML is heldOrigin as html/template writes it in a link's href.
const heldOriginInHTML = "%7b%7bbatori-origin%7d%7d"

// resolveOrigin looks for a stored origin, and else falls back, provisionally, to addr when it
// is a loopback address with a port (on https when this server speaks TLS).
func (a *App) resolveOrigin(ctx context.Context, addr string, tls bool) string {
	if o := a.origin.Get(ctx); o != "" {
		return o
	}
	if host, port, err := net.SplitHostPort(addr); err == nil && port != "0" && port != "" && isLoopback(addr) {
		scheme := "http://"
		if tls {
			scheme = "https://"
		}
		a.origin.Fallback(scheme + net.JoinHostPort(host, port))
	}
	return a.origin.Known()
}

// isLoopback reports whether the listen address addr names a loopback host.
func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return host == "localhost" || ip != nil && ip.IsLoopback()
}

// mailOrigin is what the mail composer builds links on.
func (a *App) mailOrigin() string {
	if o := a.origin.Known(); o != "" {
		return o
	}
	return heldOrigin
}

// originTransport fills the origin into mails composed before it was known.
type originTransport struct {
	next   mail.Transport
	origin func() string
}

func (t originTransport) Send(ctx context.Context, m mail.Message) error {
	o := t.origin()
	if o == "" {
		return errors.New("the site's public origin is not known yet")
	}
	m.Subject = strings.ReplaceAll(m.Subject, heldOrigin, o)
	m.Text = strings.ReplaceAll(m.Text, heldOrigin, o)
	m.HTML = strings.ReplaceAll(strings.ReplaceAll(m.HTML, heldOrigin, o), heldOriginInHTML, o)
	if len(m.Headers) > 0 {
		h := make(map[string]string, len(m.Headers))
		for k, v := range m.Headers {
			h[k] = strings.ReplaceAll(v, heldOrigin, o)
		}
		m.Headers = h
	}
	return t.next.Send(ctx, m)
}

// waitForOrigin returns once the origin is known (at once when it is), or when ctx ends; the
// mail worker starts only then, so no mail leaves with a held link.
func (a *App) waitForOrigin(ctx context.Context) bool {
	for {
		if a.origin.Get(ctx) != "" {
			return true
		}
		select {
		case <-ctx.Done():
			return false
		case <-time.After(time.Second):
		}
	}
}

// announceSetup logs, while the site has no admin, a fresh one-time link to create the first
// one, on base (the origin, or this server's own address when the origin is unknown).
func (a *App) announceSetup(ctx context.Context, base string) error {
	token, expires, err := a.People.NewSetupToken(ctx)
	if errors.Is(err, people.ErrSetupDone) {
		return nil
	}
	if err != nil {
		return err
	}
	a.log.Warn("this site has no admin yet: create the first one with this one-time link (or later with `batori setup-link`)",
		"link", base+"/newsroom/setup?token="+token, "expires", expires.Format(time.RFC3339))
	return nil
}
