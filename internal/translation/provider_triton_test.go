package translation

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// tritonServer implements Triton's KServe v2 HTTP endpoints for AI4Bharat's "nmt" model.
type tritonServer struct {
	t      *testing.T
	path   string // the infer path
	token  string // bearer token to require, if any
	script provScript
	ready  bool
	nested bool // answer with data nested by shape

	mu    sync.Mutex
	sizes []int
}

func newTritonServer(t *testing.T, path string) (*tritonServer, *httptest.Server) {
	s := &tritonServer{t: t, path: path, ready: true}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv
}

func (s *tritonServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	t := s.t
	s.mu.Lock()
	token, ready, nested := s.token, s.ready, s.nested
	s.mu.Unlock()
	if token != "" && r.Header.Get("Authorization") != "Bearer "+token {
		provRespond(401, nil, `{"error":"unauthorized"}`)(w)
		return
	}
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/v2/health/ready":
		if !ready {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		return
	case r.Method == http.MethodGet && r.URL.Path == "/v2/models/nmt/ready" || r.URL.Path == "/v2/models/nmt/versions/2/ready":
		return
	case r.Method == http.MethodGet && r.URL.Path == "/v2/models/other/ready":
		provRespond(400, nil, `{"error":"Request for unknown model: 'other' is not found"}`)(w)
		return
	case r.Method != http.MethodPost || r.URL.Path != s.path:
		t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
		http.NotFound(w, r)
		return
	}
	if f := s.script.next(); f != nil {
		f(w)
		return
	}
	var req tritonRequest
	if !provDecode(t, r, &req) {
		return
	}
	if len(req.Inputs) != 3 || len(req.Outputs) != 1 || req.Outputs[0].Name != "OUTPUT_TEXT" {
		t.Fatalf("request %+v", req)
	}
	n := len(req.Inputs[0].Data)
	if n > TritonMaxBatch {
		t.Errorf("batch of %d", n)
	}
	for i, want := range []struct{ name, lang string }{{"INPUT_TEXT", ""}, {"INPUT_LANGUAGE_ID", "en"}, {"OUTPUT_LANGUAGE_ID", "as"}} {
		in := req.Inputs[i]
		if in.Name != want.name || in.Datatype != "BYTES" || len(in.Shape) != 2 || in.Shape[0] != n || in.Shape[1] != 1 || len(in.Data) != n {
			t.Errorf("input %d: %s %s shape %v, %d values", i, in.Name, in.Datatype, in.Shape, len(in.Data))
		}
		for _, d := range in.Data {
			if want.lang != "" && d != want.lang {
				t.Errorf("%s = %q", in.Name, d)
			}
		}
	}
	out := make([]string, n)
	for i, text := range req.Inputs[0].Data {
		out[i] = provFake(text)
	}
	s.mu.Lock()
	s.sizes = append(s.sizes, n)
	s.mu.Unlock()
	var data any = out
	if nested {
		rows := make([][]string, n)
		for i := range out {
			rows[i] = []string{out[i]}
		}
		data = rows
	}
	provWriteJSON(t, w, map[string]any{"model_name": "nmt", "model_version": "1",
		"outputs": []any{map[string]any{"name": "OUTPUT_TEXT", "datatype": "BYTES", "shape": []int{n, 1}, "data": data}}})
}

func (s *tritonServer) batches() []int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]int(nil), s.sizes...)
}

