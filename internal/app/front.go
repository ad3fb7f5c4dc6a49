package app

import (
	"strings"

	"github.com/batori-news/batori/internal/front"
	"github.com/batori-news/batori/internal/web"
)

// front is the plain-HTTP server (package front): fasthttp answering fresh cached pages with
// the headers the middleware would add, and the handler everything else.
func (a *App) front() *front.Server {
	publicHTTPS := strings.HasPrefix(a.cfg.BaseURL, "https://")
	headers := web.SecurityHeaderFields()
	if a.cfg.HSTS && publicHTTPS {
		// PublicHTTPS marks every request secure, so HSTS is on every response.
		headers["Strict-Transport-Security"] = []string{web.HSTSValue}
	}
	return front.New(front.Options{
		Handler:          a.handler,
		Fail:             a.fail,
		Cache:            a.Pages,
		Headers:          headers,
		ProxyDecidesHSTS: a.cfg.HSTS && !publicHTTPS,
		Origin:           a.origin,
		Requests:         a.requests,
		Metrics:          a.metrics,
		MaxBodyBytes:     a.cfg.MaxBodyBytes,
		Log:              a.log,
	})
}
