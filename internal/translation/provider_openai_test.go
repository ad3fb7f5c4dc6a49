package translation

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/locale"
)

const openAITestKey = "sk-test-0123456789abcdefghij"

// openAIServer implements POST /v1/chat/completions.
type openAIServer struct {
	t      *testing.T
	script provScript
	// answer turns the user's message into the assistant's; nil means provFake.
	answer func(user string) string

	mu        sync.Mutex
	prompts   map[string]string // system prompt by user message
	inFlight  int
	maxFlight int
}

func newOpenAIServer(t *testing.T) (*openAIServer, *httptest.Server) {
	s := &openAIServer{t: t, prompts: map[string]string{}}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv
}

func (s *openAIServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	t := s.t
	if r.Method != http.MethodPost || r.URL.Path != "/v1/chat/completions" {
		t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
		http.NotFound(w, r)
		return
	}
	if auth := r.Header.Get("Authorization"); auth != "Bearer "+openAITestKey {
		provRespond(401, nil, fmt.Sprintf(`{"error":{"message":"Incorrect API key provided: %s. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}`,
			strings.TrimPrefix(auth, "Bearer ")))(w)
		return
	}
	s.mu.Lock()
	s.inFlight++
	s.maxFlight = max(s.maxFlight, s.inFlight)
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.inFlight--
		s.mu.Unlock()
	}()
	time.Sleep(time.Millisecond) // let requests overlap
	if f := s.script.next(); f != nil {
		f(w)
		return
	}
	var req struct {
		Model       string          `json:"model"`
		Temperature *float64        `json:"temperature"`
		MaxTokens   int             `json:"max_tokens"`
		Messages    []openAIMessage `json:"messages"`
	}
	if !provDecode(t, r, &req) {
		return
	}
	if req.Model != "test-model" || req.Temperature == nil || *req.Temperature != 0 || len(req.Messages) != 2 ||
		req.Messages[0].Role != "system" || req.Messages[1].Role != "user" {
		t.Errorf("request %+v", req)
	}
	user := req.Messages[1].Content
	s.mu.Lock()
	s.prompts[user] = req.Messages[0].Content
	s.mu.Unlock()
	answer := provFake(strings.TrimSpace(user))
	s.mu.Lock()
	if s.answer != nil {
		answer = s.answer(user)
	}
	s.mu.Unlock()
	provWriteJSON(t, w, map[string]any{
		"id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000, "model": req.Model,
		"choices": []any{map[string]any{"index": 0, "message": map[string]string{"role": "assistant", "content": answer}, "finish_reason": "stop"}},
		"usage":   map[string]int{"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
	})
}

func (s *openAIServer) prompt(user string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.prompts[user]
}

