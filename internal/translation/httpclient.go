package translation

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// RetryPolicy bounds how a provider retries answers worth retrying (429, 408 and 5xx) and failed
// connections: exponential backoff with jitter, honouring Retry-After.
type RetryPolicy struct {
	// Attempts is the most requests made for one batch, the first included (default 4).
	Attempts int
	// BaseDelay is the wait before the first retry; it doubles with every retry (default 500ms).
	BaseDelay time.Duration
	// MaxDelay caps one wait. A Retry-After longer than it ends the retries at once: the
	// newsroom is told about the quota instead of a request hanging for an hour (default 20s).
	MaxDelay time.Duration

	// sleep waits between attempts; tests replace it to record the waits.
	sleep func(ctx context.Context, d time.Duration) error
}

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.Attempts <= 0 {
		p.Attempts = 4
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = 500 * time.Millisecond
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = 20 * time.Second
	}
	if p.MaxDelay < p.BaseDelay {
		p.MaxDelay = p.BaseDelay
	}
	if p.sleep == nil {
		p.sleep = httpSleep
	}
	return p
}

// backoff is the wait before retry n (1 for the first retry): BaseDelay·2ⁿ⁻¹ capped at MaxDelay,
// of which the upper half is random so that workers hit by the same outage spread out.
func (p RetryPolicy) backoff(n int) time.Duration {
	d := p.BaseDelay
	for i := 1; i < n && d < p.MaxDelay; i++ {
		d *= 2
	}
	d = min(d, p.MaxDelay)
	half := d / 2
	return half + rand.N(d-half+1)
}

func httpSleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// httpRetryAfter reads a Retry-After header, in seconds or as an HTTP date.
func httpRetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(v); err == nil {
		if secs < 0 {
			return 0, false
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// maxResponseBytes caps what we read of an engine's answer.
const maxResponseBytes = 32 << 20

// httpCaller sends a provider's requests: per-attempt timeout, retries with backoff, and
// classification of failed answers into a *ProviderError free of credentials.
type httpCaller struct {
	provider string
	client   *http.Client
	timeout  time.Duration
	retry    RetryPolicy
	// secrets returns the credentials to scrub from every message we pass on.
	secrets func() []string
	// authorize sets per-attempt credentials (an OAuth token that may have been refreshed).
	authorize func(ctx context.Context, r *http.Request) error
	// classify turns a non-2xx answer into an error kind and the engine's own message, and says
	// whether another attempt may succeed. Nil means defaultClassify.
	classify func(status int, body []byte) (kind error, msg string, retry bool)
}

func newHTTPCaller(provider string, client *http.Client, timeout time.Duration, retry RetryPolicy) *httpCaller {
	if client == nil {
		client = &http.Client{}
	}
	return &httpCaller{provider: provider, client: client, timeout: timeout, retry: retry.withDefaults()}
}

// defaultClassify is the HTTP status alone: 401/403 are credentials, 413 size, 429 quota (after
// retries), 408 and 5xx unavailability; any other refusal is something we cannot use.
func defaultClassify(status int, body []byte) (error, string, bool) {
	msg := httpErrorMessage(body)
	switch {
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return ErrAuth, msg, false
	case status == http.StatusRequestEntityTooLarge:
		return ErrTooLarge, msg, false
	case status == http.StatusTooManyRequests:
		return ErrQuota, msg, true
	case status == http.StatusRequestTimeout || status >= 500:
		return ErrUnavailable, msg, true
	}
	return ErrBadResponse, msg, false
}

// httpErrorMessage finds a human message in an error body of unknown shape:
// {"error":"…"}, {"error":{"message":"…"}}, {"message":"…"}, {"detail":…}, or the text itself.
func httpErrorMessage(body []byte) string {
	var v map[string]any
	if json.Unmarshal(body, &v) == nil {
		for _, k := range []string{"error", "message", "detail", "error_description"} {
			if s := httpMessageIn(v[k]); s != "" {
				return s
			}
		}
	}
	return httpSnippet(string(body))
}

func httpMessageIn(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case map[string]any:
		for _, k := range []string{"message", "detail", "msg"} {
			if s := httpMessageIn(v[k]); s != "" {
				return s
			}
		}
	case []any:
		if len(v) > 0 {
			return httpMessageIn(v[0])
		}
	}
	return ""
}

// httpSnippet shortens a body for a message: error pages can be long HTML.
func httpSnippet(s string) string {
	s = strings.TrimSpace(s)
	const limit = 300
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// redact removes credentials from a message.
func (c *httpCaller) redact(s string) string {
	if c.secrets == nil {
		return s
	}
	for _, secret := range c.secrets() {
		if len(secret) < 4 {
			continue
		}
		s = strings.ReplaceAll(s, secret, "[redacted]")
		if q := url.QueryEscape(secret); q != secret {
			s = strings.ReplaceAll(s, q, "[redacted]")
		}
	}
	return s
}

// fail builds the error for an answer we could not use.
func (c *httpCaller) fail(kind error, status int, msg string) *ProviderError {
	return &ProviderError{Provider: c.provider, Status: status, Message: c.redact(msg), Kind: kind}
}

// postJSON sends body as JSON and returns the 2xx answer's body.
func (c *httpCaller) postJSON(ctx context.Context, endpoint string, header http.Header, body []byte) ([]byte, error) {
	h := header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Accept", "application/json")
	return c.do(ctx, http.MethodPost, endpoint, h, body)
}

// do sends a request, retrying as the policy allows, and returns the body of a 2xx answer.
// Cancellation of ctx is returned as is (wrapped), not as a ProviderError.
func (c *httpCaller) do(ctx context.Context, method, endpoint string, header http.Header, body []byte) ([]byte, error) {
	p := c.retry
	var last *ProviderError
	for attempt := 1; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("%s: %w", c.provider, err)
		}
		status, h, respBody, err := c.once(ctx, method, endpoint, header, body)
		var wait time.Duration
		switch {
		case err != nil:
			if ctx.Err() != nil {
				return nil, fmt.Errorf("%s: %w", c.provider, ctx.Err())
			}
			var perr *ProviderError
			if !errors.As(err, &perr) {
				perr = c.fail(ErrUnavailable, 0, transportMessage(err))
			}
			if !errors.Is(perr.Kind, ErrUnavailable) {
				return nil, perr
			}
			last = perr
		case status >= 200 && status < 300:
			return respBody, nil
		default:
			classify := c.classify
			if classify == nil {
				classify = defaultClassify
			}
			kind, msg, retry := classify(status, respBody)
			if msg == "" {
				msg = http.StatusText(status)
			}
			last = c.fail(kind, status, msg)
			if !retry {
				return nil, last
			}
			if ra, ok := httpRetryAfter(h, time.Now()); ok {
				if ra > p.MaxDelay {
					last.Message += fmt.Sprintf(" (asked to retry after %s)", ra.Round(time.Second))
					return nil, last
				}
				wait = ra
			}
		}
		if attempt >= p.Attempts {
			return nil, last
		}
		wait = max(wait, p.backoff(attempt))
		if err := p.sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("%s: %w", c.provider, err)
		}
	}
}

// once makes one attempt. Transport failures come back as err.
func (c *httpCaller) once(ctx context.Context, method, endpoint string, header http.Header, body []byte) (int, http.Header, []byte, error) {
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, endpoint, rd)
	if err != nil {
		// Only a malformed configured URL gets here; url.Error would print the key.
		return 0, nil, nil, c.fail(ErrUnavailable, 0, "invalid endpoint URL")
	}
	for k, v := range header {
		req.Header[k] = v
	}
	if c.authorize != nil {
		if err := c.authorize(ctx, req); err != nil {
			return 0, nil, nil, err
		}
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes+1))
	if err != nil {
		return 0, nil, nil, err
	}
	if len(data) > maxResponseBytes {
		return 0, nil, nil, c.fail(ErrBadResponse, resp.StatusCode, "answer larger than 32 MiB")
	}
	return resp.StatusCode, resp.Header, data, nil
}

// transportMessage describes a failed connection without the request URL, which may carry a key.
func transportMessage(err error) string {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		if uerr.Timeout() {
			return "timed out"
		}
		return uerr.Err.Error()
	}
	return err.Error()
}
