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

const (
	bhashiniTestUser    = "user-42"
	bhashiniTestKey     = "ulca-key-0123456789abcdef"
	bhashiniTestService = "ai4bharat/indictrans-v2-all-gpu--t4"
	bhashiniConfigPath  = "/ulca/apis/v0/model/getModelsPipeline"
	bhashiniComputePath = "/services/inference/pipeline"
)

// bhashiniServer implements the ULCA config call and the Dhruva compute call.
type bhashiniServer struct {
	t       *testing.T
	srv     *httptest.Server
	compute provScript // canned compute answers

	mu         sync.Mutex
	configs    int    // config calls made
	validKey   string // the inference key the compute call accepts
	batchSizes []int
}

func newBhashiniServer(t *testing.T) *bhashiniServer {
	b := &bhashiniServer{t: t}
	b.srv = httptest.NewServer(b)
	t.Cleanup(b.srv.Close)
	return b
}

type bhashiniTestTask struct {
	TaskType string `json:"taskType"`
	Config   struct {
		Language struct {
			SourceLanguage string `json:"sourceLanguage"`
			TargetLanguage string `json:"targetLanguage"`
		} `json:"language"`
		ServiceID string `json:"serviceId"`
	} `json:"config"`
}

func (b *bhashiniServer) checkTask(tasks []bhashiniTestTask, serviceID string) {
	if len(tasks) != 1 || tasks[0].TaskType != "translation" || tasks[0].Config.Language.SourceLanguage != "en" ||
		tasks[0].Config.Language.TargetLanguage != "as" || tasks[0].Config.ServiceID != serviceID {
		b.t.Errorf("pipelineTasks %+v", tasks)
	}
}

func (b *bhashiniServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	t := b.t
	if r.Method != http.MethodPost {
		t.Errorf("method %s", r.Method)
	}
	switch r.URL.Path {
	case bhashiniConfigPath:
		if r.Header.Get("userID") != bhashiniTestUser || r.Header.Get("ulcaApiKey") != bhashiniTestKey {
			provRespond(401, nil, `{"message":"Invalid userID or ulcaApiKey"}`)(w)
			return
		}
		var req struct {
			PipelineTasks         []bhashiniTestTask `json:"pipelineTasks"`
			PipelineRequestConfig struct {
				PipelineID string `json:"pipelineId"`
			} `json:"pipelineRequestConfig"`
		}
		if !provDecode(t, r, &req) {
			return
		}
		b.checkTask(req.PipelineTasks, "")
		if req.PipelineRequestConfig.PipelineID != BhashiniPipelineID {
			t.Errorf("pipelineId %q", req.PipelineRequestConfig.PipelineID)
		}
		b.mu.Lock()
		b.configs++
		b.validKey = fmt.Sprintf("inference-key-%d", b.configs)
		key := b.validKey
		b.mu.Unlock()
		fmt.Fprintf(w, `{"languages":[{"sourceLanguage":"en","targetLanguageList":["as","hi"]}],
			"pipelineResponseConfig":[{"taskType":"translation","config":[
				{"serviceId":"other/service","modelId":"m0","language":{"sourceLanguage":"en","targetLanguage":"hi"}},
				{"serviceId":%q,"modelId":"m1","language":{"sourceLanguage":"en","sourceScriptCode":"Latn","targetLanguage":"as","targetScriptCode":"Beng"}}]}],
			"pipelineInferenceAPIEndPoint":{"callbackUrl":%q,
				"inferenceApiKey":{"name":"Authorization","value":%q},"isMultilingualEnabled":true,"isSyncApi":true}}`,
			bhashiniTestService, b.srv.URL+bhashiniComputePath, key)
	case bhashiniComputePath:
		b.mu.Lock()
		valid := r.Header.Get("Authorization") == b.validKey
		b.mu.Unlock()
		if !valid {
			provRespond(401, nil, `{"detail":{"message":"Invalid API key"}}`)(w)
			return
		}
		if f := b.compute.next(); f != nil {
			f(w)
			return
		}
		var req struct {
			PipelineTasks []bhashiniTestTask `json:"pipelineTasks"`
			InputData     struct {
				Input []struct {
					Source string `json:"source"`
				} `json:"input"`
			} `json:"inputData"`
		}
		if !provDecode(t, r, &req) {
			return
		}
		b.checkTask(req.PipelineTasks, bhashiniTestService)
		type out struct {
			Source string `json:"source"`
			Target string `json:"target"`
		}
		var outs []out
		for _, in := range req.InputData.Input {
			outs = append(outs, out{in.Source, provFake(in.Source)})
		}
		b.mu.Lock()
		b.batchSizes = append(b.batchSizes, len(outs))
		b.mu.Unlock()
		provWriteJSON(t, w, map[string]any{"pipelineResponse": []any{map[string]any{"taskType": "translation", "output": outs}}})
	default:
		t.Errorf("unexpected %s", r.URL.Path)
		http.NotFound(w, r)
	}
}

func (b *bhashiniServer) rotateKey() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.validKey = "rotated"
}

func (b *bhashiniServer) counts() (configs int, batches []int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.configs, append([]int(nil), b.batchSizes...)
}

