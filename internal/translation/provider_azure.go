package translation

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/batori-news/batori/internal/fielderr"
)

// AzureBaseURL is the global Azure AI Translator endpoint.
const AzureBaseURL = "https://api.cognitive.microsofttranslator.com"

// AzureConfig configures Microsoft Azure AI Translator, Text Translation v3.0.
type AzureConfig struct {
	// APIKey is the resource key, sent as Ocp-Apim-Subscription-Key.
	APIKey string
	// Region is the resource's region, sent as Ocp-Apim-Subscription-Region; required for
	// regional and multi-service resources, empty for global ones.
	Region string
	// BaseURL defaults to AzureBaseURL (Azure China: https://api.translator.azure.cn).
	BaseURL string
	// Category is an optional Custom Translator category ID.
	Category string
	// Dictionary marks glossary terms in plain-text segments with Azure's dynamic dictionary
	// (<mstrans:dictionary translation="…">term</mstrans:dictionary>).
	Dictionary bool
	// Timeout bounds each request (default 30s).
	Timeout time.Duration
	// HTTPClient defaults to a fresh http.Client.
	HTTPClient *http.Client
	// Retry bounds retries of 429 and 5xx answers.
	Retry RetryPolicy
}

// Azure translates with Azure AI Translator.
type Azure struct {
	cfg      AzureConfig
	endpoint string
	http     *httpCaller
}

// azureLimits: 1,000 array elements and 50,000 characters per request (one target language).
var azureLimits = batchLimits{items: 1000, chars: 50_000, charsHard: true}

// NewAzure checks cfg and returns the provider.
func NewAzure(cfg AzureConfig) (*Azure, error) {
	cfg.APIKey = strings.TrimSpace(cfg.APIKey)
	cfg.Region = strings.TrimSpace(cfg.Region)
	if cfg.APIKey == "" {
		return nil, providerConfigError("azure", fielderr.New("api_key", fielderr.Required))
	}
	a := &Azure{cfg: cfg, endpoint: providerBaseURL(cfg.BaseURL, AzureBaseURL) + "/translate"}
	a.http = newHTTPCaller(a.Name(), cfg.HTTPClient, providerDuration(cfg.Timeout, 30*time.Second), cfg.Retry)
	a.http.secrets = func() []string { return []string{cfg.APIKey} }
	a.http.classify = classifyAzure
	return a, nil
}

// Name implements Provider.
func (a *Azure) Name() string { return "azure" }

// Model implements Provider: the API version and the Custom Translator category.
func (a *Azure) Model() string { return "v3.0/" + cmp.Or(a.cfg.Category, "general") }

// HTML implements Provider: Azure keeps markup with textType=html.
func (a *Azure) HTML() bool { return true }

// Translate implements Provider.
func (a *Azure) Translate(ctx context.Context, req Request) ([]string, error) {
	src, tgt, err := isoLangPair(a.Name(), req)
	if err != nil {
		return nil, err
	}
	segs := req.Segments
	if a.cfg.Dictionary && len(req.Glossary) > 0 {
		segs = azureMarkTerms(segs, req.Glossary)
	}
	return translateInBatches(ctx, a.Name(), segs, azureLimits, true,
		func(ctx context.Context, texts []string, html bool) ([]string, error) {
			q := url.Values{"api-version": {"3.0"}, "from": {src}, "to": {tgt}, "textType": {"plain"}}
			if html {
				q.Set("textType", "html")
			}
			if a.cfg.Category != "" {
				q.Set("category", a.cfg.Category)
			}
			items := make([]azureText, len(texts))
			for i, t := range texts {
				items[i].Text = t
			}
			body, err := providerJSON(items)
			if err != nil {
				return nil, err
			}
			h := http.Header{}
			h.Set("Ocp-Apim-Subscription-Key", a.cfg.APIKey)
			if a.cfg.Region != "" {
				h.Set("Ocp-Apim-Subscription-Region", a.cfg.Region)
			}
			// One trace ID per batch, kept across retries, so Azure support can follow it.
			h.Set("X-ClientTraceId", azureTraceID())
			answer, err := a.http.postJSON(ctx, a.endpoint+"?"+q.Encode(), h, body)
			if err != nil {
				return nil, err
			}
			var resp []struct {
				Translations []struct {
					Text string `json:"text"`
					To   string `json:"to"`
				} `json:"translations"`
			}
			if err := decodeProviderAnswer(a.http, answer, &resp); err != nil {
				return nil, err
			}
			out := make([]string, len(resp))
			for i, r := range resp {
				if len(r.Translations) == 0 {
					return nil, a.http.fail(ErrBadResponse, 200, fmt.Sprintf("no translation for element %d", i))
				}
				out[i] = r.Translations[0].Text
			}
			return out, nil
		})
}

