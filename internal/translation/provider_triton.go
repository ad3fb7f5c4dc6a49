package translation

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/fielderr"
)

// TritonMaxBatch is max_batch_size of AI4Bharat's IndicTrans2 Triton model.
const TritonMaxBatch = 512

// TritonConfig configures AI4Bharat IndicTrans2 served by NVIDIA Triton (the repository's
// inference/triton_server), spoken to with the KServe v2 HTTP protocol.
type TritonConfig struct {
	// BaseURL is the Triton HTTP endpoint, e.g. http://gpu-box:8000.
	BaseURL string
	// Model is the Triton model name (default "nmt").
	Model string
	// Version optionally pins a model version.
	Version string
	// APIKey, when set, is sent as a bearer token to whatever proxy guards the server.
	APIKey string
	// BatchSize is the most segments per request (default and maximum TritonMaxBatch).
	BatchSize int
	// Timeout bounds each request (default 120s: long paragraphs on a busy GPU are slow).
	Timeout time.Duration
	// HTTPClient defaults to a fresh http.Client.
	HTTPClient *http.Client
	// Retry bounds retries of 429 and 5xx answers.
	Retry RetryPolicy
}

// Triton translates with IndicTrans2 on Triton. The model takes ISO codes ("en", "as") and
// plain-text paragraphs, which it splits into sentences itself.
type Triton struct {
	cfg   TritonConfig
	base  string
	model string // path of the model: "nmt" or "nmt/versions/2"
	http  *httpCaller
}

// NewTriton checks cfg and returns the provider.
func NewTriton(cfg TritonConfig) (*Triton, error) {
	base := providerBaseURL(cfg.BaseURL, "")
	if base == "" {
		return nil, providerConfigError("indictrans2", fielderr.New("base_url", fielderr.Required))
	}
	if cfg.Model == "" {
		cfg.Model = "nmt"
	}
	if cfg.BatchSize <= 0 || cfg.BatchSize > TritonMaxBatch {
		cfg.BatchSize = TritonMaxBatch
	}
	t := &Triton{cfg: cfg, base: base, model: url.PathEscape(cfg.Model)}
	if cfg.Version != "" {
		t.model += "/versions/" + url.PathEscape(cfg.Version)
	}
	t.http = newHTTPCaller(t.Name(), cfg.HTTPClient, providerDuration(cfg.Timeout, 120*time.Second), cfg.Retry)
	t.http.secrets = func() []string { return []string{cfg.APIKey} }
	return t, nil
}

// Name implements Provider.
func (t *Triton) Name() string { return "indictrans2" }

// Model implements Provider.
func (t *Triton) Model() string {
	if t.cfg.Version != "" {
		return t.cfg.Model + "/" + t.cfg.Version
	}
	return t.cfg.Model
}

// HTML implements Provider: IndicTrans2 takes plain text only.
func (t *Triton) HTML() bool { return false }

func (t *Triton) header() http.Header {
	h := http.Header{}
	if t.cfg.APIKey != "" {
		h.Set("Authorization", "Bearer "+t.cfg.APIKey)
	}
	return h
}

// Check reports whether the server and the model are ready (GET /v2/health/ready and
// /v2/models/{model}/ready), for the settings page and health checks. A server that answers
// but is not ready is ErrUnavailable.
func (t *Triton) Check(ctx context.Context) error {
	for _, path := range []string{"/v2/health/ready", "/v2/models/" + t.model + "/ready"} {
		_, err := t.http.do(ctx, http.MethodGet, t.base+path, t.header(), nil)
		var perr *ProviderError
		if errors.As(err, &perr) && !errors.Is(err, ErrAuth) {
			perr.Kind = ErrUnavailable
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// Translate implements Provider.
func (t *Triton) Translate(ctx context.Context, req Request) ([]string, error) {
	src, tgt, err := isoLangPair(t.Name(), req)
	if err != nil {
		return nil, err
	}
	endpoint := t.base + "/v2/models/" + t.model + "/infer"
	return translateInBatches(ctx, t.Name(), req.Segments, batchLimits{items: t.cfg.BatchSize}, false,
		func(ctx context.Context, texts []string, _ bool) ([]string, error) {
			n := len(texts)
			repeat := func(s string) []string {
				out := make([]string, n)
				for i := range out {
					out[i] = s
				}
				return out
			}
			body, err := providerJSON(tritonRequest{
				Inputs: []tritonTensor{
					{Name: "INPUT_TEXT", Shape: []int{n, 1}, Datatype: "BYTES", Data: texts},
					{Name: "INPUT_LANGUAGE_ID", Shape: []int{n, 1}, Datatype: "BYTES", Data: repeat(src)},
					{Name: "OUTPUT_LANGUAGE_ID", Shape: []int{n, 1}, Datatype: "BYTES", Data: repeat(tgt)},
				},
				Outputs: []tritonOutput{{Name: "OUTPUT_TEXT"}},
			})
			if err != nil {
				return nil, err
			}
			answer, err := t.http.postJSON(ctx, endpoint, t.header(), body)
			if err != nil {
				return nil, err
			}
			var resp struct {
				Outputs []struct {
					Name     string          `json:"name"`
					Datatype string          `json:"datatype"`
					Data     json.RawMessage `json:"data"`
				} `json:"outputs"`
			}
			if err := decodeProviderAnswer(t.http, answer, &resp); err != nil {
				return nil, err
			}
			for _, o := range resp.Outputs {
				if o.Name != "OUTPUT_TEXT" {
					continue
				}
				out, err := tritonStrings(o.Data)
				if err != nil {
					return nil, t.http.fail(ErrBadResponse, 200, "OUTPUT_TEXT: "+err.Error())
				}
				return out, nil
			}
			return nil, t.http.fail(ErrBadResponse, 200, "the answer has no OUTPUT_TEXT")
		})
}

type tritonRequest struct {
	Inputs  []tritonTensor `json:"inputs"`
	Outputs []tritonOutput `json:"outputs"`
}

type tritonTensor struct {
	Name     string   `json:"name"`
	Shape    []int    `json:"shape"`
	Datatype string   `json:"datatype"`
	Data     []string `json:"data"`
}

type tritonOutput struct {
	Name string `json:"name"`
}

// tritonStrings reads KServe v2 tensor data of strings: flat in row-major order (what Triton
// sends), or nested by shape (which the protocol also allows).
func tritonStrings(raw json.RawMessage) ([]string, error) {
	var flat []string
	if err := json.Unmarshal(raw, &flat); err == nil {
		return flat, nil
	}
	var nested []json.RawMessage
	if err := json.Unmarshal(raw, &nested); err != nil {
		return nil, fmt.Errorf("not an array of strings")
	}
	var out []string
	for _, n := range nested {
		if s := strings.TrimSpace(string(n)); strings.HasPrefix(s, "[") {
			inner, err := tritonStrings(n)
			if err != nil {
				return nil, err
			}
			out = append(out, inner...)
			continue
		}
		var s string
		if err := json.Unmarshal(n, &s); err != nil {
			return nil, fmt.Errorf("not an array of strings")
		}
		out = append(out, s)
	}
	return out, nil
}
