package translation

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/fielderr"
)

// GoogleBaseURL is where Google Cloud Translation v2 and v3 live.
const GoogleBaseURL = "https://translation.googleapis.com"

// GoogleV2Config configures Google Cloud Translation v2 (Basic), which takes an API key.
type GoogleV2Config struct {
	// APIKey is the Google Cloud API key, sent as ?key=.
	APIKey string
	// BaseURL defaults to GoogleBaseURL.
	BaseURL string
	// Model is "nmt" (the default) or "base".
	Model string
	// Timeout bounds each request (default 30s).
	Timeout time.Duration
	// HTTPClient defaults to a fresh http.Client.
	HTTPClient *http.Client
	// Retry bounds retries of 429 and 5xx answers.
	Retry RetryPolicy
}

// GoogleV2 translates with Google Cloud Translation v2 (Basic).
type GoogleV2 struct {
	cfg      GoogleV2Config
	endpoint string
	http     *httpCaller
}

// googleV2Limits: 128 strings is the usual client batch; 5,000 code points is Google's
// recommended request size (a longer segment goes alone), 100K bytes the hard limit of Basic.
var googleV2Limits = batchLimits{items: 128, chars: 5000, bytes: 100_000 - 1024}

// NewGoogleV2 checks cfg and returns the provider.
func NewGoogleV2(cfg GoogleV2Config) (*GoogleV2, error) {
	cfg.APIKey = strings.TrimSpace(cfg.APIKey)
	if cfg.APIKey == "" {
		return nil, providerConfigError("google-v2", fielderr.New("api_key", fielderr.Required))
	}
	if cfg.Model == "" {
		cfg.Model = "nmt"
	}
	g := &GoogleV2{cfg: cfg, endpoint: providerBaseURL(cfg.BaseURL, GoogleBaseURL) + "/language/translate/v2"}
	g.http = newHTTPCaller(g.Name(), cfg.HTTPClient, providerDuration(cfg.Timeout, 30*time.Second), cfg.Retry)
	g.http.secrets = func() []string { return []string{cfg.APIKey} }
	g.http.classify = classifyGoogle
	return g, nil
}

// Name implements Provider.
func (g *GoogleV2) Name() string { return "google-v2" }

// Model implements Provider.
func (g *GoogleV2) Model() string { return g.cfg.Model }

// HTML implements Provider: Google keeps markup with format=html.
func (g *GoogleV2) HTML() bool { return true }

// Translate implements Provider.
func (g *GoogleV2) Translate(ctx context.Context, req Request) ([]string, error) {
	src, tgt, err := isoLangPair(g.Name(), req)
	if err != nil {
		return nil, err
	}
	endpoint := g.endpoint + "?key=" + url.QueryEscape(g.cfg.APIKey)
	return translateInBatches(ctx, g.Name(), req.Segments, googleV2Limits, true,
		func(ctx context.Context, texts []string, html bool) ([]string, error) {
			format := "text"
			if html {
				format = "html"
			}
			body, err := providerJSON(googleV2Request{Q: texts, Source: src, Target: tgt, Format: format, Model: g.cfg.Model})
			if err != nil {
				return nil, err
			}
			answer, err := g.http.postJSON(ctx, endpoint, nil, body)
			if err != nil {
				return nil, err
			}
			var resp struct {
				Data struct {
					Translations []struct {
						TranslatedText string `json:"translatedText"`
					} `json:"translations"`
				} `json:"data"`
			}
			if err := decodeProviderAnswer(g.http, answer, &resp); err != nil {
				return nil, err
			}
			out := make([]string, len(resp.Data.Translations))
			for i, t := range resp.Data.Translations {
				out[i] = t.TranslatedText
			}
			return out, nil
		})
}

type googleV2Request struct {
	Q      []string `json:"q"`
	Source string   `json:"source"`
	Target string   `json:"target"`
	Format string   `json:"format"`
	Model  string   `json:"model,omitempty"`
}

// googleError is Google's error envelope, v2 (errors[].reason) and v3 (details[].reason).
type googleError struct {
	Error struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
		Status  string `json:"status"`
		Errors  []struct {
			Message string `json:"message"`
			Reason  string `json:"reason"`
		} `json:"errors"`
		Details []struct {
			Reason string `json:"reason"`
		} `json:"details"`
	} `json:"error"`
}

// classifyGoogle reads Google's error envelope. Quota answers are 403 "Daily Limit Exceeded" /
// "User Rate Limit Exceeded" (or 429 RESOURCE_EXHAUSTED); a bad API key is 400 "API key not
// valid"; a request over the size limit is 400 INVALID_ARGUMENT about its length.
func classifyGoogle(status int, body []byte) (error, string, bool) {
	var e googleError
	if json.Unmarshal(body, &e) != nil || e.Error.Message == "" && e.Error.Status == "" {
		return defaultClassify(status, body)
	}
	msg := e.Error.Message
	if msg == "" {
		msg = e.Error.Status
	}
	reasons := []string{e.Error.Status}
	for _, x := range e.Error.Errors {
		reasons = append(reasons, x.Reason)
	}
	for _, x := range e.Error.Details {
		reasons = append(reasons, x.Reason)
	}
	has := func(names ...string) bool {
		for _, r := range reasons {
			for _, n := range names {
				if strings.EqualFold(r, n) {
					return true
				}
			}
		}
		return false
	}
	lower := strings.ToLower(msg)
	switch {
	case status == http.StatusTooManyRequests:
		return ErrQuota, msg, true
	case has("dailyLimitExceeded", "userRateLimitExceeded", "rateLimitExceeded", "quotaExceeded",
		"RATE_LIMIT_EXCEEDED", "RESOURCE_EXHAUSTED") || strings.Contains(lower, "limit exceeded"):
		return ErrQuota, msg, false
	case status == http.StatusUnauthorized || status == http.StatusForbidden,
		has("API_KEY_INVALID", "keyInvalid", "UNAUTHENTICATED") || strings.Contains(lower, "api key not valid"):
		return ErrAuth, msg, false
	case status == http.StatusRequestEntityTooLarge,
		status == http.StatusBadRequest && (strings.Contains(lower, "too long") || strings.Contains(lower, "too large") ||
			strings.Contains(lower, "payload size exceeds") || strings.Contains(lower, "exceeds the limit")):
		return ErrTooLarge, msg, false
	}
	kind, _, retry := defaultClassify(status, nil)
	return kind, msg, retry
}