type azureText struct {
	Text string `json:"Text"`
}

// classifyAzure reads {"error":{"code":403001,"message":"…"}}: the six-digit code starts with
// the HTTP status. 401xxx is a bad key or region; 403xxx is a used-up quota (403001: free tier
// exceeded); 429xxx is the rate or character quota (retried first); 400050 and 400077 are
// texts or requests over the size limits.
func classifyAzure(status int, body []byte) (error, string, bool) {
	var e struct {
		Error struct {
			Code    json.Number `json:"code"`
			Message string      `json:"message"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil || e.Error.Message == "" {
		return defaultClassify(status, body)
	}
	code, _ := e.Error.Code.Int64()
	msg := e.Error.Message
	if code != 0 {
		msg = fmt.Sprintf("%s (code %d)", msg, code)
	}
	switch {
	case code/1000 == 401 || status == http.StatusUnauthorized:
		return ErrAuth, msg, false
	case code/1000 == 403 || status == http.StatusForbidden:
		return ErrQuota, msg, false
	case code/1000 == 429 || status == http.StatusTooManyRequests:
		return ErrQuota, msg, true
	case code == 400050 || code == 400077 || code/1000 == 413 || status == http.StatusRequestEntityTooLarge:
		return ErrTooLarge, msg, false
	}
	kind, _, retry := defaultClassify(status, nil)
	return kind, msg, retry
}

// azureMarkTerms returns segs with the glossary's source terms in plain-text segments wrapped in
// Azure's dynamic dictionary markup, longest terms first. HTML segments are left alone: the
// markup is documented for plain text.
func azureMarkTerms(segs []Segment, glossary []Term) []Segment {
	terms := map[string]string{}
	for _, t := range glossary {
		src, tgt := strings.TrimSpace(t.Source), strings.TrimSpace(t.Target)
		if src == "" || tgt == "" || strings.ContainsAny(tgt, `"<>&`) {
			continue
		}
		terms[src] = tgt
	}
	if len(terms) == 0 {
		return segs
	}
	keys := make([]string, 0, len(terms))
	for k := range terms {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(cmp.Compare(len(b), len(a)), cmp.Compare(a, b)) })
	alts := make([]string, len(keys))
	for i, k := range keys {
		alts[i] = regexp.QuoteMeta(k)
		// Whole words only: "Assam" must not match inside "Assamese".
		if r, _ := utf8.DecodeRuneInString(k); azureASCIIWordRune(r) {
			alts[i] = `\b` + alts[i]
		}
		if r, _ := utf8.DecodeLastRuneInString(k); azureASCIIWordRune(r) {
			alts[i] += `\b`
		}
	}
	re := regexp.MustCompile(strings.Join(alts, "|"))
	out := make([]Segment, len(segs))
	for i, s := range segs {
		out[i] = s
		if s.IsHTML || strings.Contains(s.Text, "<") {
			continue
		}
		out[i].Text = re.ReplaceAllStringFunc(s.Text, func(m string) string {
			return `<mstrans:dictionary translation="` + terms[m] + `">` + m + `</mstrans:dictionary>`
		})
	}
	return out
}

func azureASCIIWordRune(r rune) bool {
	return r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_')
}

// azureTraceID returns a random UUID (version 4) for X-ClientTraceId.
func azureTraceID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
