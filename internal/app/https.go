package app

import (
	"crypto/tls"
	"net"
	"net/http"
	"path/filepath"

	"golang.org/x/crypto/acme/autocert"

	"github.com/batori-news/batori/internal/config"
	"github.com/batori-news/batori/internal/web"
)

// httpsSetup is how Batori serves HTTPS itself: the TLS configuration of its main listener
// and the handler of the plain-HTTP one.
type httpsSetup struct {
	tls *tls.Config
	// plain answers plain HTTP: a redirect to HTTPS, after ACME's HTTP-01 challenges when
	// certificates are automatic.
	plain http.Handler
	// origin is where plain HTTP is sent ("https://host[:port]"); empty when no origin is
	// known (certificate files and no --base-url), and plain HTTP is then refused.
	origin string
	// certs makes the certificates with --tls-domain; nil with certificate files.
	certs *autocert.Manager
}

// newHTTPS prepares HTTPS from the configuration, or returns nil when Batori serves plain
// HTTP (alone or behind a proxy that ends TLS). The configuration was validated, certificate
// files included.
func newHTTPS(cfg config.Config) (*httpsSetup, error) {
	if !cfg.TLS() {
		return nil, nil
	}
	h := &httpsSetup{origin: cfg.BaseURL}
	onlyHost := ""
	if cfg.TLSDomain != "" {
		onlyHost = cfg.TLSDomain
		if h.origin == "" {
			h.origin = "https://" + cfg.TLSDomain
			if _, port, err := net.SplitHostPort(cfg.Addr); err == nil && port != "443" && port != "" && port != "0" {
				h.origin = "https://" + net.JoinHostPort(cfg.TLSDomain, port)
			}
		}
	}
	redirect := web.RedirectHTTPS(h.origin, onlyHost)
	if cfg.TLSDomain != "" {
		h.certs = &autocert.Manager{
			Prompt:     autocert.AcceptTOS,
			Cache:      autocert.DirCache(filepath.Join(cfg.DataDir, "certs")),
			HostPolicy: autocert.HostWhitelist(cfg.TLSDomain),
		}
		h.tls = h.certs.TLSConfig()
		h.plain = h.certs.HTTPHandler(redirect)
	} else {
		cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			return nil, err
		}
		h.tls = &tls.Config{Certificates: []tls.Certificate{cert}}
		h.plain = redirect
	}
	h.tls.MinVersion = tls.VersionTLS12
	return h, nil
}
