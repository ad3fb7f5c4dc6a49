package translation

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/batori-news/batori/internal/locale"
)

const googleTestKey = "AIzaSy-test-key-0123456789"

// googleV2Server implements POST /language/translate/v2?key=… as Google documents it.
type googleV2Server struct {
	t      *testing.T
	script provScript
	mu     sync.Mutex
	got    []googleV2Request
}

func newGoogleV2Server(t *testing.T) (*googleV2Server, *httptest.Server) {
	g := &googleV2Server{t: t}
	srv := httptest.NewServer(g)
	t.Cleanup(srv.Close)
	return g, srv
}

func (g *googleV2Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	t := g.t
	if r.Method != http.MethodPost || r.URL.Path != "/language/translate/v2" {
		t.Errorf("%s %s, want POST /language/translate/v2", r.Method, r.URL.Path)
		http.NotFound(w, r)
		return
	}
	if f := g.script.next(); f != nil {
		f(w)
		return
	}
	if key := r.URL.Query().Get("key"); key != googleTestKey {
		provRespond(400, nil, `{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.",`+
			`"errors":[{"message":"API key not valid. Please pass a valid API key.","domain":"global","reason":"badRequest"}],`+
			`"status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID"}]}}`)(w)
		return
	}
	if r.ContentLength > 100_000 {
		t.Errorf("request of %d bytes, over Basic's 100K", r.ContentLength)
	}
	var req googleV2Request
	if !provDecode(t, r, &req) {
		w.WriteHeader(400)
		return
	}
	if req.Source != "en" || req.Target != "as" || req.Model != "nmt" || req.Format != "html" && req.Format != "text" {
		t.Errorf("source %q target %q model %q format %q", req.Source, req.Target, req.Model, req.Format)
	}
	chars := 0
	for _, q := range req.Q {
		chars += utf8.RuneCountInString(q)
	}
	if len(req.Q) > 128 || len(req.Q) > 1 && chars > 5000 {
		t.Errorf("batch of %d strings, %d code points", len(req.Q), chars)
	}
	g.mu.Lock()
	g.got = append(g.got, req)
	g.mu.Unlock()
	type tr struct {
		TranslatedText string `json:"translatedText"`
		Model          string `json:"model"`
	}
	var resp struct {
		Data struct {
			Translations []tr `json:"translations"`
		} `json:"data"`
	}
	for _, q := range req.Q {
		resp.Data.Translations = append(resp.Data.Translations, tr{provFake(q), "nmt"})
	}
	provWriteJSON(t, w, resp)
}

func (g *googleV2Server) requests() []googleV2Request {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]googleV2Request(nil), g.got...)
}

func newTestGoogleV2(t *testing.T, base string) (*GoogleV2, *provWaitLog) {
	retry, waits := provRetry()
	g, err := NewGoogleV2(GoogleV2Config{APIKey: googleTestKey, BaseURL: base, Retry: retry})
	if err != nil {
		t.Fatal(err)
	}
	return g, waits
}

func TestGoogleV2BatchesOf128InOrder(t *testing.T) {
	g, srv := newGoogleV2Server(t)
	p, _ := newTestGoogleV2(t, srv.URL)
	segs := provSegments(300, "Segment %d of the story.")
	got, err := p.Translate(context.Background(), provReq(segs...))
	if err != nil {
		t.Fatal(err)
	}
	provCheck(t, segs, got)
	reqs := g.requests()
	if len(reqs) != 3 || len(reqs[0].Q) != 128 || len(reqs[1].Q) != 128 || len(reqs[2].Q) != 44 {
		t.Fatalf("%d requests", len(reqs))
	}
	if reqs[1].Q[0] != segs[128].Text || reqs[0].Format != "text" {
		t.Errorf("second batch starts with %q, format %q", reqs[1].Q[0], reqs[0].Format)
	}
	if p.Name() != "google-v2" || p.Model() != "nmt" || !p.HTML() {
		t.Errorf("Name %q Model %q HTML %v", p.Name(), p.Model(), p.HTML())
	}
}

