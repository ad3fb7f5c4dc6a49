package translation

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
)

// OpenAIBaseURL is OpenAI's API; vLLM, Ollama and other OpenAI-compatible servers have their own.
const OpenAIBaseURL = "https://api.openai.com"

// OpenAIConfig configures an OpenAI-compatible chat-completions endpoint.
type OpenAIConfig struct {
	// BaseURL defaults to OpenAIBaseURL; requests go to {BaseURL}/v1/chat/completions (a
	// trailing /v1 in BaseURL is accepted).
	BaseURL string
	// APIKey is sent as a bearer token; local servers may need none.
	APIKey string
	// Model is the model name, e.g. "gpt-4o" or "sarvamai/sarvam-translate".
	Model string
	// MaxTokens optionally caps each answer (max_tokens).
	MaxTokens int
	// Concurrency is how many segments are translated at once (default 4).
	Concurrency int
	// Timeout bounds each request (default 120s).
	Timeout time.Duration
	// HTTPClient defaults to a fresh http.Client.
	HTTPClient *http.Client
	// Retry bounds retries of 429 and 5xx answers.
	Retry RetryPolicy
}

// OpenAI translates with a chat model, one segment per request: a model answering a batch as a
// JSON array too often merges, splits or drops items, which would misplace translations, while
// a single segment's answer is the translation itself. Requests run a few at a time.
type OpenAI struct {
	cfg      OpenAIConfig
	endpoint string
	http     *httpCaller
}

// NewOpenAI checks cfg and returns the provider.
func NewOpenAI(cfg OpenAIConfig) (*OpenAI, error) {
	cfg.Model = strings.TrimSpace(cfg.Model)
	cfg.APIKey = strings.TrimSpace(cfg.APIKey)
	if cfg.Model == "" {
		return nil, providerConfigError("openai", fielderr.New("model", fielderr.Required))
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 4
	}
	base := strings.TrimSuffix(providerBaseURL(cfg.BaseURL, OpenAIBaseURL), "/v1")
	o := &OpenAI{cfg: cfg, endpoint: base + "/v1/chat/completions"}
	o.http = newHTTPCaller(o.Name(), cfg.HTTPClient, providerDuration(cfg.Timeout, 120*time.Second), cfg.Retry)
	o.http.secrets = func() []string { return []string{cfg.APIKey} }
	o.http.classify = classifyOpenAI
	return o, nil
}

// Name implements Provider.
func (o *OpenAI) Name() string { return "openai" }

// Model implements Provider.
func (o *OpenAI) Model() string { return o.cfg.Model }

// HTML implements Provider: the prompt asks to keep markup, but nothing enforces it, so HTML
// reaches the model segmented and protected with placeholders.
func (o *OpenAI) HTML() bool { return false }

// Translate implements Provider.
func (o *OpenAI) Translate(ctx context.Context, req Request) ([]string, error) {
	if _, _, err := isoLangPair(o.Name(), req); err != nil {
		return nil, err
	}
	out := make([]string, len(req.Segments))
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(o.cfg.Concurrency, len(req.Segments)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				t, err := o.translateOne(ctx, req, req.Segments[i])
				if err != nil {
					cancel(err)
					continue
				}
				out[i] = t
			}
		}()
	}
feed:
	for i, s := range req.Segments {
		if strings.TrimSpace(s.Text) == "" {
			out[i] = s.Text
			continue
		}
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return nil, err
	}
	return out, nil
}

type openAIMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type openAIRequest struct {
	Model       string          `json:"model"`
	Temperature float64         `json:"temperature"`
	MaxTokens   int             `json:"max_tokens,omitempty"`
	Messages    []openAIMessage `json:"messages"`
}

