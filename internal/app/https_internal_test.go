package app

import (
	"context"
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"testing"

	"golang.org/x/crypto/acme/autocert"

	"github.com/batori-news/batori/internal/config"
)

// No ACME server can be reached from a test, so this checks how the certificate manager is
// built and joined to the listeners, not issuance.
func TestAutomaticCertificatesWiring(t *testing.T) {
	dir := t.TempDir()
	h, err := newHTTPS(config.Config{DataDir: dir, Addr: ":443", TLSDomain: "news.example.org"})
	if err != nil {
		t.Fatal(err)
	}
	if h.certs == nil {
		t.Fatal("no certificate manager for --tls-domain")
	}
	if h.certs.Cache != autocert.DirCache(filepath.Join(dir, "certs")) {
		t.Errorf("certificate cache %v, want the data folder's certs/", h.certs.Cache)
	}
	ctx := context.Background()
	if err := h.certs.HostPolicy(ctx, "news.example.org"); err != nil {
		t.Errorf("host policy refuses the domain: %v", err)
	}
	if err := h.certs.HostPolicy(ctx, "evil.example"); err == nil {
		t.Error("host policy accepts another host")
	}
	// The listener asks the manager for certificates (and so answers TLS-ALPN-01); a handshake
	// for another name is refused before any ACME request.
	if !slices.Contains(h.tls.NextProtos, "acme-tls/1") || h.tls.GetCertificate == nil || h.tls.MinVersion != tls.VersionTLS12 {
		t.Errorf("TLS config %+v", h.tls)
	}
	if _, err := h.tls.GetCertificate(&tls.ClientHelloInfo{ServerName: "evil.example"}); err == nil {
		t.Error("certificate made for another host")
	}
	// Plain HTTP answers HTTP-01 challenges (an unknown token is not found) and redirects the
	// rest, but only for the domain.
	for _, c := range []struct {
		url      string
		code     int
		location string
	}{
		{"http://news.example.org/.well-known/acme-challenge/unknown", http.StatusNotFound, ""},
		{"http://news.example.org/as/?page=2", http.StatusPermanentRedirect, "https://news.example.org/as/?page=2"},
		{"http://evil.example/as/", http.StatusMisdirectedRequest, ""},
	} {
		w := httptest.NewRecorder()
		h.plain.ServeHTTP(w, httptest.NewRequest("GET", c.url, nil))
		if w.Code != c.code || w.Header().Get("Location") != c.location {
			t.Errorf("GET %s = %d to %q, want %d to %q", c.url, w.Code, w.Header().Get("Location"), c.code, c.location)
		}
	}

	// On another port, redirects keep it.
	h, err = newHTTPS(config.Config{DataDir: dir, Addr: ":8443", TLSDomain: "news.example.org"})
	if err != nil || h.origin != "https://news.example.org:8443" {
		t.Errorf("origin on :8443 = %q (%v)", h.origin, err)
	}
	// Without TLS flags there is no HTTPS of our own.
	if h, err := newHTTPS(config.Config{DataDir: dir, Addr: ":8080"}); h != nil || err != nil {
		t.Errorf("HTTPS without TLS flags: %+v %v", h, err)
	}
}