func TestGoogleV2FormatsAndBlankSegments(t *testing.T) {
	g, srv := newGoogleV2Server(t)
	p, _ := newTestGoogleV2(t, srv.URL)
	segs := []Segment{
		{ID: "h", Text: `<p>Guwahati &amp; <a href="/x">Dispur</a></p>`, IsHTML: true},
		{ID: "t", Text: "Rain in Assam"},
		{ID: "blank", Text: "  "},
		{ID: "h2", Text: "<p>Second</p>", IsHTML: true},
	}
	got, err := p.Translate(context.Background(), provReq(segs...))
	if err != nil {
		t.Fatal(err)
	}
	provCheck(t, segs, got)
	formats := map[string][]string{}
	for _, r := range g.requests() {
		formats[r.Format] = append(formats[r.Format], r.Q...)
	}
	if len(formats["html"]) != 2 || len(formats["text"]) != 1 || formats["html"][0] != segs[0].Text {
		t.Errorf("requests by format: %q", formats)
	}
}

func TestGoogleV2BatchesByCodePoints(t *testing.T) {
	g, srv := newGoogleV2Server(t)
	p, _ := newTestGoogleV2(t, srv.URL)
	para := strings.Repeat("অসম ", 500) // 2,000 code points, 6,000 bytes
	long := strings.Repeat("a", 6000)   // over the recommended 5K: goes alone
	segs := []Segment{{ID: "1", Text: para}, {ID: "2", Text: para}, {ID: "3", Text: para}, {ID: "4", Text: long}, {ID: "5", Text: "end"}}
	got, err := p.Translate(context.Background(), provReq(segs...))
	if err != nil {
		t.Fatal(err)
	}
	provCheck(t, segs, got)
	var sizes []int
	for _, r := range g.requests() {
		sizes = append(sizes, len(r.Q))
	}
	if len(sizes) != 4 || sizes[0] != 2 || sizes[1] != 1 || sizes[2] != 1 || sizes[3] != 1 {
		t.Errorf("batch sizes %v, want [2 1 1 1]", sizes)
	}

	_, err = p.Translate(context.Background(), provReq(Segment{ID: "huge", Text: strings.Repeat("অ", 40_000)}))
	perr := provWantErr(t, err, "google-v2", ErrTooLarge)
	if !strings.Contains(perr.Message, `"huge"`) {
		t.Errorf("message %q does not name the segment", perr.Message)
	}
	if len(g.requests()) != 4 {
		t.Error("a segment over 100K bytes was sent")
	}
}

func TestGoogleV2RetryAfterThenSuccess(t *testing.T) {
	g, srv := newGoogleV2Server(t)
	g.script.before = []func(http.ResponseWriter){
		provRespond(429, map[string]string{"Retry-After": "3"}, `{"error":{"code":429,"message":"Rate Limit Exceeded","status":"RESOURCE_EXHAUSTED"}}`),
		provRespond(503, nil, `{"error":{"code":503,"message":"The service is currently unavailable.","status":"UNAVAILABLE"}}`),
	}
	p, waits := newTestGoogleV2(t, srv.URL)
	segs := provSegments(2, "s%d")
	got, err := p.Translate(context.Background(), provReq(segs...))
	if err != nil {
		t.Fatal(err)
	}
	provCheck(t, segs, got)
	w := waits.all()
	if g.script.count() != 3 || len(w) != 2 || w[0] != 3*time.Second || w[1] > 2*time.Millisecond {
		t.Errorf("%d calls, waits %v", g.script.count(), w)
	}
}

