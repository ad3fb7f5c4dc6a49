package translation

import (
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

const azureTestKey = "0123456789abcdef0123456789abcdef"

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// azureServer implements POST /translate?api-version=3.0 of Azure AI Translator.
type azureServer struct {
	t      *testing.T
	region string
	script provScript

	mu       sync.Mutex
	got      [][]azureText
	types    []string
	traceIDs []string
}

func newAzureServer(t *testing.T, region string) (*azureServer, *httptest.Server) {
	a := &azureServer{t: t, region: region}
	srv := httptest.NewServer(a)
	t.Cleanup(srv.Close)
	return a, srv
}

func (a *azureServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	t := a.t
	q := r.URL.Query()
	if r.Method != http.MethodPost || r.URL.Path != "/translate" || q.Get("api-version") != "3.0" ||
		q.Get("from") != "en" || q.Get("to") != "as" || q.Get("textType") != "html" && q.Get("textType") != "plain" {
		t.Errorf("%s %s", r.Method, r.URL)
	}
	trace := r.Header.Get("X-ClientTraceId")
	if !uuidRE.MatchString(trace) {
		t.Errorf("X-ClientTraceId %q", trace)
	}
	if got := r.Header.Get("Ocp-Apim-Subscription-Region"); got != a.region || a.region == "" && len(r.Header.Values("Ocp-Apim-Subscription-Region")) > 0 {
		t.Errorf("region header %q, want %q", got, a.region)
	}
	a.mu.Lock()
	a.traceIDs = append(a.traceIDs, trace)
	a.mu.Unlock()
	if r.Header.Get("Ocp-Apim-Subscription-Key") != azureTestKey {
		provRespond(401, nil, `{"error":{"code":401000,"message":"The request is not authorized because credentials are missing or invalid."}}`)(w)
		return
	}
	if f := a.script.next(); f != nil {
		f(w)
		return
	}
	var items []azureText
	if !provDecode(t, r, &items) {
		w.WriteHeader(400)
		return
	}
	chars := 0
	for _, it := range items {
		chars += utf8.RuneCountInString(it.Text)
	}
	if len(items) > 1000 || chars > 50_000 {
		t.Errorf("request of %d elements, %d characters", len(items), chars)
	}
	a.mu.Lock()
	a.got = append(a.got, items)
	a.types = append(a.types, q.Get("textType"))
	a.mu.Unlock()
	type tr struct {
		Text string `json:"text"`
		To   string `json:"to"`
	}
	type result struct {
		Translations []tr `json:"translations"`
	}
	var resp []result
	for _, it := range items {
		resp = append(resp, result{[]tr{{provFake(it.Text), "as"}}})
	}
	provWriteJSON(t, w, resp)
}

func (a *azureServer) requests() ([][]azureText, []string, []string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([][]azureText(nil), a.got...), append([]string(nil), a.types...), append([]string(nil), a.traceIDs...)
}

func newTestAzure(t *testing.T, base, region string) (*Azure, *provWaitLog) {
	retry, waits := provRetry()
	p, err := NewAzure(AzureConfig{APIKey: azureTestKey, Region: region, BaseURL: base, Retry: retry})
	if err != nil {
		t.Fatal(err)
	}
	return p, waits
}

func TestAzureBatchesAndFormats(t *testing.T) {
	a, srv := newAzureServer(t, "centralindia")
	p, _ := newTestAzure(t, srv.URL, "centralindia")
	segs := provSegments(2500, "Sentence %d.")
	segs[7] = Segment{ID: "html", Text: `<p>Flood in <b>Assam</b></p>`, IsHTML: true}
	got, err := p.Translate(context.Background(), provReq(segs...))
	if err != nil {
		t.Fatal(err)
	}
	provCheck(t, segs, got)
	reqs, types, _ := a.requests()
	if len(reqs) != 4 || len(reqs[0]) != 1000 || len(reqs[2]) != 499 || len(reqs[3]) != 1 ||
		types[0] != "plain" || types[3] != "html" {
		t.Errorf("%d requests, types %v", len(reqs), types)
	}
	if p.Name() != "azure" || p.Model() != "v3.0/general" || !p.HTML() {
		t.Errorf("Name %q Model %q HTML %v", p.Name(), p.Model(), p.HTML())
	}
}

func TestAzureBatchesBy50000Characters(t *testing.T) {
	a, srv := newAzureServer(t, "")
	p, _ := newTestAzure(t, srv.URL, "")
	para := strings.Repeat("অসম ", 5000) // 20,000 characters
	segs := []Segment{{ID: "1", Text: para}, {ID: "2", Text: para}, {ID: "3", Text: para}}
	got, err := p.Translate(context.Background(), provReq(segs...))
	if err != nil {
		t.Fatal(err)
	}
	provCheck(t, segs, got)
	if reqs, _, _ := a.requests(); len(reqs) != 2 || len(reqs[0]) != 2 {
		t.Errorf("%d requests", len(reqs))
	}
	_, err = p.Translate(context.Background(), provReq(Segment{ID: "big", Text: strings.Repeat("a", 50_001)}))
	provWantErr(t, err, "azure", ErrTooLarge)
}

func TestAzureRetriesKeepTraceID(t *testing.T) {
	a, srv := newAzureServer(t, "")
	a.script.reset(nil,
		provRespond(429, map[string]string{"Retry-After": "7"}, `{"error":{"code":429001,"message":"The server rejected the request because the client has exceeded request limits."}}`),
		provRespond(503, nil, `{"error":{"code":503000,"message":"Backend server is temporarily unavailable."}}`))
	p, waits := newTestAzure(t, srv.URL, "")
	segs := provSegments(3, "s%d")
	got, err := p.Translate(context.Background(), provReq(segs...))
	if err != nil {
		t.Fatal(err)
	}
	provCheck(t, segs, got)
	_, _, traces := a.requests()
	if len(traces) != 3 || traces[0] != traces[1] || traces[1] != traces[2] {
		t.Errorf("trace IDs %v", traces)
	}
	if w := waits.all(); len(w) != 2 || w[0] != 7*time.Second {
		t.Errorf("waits %v", w)
	}
}

func TestAzureErrors(t *testing.T) {
	tests := []struct {
		name    string
		key     string
		answer  func(http.ResponseWriter)
		kind    error
		message string
		calls   int
	}{
		{name: "bad key", key: "ffffffffffffffffffffffffffffffff", kind: ErrAuth, calls: 1,
			message: "The request is not authorized because credentials are missing or invalid. (code 401000)"},
		{name: "free quota", kind: ErrQuota, calls: 1, message: "The operation is not allowed because the subscription has exceeded its free quota. (code 403001)",
			answer: provRespond(403, nil, `{"error":{"code":403001,"message":"The operation is not allowed because the subscription has exceeded its free quota."}}`)},
		{name: "429 after retries", kind: ErrQuota, calls: 3,
			answer: provRespond(429, nil, `{"error":{"code":429000,"message":"The server rejected the request because the client has exceeded request limits."}}`)},
		{name: "text too long", kind: ErrTooLarge, calls: 1,
			answer: provRespond(400, nil, `{"error":{"code":400050,"message":"The input text is too long."}}`)},
		{name: "bad language", kind: ErrBadResponse, calls: 1, message: "The target language is not valid. (code 400036)",
			answer: provRespond(400, nil, `{"error":{"code":400036,"message":"The target language is not valid."}}`)},
		{name: "5xx after retries", kind: ErrUnavailable, calls: 3,
			answer: provRespond(500, nil, `{"error":{"code":500000,"message":"An unexpected error occurred."}}`)},
		{name: "malformed", kind: ErrBadResponse, calls: 1, answer: provRespond(200, nil, `[{"translations":[{"text":1}]}]`)},
		{name: "no translations", kind: ErrBadResponse, calls: 1, answer: provRespond(200, nil, `[{"translations":[]}]`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, srv := newAzureServer(t, "")
			a.script.reset(tt.answer)
			retry, _ := provRetry()
			key := azureTestKey
			if tt.key != "" {
				key = tt.key
			}
			p, err := NewAzure(AzureConfig{APIKey: key, BaseURL: srv.URL, Retry: retry})
			if err != nil {
				t.Fatal(err)
			}
			_, err = p.Translate(context.Background(), provReq(provSegments(1, "s%d")...))
			perr := provWantErr(t, err, "azure", tt.kind, key)
			if tt.message != "" && perr.Message != tt.message {
				t.Errorf("message %q, want %q", perr.Message, tt.message)
			}
			if _, _, traces := a.requests(); len(traces) != tt.calls {
				t.Errorf("%d calls, want %d", len(traces), tt.calls)
			}
		})
	}
}

func TestAzureDynamicDictionary(t *testing.T) {
	a, srv := newAzureServer(t, "")
	retry, _ := provRetry()
	p, err := NewAzure(AzureConfig{APIKey: azureTestKey, BaseURL: srv.URL, Retry: retry, Dictionary: true})
	if err != nil {
		t.Fatal(err)
	}
	req := provReq(
		Segment{ID: "1", Text: "Guwahati and Assam lead Assamese news; Guwahati again."},
		Segment{ID: "2", Text: "<p>Assam</p>", IsHTML: true},
	)
	req.Glossary = []Term{{"Assam", "অসম"}, {"Guwahati", "গুৱাহাটী"}, {"Bad", `x"y`}}
	if _, err := p.Translate(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	reqs, _, _ := a.requests()
	want := `<mstrans:dictionary translation="গুৱাহাটী">Guwahati</mstrans:dictionary> and ` +
		`<mstrans:dictionary translation="অসম">Assam</mstrans:dictionary> lead Assamese news; ` +
		`<mstrans:dictionary translation="গুৱাহাটী">Guwahati</mstrans:dictionary> again.`
	if len(reqs) != 2 || reqs[0][0].Text != want || reqs[1][0].Text != "<p>Assam</p>" {
		t.Errorf("sent %q", reqs)
	}
}

func TestAzureContextCancelled(t *testing.T) {
	ctx, block := provCancel(t)
	srv := httptest.NewServer(block)
	defer srv.Close()
	p, _ := newTestAzure(t, srv.URL, "")
	start := time.Now()
	_, err := p.Translate(ctx, provReq(provSegments(1, "s%d")...))
	provWantCanceled(t, start, err)
}