func newTestOpenAI(t *testing.T, base string, concurrency int) *OpenAI {
	retry, _ := provRetry()
	p, err := NewOpenAI(OpenAIConfig{BaseURL: base, APIKey: openAITestKey, Model: "test-model", Concurrency: concurrency, Retry: retry})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestOpenAITranslatesEachSegment(t *testing.T) {
	s, srv := newOpenAIServer(t)
	p := newTestOpenAI(t, srv.URL+"/v1/", 3)
	segs := provSegments(12, "Segment %d about Guwahati.")
	segs[4] = Segment{ID: "blank", Text: " \n"}
	segs[5] = Segment{ID: "ph", Text: "Flood in ⟦1⟧Assam⟦/1⟧ ", IsHTML: true}
	req := provReq(segs...)
	req.Glossary = []Term{{"Guwahati", "গুৱাহাটী"}, {"Assam", "অসম"}, {"Dispur", "দিছপুৰ"}}
	got, err := p.Translate(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	// The server drops the trailing space of segment 5, as models do; it is put back.
	provCheck(t, segs, got)
	s.mu.Lock()
	maxFlight := s.maxFlight
	s.mu.Unlock()
	if maxFlight > 3 || maxFlight < 2 {
		t.Errorf("%d requests at once, want 2–3", maxFlight)
	}
	prompt := s.prompt(segs[0].Text)
	for _, want := range []string{"English", "Assamese (অসমীয়া)", "ৰ", "ৱ", "never the Bengali র", "HTML tag and attribute", "⟦1⟧…⟦/1⟧", "Guwahati = গুৱাহাটী"} {
		if !strings.Contains(prompt, want) {
			t.Errorf("system prompt lacks %q:\n%s", want, prompt)
		}
	}
	if strings.Contains(prompt, "Dispur") || strings.Contains(prompt, "Assam =") {
		t.Errorf("system prompt has terms the segment lacks:\n%s", prompt)
	}
	if p := s.prompt("Flood in ⟦1⟧Assam⟦/1⟧ "); !strings.Contains(p, "Assam = অসম") {
		t.Errorf("prompt for the placeholder segment:\n%s", p)
	}
	if p.Name() != "openai" || p.Model() != "test-model" || p.HTML() {
		t.Errorf("Name %q Model %q HTML %v", p.Name(), p.Model(), p.HTML())
	}
}

func TestOpenAIReverseDirectionPrompt(t *testing.T) {
	s, srv := newOpenAIServer(t)
	p := newTestOpenAI(t, srv.URL, 1)
	if _, err := p.Translate(context.Background(), Request{Segments: []Segment{{ID: "1", Text: "অসমৰ খবৰ"}},
		Source: locale.Assamese, Target: locale.English}); err != nil {
		t.Fatal(err)
	}
	prompt := s.prompt("অসমৰ খবৰ")
	if !strings.Contains(prompt, "from Assamese (অসমীয়া) to English") || strings.Contains(prompt, "never") {
		t.Errorf("prompt %q", prompt)
	}
}

func TestOpenAIAnswerCleanup(t *testing.T) {
	s, srv := newOpenAIServer(t)
	s.mu.Lock()
	s.answer = func(user string) string { return "```html\n<p>অসম</p>\n```" }
	s.mu.Unlock()
	p := newTestOpenAI(t, srv.URL, 1)
	got, err := p.Translate(context.Background(), provReq(Segment{ID: "1", Text: "<p>Assam</p>"}))
	if err != nil || got[0] != "<p>অসম</p>" {
		t.Errorf("got %q, %v", got, err)
	}
}

func TestOpenAIErrors(t *testing.T) {
	completion := func(content, finish string) func(http.ResponseWriter) {
		return provRespond(200, nil, fmt.Sprintf(`{"choices":[{"index":0,"message":{"role":"assistant","content":%q},"finish_reason":%q}]}`, content, finish))
	}
	tests := []struct {
		name    string
		key     string
		answer  func(http.ResponseWriter)
		kind    error
		message string
		calls   int
	}{
		{name: "bad key", key: "sk-wrong-9876543210zyxwvuts", kind: ErrAuth, calls: 1,
			message: "Incorrect API key provided: [redacted]. You can find your API key at https://platform.openai.com/account/api-keys."},
		{name: "insufficient quota is not retried", kind: ErrQuota, calls: 1,
			message: "You exceeded your current quota, please check your plan and billing details.",
			answer:  provRespond(429, nil, `{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}`)},
		{name: "rate limit after retries", kind: ErrQuota, calls: 3,
			answer: provRespond(429, nil, `{"error":{"message":"Rate limit reached for requests","type":"requests","param":null,"code":"rate_limit_exceeded"}}`)},
		{name: "context length", kind: ErrTooLarge, calls: 1,
			answer: provRespond(400, nil, `{"error":{"message":"This model's maximum context length is 8192 tokens.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}`)},
		{name: "truncated answer", kind: ErrTooLarge, calls: 1, answer: completion("অসমৰ", "length")},
		{name: "filtered", kind: ErrBadResponse, calls: 1, answer: completion("", "content_filter")},
		{name: "empty answer", kind: ErrBadResponse, calls: 1, answer: completion("  ", "stop")},
		{name: "no choices", kind: ErrBadResponse, calls: 1, answer: provRespond(200, nil, `{"choices":[]}`)},
		{name: "malformed", kind: ErrBadResponse, calls: 1, answer: provRespond(200, nil, `{"choices":[{"message":`)},
		{name: "5xx after retries", kind: ErrUnavailable, calls: 3,
			answer: provRespond(500, nil, `{"error":{"message":"The server had an error while processing your request.","type":"server_error","param":null,"code":null}}`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, srv := newOpenAIServer(t)
			s.script.reset(tt.answer)
			retry, _ := provRetry()
			key := openAITestKey
			if tt.key != "" {
				key = tt.key
			}
			p, err := NewOpenAI(OpenAIConfig{BaseURL: srv.URL, APIKey: key, Model: "test-model", Retry: retry})
			if err != nil {
				t.Fatal(err)
			}
			_, err = p.Translate(context.Background(), provReq(provSegments(1, "s%d")...))
			perr := provWantErr(t, err, "openai", tt.kind, key)
			if tt.message != "" && perr.Message != tt.message {
				t.Errorf("message %q, want %q", perr.Message, tt.message)
			}
			if calls := s.script.count(); tt.key == "" && calls != tt.calls {
				t.Errorf("%d calls, want %d", calls, tt.calls)
			}
		})
	}
}

func TestOpenAIRetryAfterThenSuccess(t *testing.T) {
	s, srv := newOpenAIServer(t)
	s.script.reset(nil,
		provRespond(429, map[string]string{"Retry-After": "2"}, `{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}`),
		provRespond(502, nil, "<html>Bad Gateway</html>"))
	retry, waits := provRetry()
	p, err := NewOpenAI(OpenAIConfig{BaseURL: srv.URL, APIKey: openAITestKey, Model: "test-model", Retry: retry})
	if err != nil {
		t.Fatal(err)
	}
	segs := provSegments(1, "s%d")
	got, err := p.Translate(context.Background(), provReq(segs...))
	if err != nil {
		t.Fatal(err)
	}
	provCheck(t, segs, got)
	if w := waits.all(); len(w) != 2 || w[0] != 2*time.Second {
		t.Errorf("waits %v", w)
	}
}

func TestOpenAIStopsAtFirstError(t *testing.T) {
	s, srv := newOpenAIServer(t)
	s.script.reset(provRespond(401, nil, `{"error":{"message":"revoked","type":"invalid_request_error","code":"invalid_api_key"}}`))
	p := newTestOpenAI(t, srv.URL, 2)
	_, err := p.Translate(context.Background(), provReq(provSegments(50, "s%d")...))
	provWantErr(t, err, "openai", ErrAuth)
	if n := s.script.count(); n > 4 {
		t.Errorf("%d requests after the first failure", n)
	}
}

func TestOpenAIContextCancelled(t *testing.T) {
	ctx, block := provCancel(t)
	srv := httptest.NewServer(block)
	defer srv.Close()
	p := newTestOpenAI(t, srv.URL, 4)
	start := time.Now()
	_, err := p.Translate(ctx, provReq(provSegments(8, "s%d")...))
	provWantCanceled(t, start, err)
	if _, err := NewOpenAI(OpenAIConfig{}); err == nil {
		t.Error("no model accepted")
	}
}