func TestGoogleV2Errors(t *testing.T) {
	tests := []struct {
		name    string
		answer  func(http.ResponseWriter)
		key     string
		kind    error
		message string
		calls   int
	}{
		{name: "bad key", key: "AIzaSy-wrong-key-9876543210", kind: ErrAuth, message: "API key not valid. Please pass a valid API key.", calls: 1},
		{name: "daily limit", kind: ErrQuota, message: "Daily Limit Exceeded", calls: 1,
			answer: provRespond(403, nil, `{"error":{"code":403,"message":"Daily Limit Exceeded","errors":[{"message":"Daily Limit Exceeded","domain":"usageLimits","reason":"dailyLimitExceeded"}]}}`)},
		{name: "user rate limit", kind: ErrQuota, message: "User Rate Limit Exceeded", calls: 1,
			answer: provRespond(403, nil, `{"error":{"code":403,"message":"User Rate Limit Exceeded","errors":[{"domain":"usageLimits","reason":"userRateLimitExceeded"}]}}`)},
		{name: "api disabled", kind: ErrAuth, calls: 1, message: "Cloud Translation API has not been used in project 1 before or it is disabled.",
			answer: provRespond(403, nil, `{"error":{"code":403,"message":"Cloud Translation API has not been used in project 1 before or it is disabled.","status":"PERMISSION_DENIED"}}`)},
		{name: "429 after retries", kind: ErrQuota, calls: 3, message: "Quota exceeded",
			answer: provRespond(429, nil, `{"error":{"code":429,"message":"Quota exceeded","status":"RESOURCE_EXHAUSTED"}}`)},
		{name: "5xx after retries", kind: ErrUnavailable, calls: 3, message: "Bad Gateway",
			answer: provRespond(502, nil, "")},
		{name: "too long", kind: ErrTooLarge, calls: 1, message: "Text too long",
			answer: provRespond(400, nil, `{"error":{"code":400,"message":"Text too long","status":"INVALID_ARGUMENT"}}`)},
		{name: "malformed", kind: ErrBadResponse, calls: 1,
			answer: provRespond(200, nil, `{"data":{"translations":[{"translatedText":`)},
		{name: "wrong count", kind: ErrBadResponse, calls: 1, message: "asked for 2 translations, got 1",
			answer: provRespond(200, nil, `{"data":{"translations":[{"translatedText":"x"}]}}`)},
		{name: "echoed key", kind: ErrAuth, calls: 1, message: "key [redacted] was revoked",
			answer: provRespond(401, nil, `{"error":{"code":401,"message":"key `+googleTestKey+` was revoked"}}`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, srv := newGoogleV2Server(t)
			g.script.always = tt.answer
			retry, _ := provRetry()
			key := googleTestKey
			if tt.key != "" {
				key = tt.key
			}
			p, err := NewGoogleV2(GoogleV2Config{APIKey: key, BaseURL: srv.URL, Retry: retry})
			if err != nil {
				t.Fatal(err)
			}
			_, err = p.Translate(context.Background(), provReq(provSegments(2, "s%d")...))
			perr := provWantErr(t, err, "google-v2", tt.kind, key)
			if tt.message != "" && perr.Message != tt.message {
				t.Errorf("message %q, want %q", perr.Message, tt.message)
			}
			if g.script.count() != tt.calls {
				t.Errorf("%d calls, want %d", g.script.count(), tt.calls)
			}
		})
	}
}

func TestGoogleV2ContextCancelled(t *testing.T) {
	ctx, block := provCancel(t)
	srv := httptest.NewServer(block)
	defer srv.Close()
	p, _ := newTestGoogleV2(t, srv.URL)
	start := time.Now()
	_, err := p.Translate(ctx, provReq(provSegments(1, "s%d")...))
	provWantCanceled(t, start, err)
}

func TestGoogleV2Config(t *testing.T) {
	if _, err := NewGoogleV2(GoogleV2Config{}); err == nil {
		t.Error("no key accepted")
	}
	p, _ := newTestGoogleV2(t, "http://127.0.0.1:1")
	_, err := p.Translate(context.Background(), Request{Segments: provSegments(1, "%d"), Source: locale.English, Target: "bn"})
	if err == nil || !strings.Contains(err.Error(), `"bn"`) {
		t.Errorf("unsupported language: %v", err)
	}
}