func newTestTriton(t *testing.T, cfg TritonConfig) *Triton {
	cfg.Retry, _ = provRetry()
	p, err := NewTriton(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestTritonBatches(t *testing.T) {
	s, srv := newTritonServer(t, "/v2/models/nmt/infer")
	p := newTestTriton(t, TritonConfig{BaseURL: srv.URL})
	segs := provSegments(600, "Paragraph %d. It rained in Guwahati.")
	got, err := p.Translate(context.Background(), provReq(segs...))
	if err != nil {
		t.Fatal(err)
	}
	provCheck(t, segs, got)
	if b := s.batches(); fmt.Sprint(b) != "[512 88]" {
		t.Errorf("batches %v, want [512 88]", b)
	}
	if p.Name() != "indictrans2" || p.HTML() || p.Model() != "nmt" {
		t.Errorf("Name %q HTML %v Model %q", p.Name(), p.HTML(), p.Model())
	}

	small := newTestTriton(t, TritonConfig{BaseURL: srv.URL, BatchSize: 100})
	if _, err := small.Translate(context.Background(), provReq(segs[:250]...)); err != nil {
		t.Fatal(err)
	}
	if b := s.batches(); fmt.Sprint(b[2:]) != "[100 100 50]" {
		t.Errorf("batches %v", b)
	}
}

func TestTritonVersionTokenAndNestedData(t *testing.T) {
	s, srv := newTritonServer(t, "/v2/models/nmt/versions/2/infer")
	s.mu.Lock()
	s.token, s.nested = "proxy-token-0123456789", true
	s.mu.Unlock()
	p := newTestTriton(t, TritonConfig{BaseURL: srv.URL + "/", Version: "2", APIKey: "proxy-token-0123456789"})
	segs := provSegments(3, "s%d")
	got, err := p.Translate(context.Background(), provReq(segs...))
	if err != nil {
		t.Fatal(err)
	}
	provCheck(t, segs, got)
	if p.Model() != "nmt/2" {
		t.Errorf("Model %q", p.Model())
	}
	if err := p.Check(context.Background()); err != nil {
		t.Errorf("Check: %v", err)
	}

	wrong := newTestTriton(t, TritonConfig{BaseURL: srv.URL, Version: "2", APIKey: "wrong-token-0123456789"})
	_, err = wrong.Translate(context.Background(), provReq(segs...))
	provWantErr(t, err, "indictrans2", ErrAuth, "wrong-token-0123456789")
}

func TestTritonCheck(t *testing.T) {
	s, srv := newTritonServer(t, "/v2/models/nmt/infer")
	p := newTestTriton(t, TritonConfig{BaseURL: srv.URL})
	if err := p.Check(context.Background()); err != nil {
		t.Fatalf("Check: %v", err)
	}
	s.mu.Lock()
	s.ready = false
	s.mu.Unlock()
	provWantErr(t, p.Check(context.Background()), "indictrans2", ErrUnavailable)

	other := newTestTriton(t, TritonConfig{BaseURL: srv.URL, Model: "other"})
	s.mu.Lock()
	s.ready = true
	s.mu.Unlock()
	perr := provWantErr(t, other.Check(context.Background()), "indictrans2", ErrUnavailable)
	if perr.Message != "Request for unknown model: 'other' is not found" {
		t.Errorf("message %q", perr.Message)
	}

	srv.Close()
	provWantErr(t, p.Check(context.Background()), "indictrans2", ErrUnavailable)
}

func TestTritonErrors(t *testing.T) {
	tests := []struct {
		name    string
		answer  func(http.ResponseWriter)
		kind    error
		message string
		calls   int
	}{
		{"bad input", provRespond(400, nil, `{"error":"unexpected shape for input 'INPUT_TEXT' for model 'nmt'"}`), ErrBadResponse,
			"unexpected shape for input 'INPUT_TEXT' for model 'nmt'", 1},
		{"5xx after retries", provRespond(500, nil, `{"error":"CUDA out of memory"}`), ErrUnavailable, "CUDA out of memory", 3},
		{"malformed", provRespond(200, nil, `{"outputs":[{"name":"OUTPUT_TEXT","data":[1,2]}]}`), ErrBadResponse, "", 1},
		{"no output", provRespond(200, nil, `{"outputs":[]}`), ErrBadResponse, "the answer has no OUTPUT_TEXT", 1},
		{"short output", provRespond(200, nil, `{"outputs":[{"name":"OUTPUT_TEXT","data":["x"]}]}`), ErrBadResponse, "asked for 2 translations, got 1", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, srv := newTritonServer(t, "/v2/models/nmt/infer")
			s.script.reset(tt.answer)
			p := newTestTriton(t, TritonConfig{BaseURL: srv.URL})
			_, err := p.Translate(context.Background(), provReq(provSegments(2, "s%d")...))
			perr := provWantErr(t, err, "indictrans2", tt.kind)
			if tt.message != "" && perr.Message != tt.message {
				t.Errorf("message %q, want %q", perr.Message, tt.message)
			}
			if s.script.count() != tt.calls {
				t.Errorf("%d calls, want %d", s.script.count(), tt.calls)
			}
		})
	}
	t.Run("busy then success", func(t *testing.T) {
		s, srv := newTritonServer(t, "/v2/models/nmt/infer")
		s.script.reset(nil, provRespond(503, map[string]string{"Retry-After": "1"}, ""))
		p := newTestTriton(t, TritonConfig{BaseURL: srv.URL})
		segs := provSegments(2, "s%d")
		got, err := p.Translate(context.Background(), provReq(segs...))
		if err != nil {
			t.Fatal(err)
		}
		provCheck(t, segs, got)
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, block := provCancel(t)
		srv := httptest.NewServer(block)
		defer srv.Close()
		p := newTestTriton(t, TritonConfig{BaseURL: srv.URL})
		start := time.Now()
		_, err := p.Translate(ctx, provReq(provSegments(1, "s%d")...))
		provWantCanceled(t, start, err)
	})
	if _, err := NewTriton(TritonConfig{}); err == nil {
		t.Error("no base URL accepted")
	}
}