func (o *OpenAI) translateOne(ctx context.Context, req Request, seg Segment) (string, error) {
	body, err := providerJSON(openAIRequest{
		Model:       o.cfg.Model,
		Temperature: 0,
		MaxTokens:   o.cfg.MaxTokens,
		Messages: []openAIMessage{
			{Role: "system", Content: openAIPrompt(req.Source, req.Target, openAITermsIn(seg.Text, req.Glossary))},
			{Role: "user", Content: seg.Text},
		},
	})
	if err != nil {
		return "", err
	}
	h := http.Header{}
	if o.cfg.APIKey != "" {
		h.Set("Authorization", "Bearer "+o.cfg.APIKey)
	}
	answer, err := o.http.postJSON(ctx, o.endpoint, h, body)
	if err != nil {
		return "", err
	}
	var resp struct {
		Choices []struct {
			Message      openAIMessage `json:"message"`
			FinishReason string        `json:"finish_reason"`
		} `json:"choices"`
	}
	if err := decodeProviderAnswer(o.http, answer, &resp); err != nil {
		return "", err
	}
	if len(resp.Choices) != 1 {
		return "", o.http.fail(ErrBadResponse, 200, fmt.Sprintf("expected one choice, got %d", len(resp.Choices)))
	}
	c := resp.Choices[0]
	switch c.FinishReason {
	case "length":
		return "", o.http.fail(ErrTooLarge, 200, fmt.Sprintf("segment %q: the answer was cut off at the token limit", seg.ID))
	case "content_filter":
		return "", o.http.fail(ErrBadResponse, 200, fmt.Sprintf("segment %q: the answer was withheld by the content filter", seg.ID))
	}
	text := openAIUnfence(c.Message.Content)
	if text == "" {
		return "", o.http.fail(ErrBadResponse, 200, fmt.Sprintf("segment %q: empty answer", seg.ID))
	}
	// Models drop the spaces around a segment; the HTML around it needs them back.
	lead := seg.Text[:len(seg.Text)-len(strings.TrimLeftFunc(seg.Text, unicode.IsSpace))]
	trail := seg.Text[len(strings.TrimRightFunc(seg.Text, unicode.IsSpace)):]
	return lead + text + trail, nil
}

// openAILanguageNames names our languages in the prompt.
var openAILanguageNames = map[locale.Lang]string{
	locale.English:  "English",
	locale.Assamese: "Assamese (অসমীয়া)",
}

// openAIPrompt is the system prompt for one segment.
func openAIPrompt(src, tgt locale.Lang, terms []Term) string {
	var b strings.Builder
	fmt.Fprintf(&b, "You translate news from %s to %s for a newspaper.", openAILanguageNames[src], openAILanguageNames[tgt])
	if tgt == locale.Assamese {
		b.WriteString(" Write Assamese in the Assamese script: use ৰ and ৱ, never the Bengali র.")
	}
	b.WriteString(" Keep every HTML tag and attribute unchanged and translate only the text between tags." +
		" Keep every placeholder such as ⟦1⟧…⟦/1⟧ unchanged, around the words it marks." +
		" Answer with the translation only: no notes, quotes or code fences.")
	if len(terms) > 0 {
		b.WriteString("\nUse these spellings:")
		for _, t := range terms {
			fmt.Fprintf(&b, "\n%s = %s", t.Source, t.Target)
		}
	}
	return b.String()
}

// openAITermsIn picks the glossary terms that occur in text, to keep the prompt short.
func openAITermsIn(text string, glossary []Term) []Term {
	var out []Term
	lower := strings.ToLower(text)
	for _, t := range glossary {
		if t.Source != "" && t.Target != "" && strings.Contains(lower, strings.ToLower(t.Source)) {
			out = append(out, t)
		}
	}
	return out
}

// openAIUnfence trims an answer and removes a Markdown code fence some models wrap it in anyway.
func openAIUnfence(s string) string {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "```") || !strings.HasSuffix(s, "```") || len(s) < 6 {
		return s
	}
	inner := s[3 : len(s)-3]
	if nl := strings.IndexByte(inner, '\n'); nl >= 0 && !strings.ContainsAny(inner[:nl], " <⟦") {
		inner = inner[nl+1:] // a language tag such as ```html
	}
	return strings.TrimSpace(inner)
}

// classifyOpenAI reads {"error":{"message","type","param","code"}}. A 429 with code
// "insufficient_quota" is a used-up balance, not worth retrying; other 429s are rate limits; a
// 400 "context_length_exceeded" is a segment too long for the model.
func classifyOpenAI(status int, body []byte) (error, string, bool) {
	var e struct {
		Error struct {
			Message string `json:"message"`
			Type    string `json:"type"`
			Code    any    `json:"code"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &e) != nil || e.Error.Message == "" {
		return defaultClassify(status, body)
	}
	code, _ := e.Error.Code.(string)
	msg := e.Error.Message
	switch {
	case code == "insufficient_quota" || e.Error.Type == "insufficient_quota":
		return ErrQuota, msg, false
	case code == "context_length_exceeded" || code == "string_above_max_length":
		return ErrTooLarge, msg, false
	case code == "invalid_api_key" || e.Error.Type == "authentication_error":
		return ErrAuth, msg, false
	}
	kind, _, retry := defaultClassify(status, nil)
	return kind, msg, retry
}