func newTestBhashini(t *testing.T, b *bhashiniServer, batch int) *Bhashini {
	retry, _ := provRetry()
	p, err := NewBhashini(BhashiniConfig{UserID: bhashiniTestUser, APIKey: bhashiniTestKey,
		ConfigURL: b.srv.URL + bhashiniConfigPath, BatchSize: batch, Retry: retry})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBhashiniConfigCachedAndBatches(t *testing.T) {
	b := newBhashiniServer(t)
	p := newTestBhashini(t, b, 2)
	segs := provSegments(5, "Sentence %d.")
	segs[1].IsHTML = true // protected already: plain text for Bhashini
	for range 2 {
		got, err := p.Translate(context.Background(), provReq(segs...))
		if err != nil {
			t.Fatal(err)
		}
		provCheck(t, segs, got)
	}
	configs, batches := b.counts()
	if configs != 1 || fmt.Sprint(batches) != "[2 2 1 2 2 1]" {
		t.Errorf("%d config calls, batches %v", configs, batches)
	}
	if p.Name() != "bhashini" || p.HTML() || p.Model() != "pipeline/"+BhashiniPipelineID {
		t.Errorf("Name %q HTML %v Model %q", p.Name(), p.HTML(), p.Model())
	}
}

func TestBhashiniRenewsInferenceKey(t *testing.T) {
	b := newBhashiniServer(t)
	p := newTestBhashini(t, b, 0)
	segs := provSegments(3, "s%d")
	if _, err := p.Translate(context.Background(), provReq(segs...)); err != nil {
		t.Fatal(err)
	}
	b.rotateKey()
	got, err := p.Translate(context.Background(), provReq(segs...))
	if err != nil {
		t.Fatal(err)
	}
	provCheck(t, segs, got)
	if configs, _ := b.counts(); configs != 2 {
		t.Errorf("%d config calls, want 2", configs)
	}
}

func TestBhashiniErrors(t *testing.T) {
	t.Run("bad ULCA key", func(t *testing.T) {
		b := newBhashiniServer(t)
		retry, _ := provRetry()
		key := "ulca-wrong-key-9876543210"
		p, err := NewBhashini(BhashiniConfig{UserID: bhashiniTestUser, APIKey: key, ConfigURL: b.srv.URL + bhashiniConfigPath, Retry: retry})
		if err != nil {
			t.Fatal(err)
		}
		_, err = p.Translate(context.Background(), provReq(provSegments(1, "s%d")...))
		perr := provWantErr(t, err, "bhashini", ErrAuth, key)
		if perr.Message != "Invalid userID or ulcaApiKey" {
			t.Errorf("message %q", perr.Message)
		}
	})
	tests := []struct {
		name   string
		answer func(http.ResponseWriter)
		kind   error
		calls  int
	}{
		{"5xx after retries", provRespond(503, nil, `{"detail":"Service Unavailable"}`), ErrUnavailable, 3},
		{"malformed", provRespond(200, nil, `{"pipelineResponse":[{"output":[{"target":`), ErrBadResponse, 1},
		{"no pipelineResponse", provRespond(200, nil, `{"pipelineResponse":[]}`), ErrBadResponse, 1},
		{"missing outputs", provRespond(200, nil, `{"pipelineResponse":[{"taskType":"translation","output":[{"source":"s0","target":"x"}]}]}`), ErrBadResponse, 1},
		{"inference key echoed", provRespond(400, nil, `{"detail":{"message":"bad request with key inference-key-1"}}`), ErrBadResponse, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBhashiniServer(t)
			b.compute.reset(tt.answer)
			p := newTestBhashini(t, b, 0)
			_, err := p.Translate(context.Background(), provReq(provSegments(2, "s%d")...))
			provWantErr(t, err, "bhashini", tt.kind, bhashiniTestKey, "inference-key-1")
			if b.compute.count() != tt.calls {
				t.Errorf("%d compute calls, want %d", b.compute.count(), tt.calls)
			}
		})
	}
	t.Run("5xx then success", func(t *testing.T) {
		b := newBhashiniServer(t)
		b.compute.reset(nil, provRespond(502, nil, ""), provRespond(504, nil, ""))
		p := newTestBhashini(t, b, 0)
		segs := provSegments(2, "s%d")
		got, err := p.Translate(context.Background(), provReq(segs...))
		if err != nil {
			t.Fatal(err)
		}
		provCheck(t, segs, got)
	})
	t.Run("config without a service", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `{"pipelineResponseConfig":[],"pipelineInferenceAPIEndPoint":{"callbackUrl":"http://x","inferenceApiKey":{"name":"Authorization","value":"k"}}}`)
		}))
		defer srv.Close()
		retry, _ := provRetry()
		p, _ := NewBhashini(BhashiniConfig{UserID: "u", APIKey: bhashiniTestKey, ConfigURL: srv.URL, Retry: retry})
		_, err := p.Translate(context.Background(), provReq(provSegments(1, "s%d")...))
		provWantErr(t, err, "bhashini", ErrBadResponse)
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, block := provCancel(t)
		srv := httptest.NewServer(block)
		defer srv.Close()
		retry, _ := provRetry()
		p, _ := NewBhashini(BhashiniConfig{UserID: "u", APIKey: bhashiniTestKey, ConfigURL: srv.URL, Retry: retry})
		start := time.Now()
		_, err := p.Translate(ctx, provReq(provSegments(1, "s%d")...))
		provWantCanceled(t, start, err)
	})
	if _, err := NewBhashini(BhashiniConfig{}); err == nil {
		t.Error("empty config accepted")
	}
}
