package translation

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/batori-news/batori/internal/fielderr"
)

// Bhashini's defaults: the ULCA config endpoint and the public pipeline that serves AI4Bharat
// IndicTrans2. Registration and URLs have moved over time, so both are configurable.
const (
	BhashiniConfigURL  = "https://meity-auth.ulcacontrib.org/ulca/apis/v0/model/getModelsPipeline"
	BhashiniPipelineID = "64392f96daac500b55c543cd"
)

// BhashiniConfig configures Bhashini's ULCA pipeline API (Government of India).
type BhashiniConfig struct {
	// UserID is the user ID from the Bhashini profile, sent as the userID header.
	UserID string
	// APIKey is the ULCA API key from the profile, sent as the ulcaApiKey header.
	APIKey string
	// ConfigURL defaults to BhashiniConfigURL.
	ConfigURL string
	// PipelineID defaults to BhashiniPipelineID.
	PipelineID string
	// ServiceID, when set, is used instead of the one the config call names.
	ServiceID string
	// BatchSize is the most segments per compute call (default 25; Bhashini documents no limit).
	BatchSize int
	// Timeout bounds each request (default 60s).
	Timeout time.Duration
	// HTTPClient defaults to a fresh http.Client.
	HTTPClient *http.Client
	// Retry bounds retries of 429 and 5xx answers.
	Retry RetryPolicy
}

// Bhashini translates with a Bhashini ULCA pipeline: a config call discovers the service and an
// inference key (cached per language pair), then compute calls translate plain text.
type Bhashini struct {
	cfg  BhashiniConfig
	http *httpCaller

	mu       sync.Mutex
	services map[[2]string]*bhashiniService
}

// bhashiniService is what the config call tells us for one language pair.
type bhashiniService struct {
	serviceID   string
	callbackURL string
	keyName     string
	keyValue    string
}

// NewBhashini checks cfg and returns the provider.
func NewBhashini(cfg BhashiniConfig) (*Bhashini, error) {
	cfg.UserID = strings.TrimSpace(cfg.UserID)
	cfg.APIKey = strings.TrimSpace(cfg.APIKey)
	var bad fielderr.Error
	bad.Required("user_id", cfg.UserID)
	bad.Required("api_key", cfg.APIKey)
	if err := providerConfigError("bhashini", &bad); err != nil {
		return nil, err
	}
	cfg.ConfigURL = providerBaseURL(cfg.ConfigURL, BhashiniConfigURL)
	if cfg.PipelineID == "" {
		cfg.PipelineID = BhashiniPipelineID
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 25
	}
	b := &Bhashini{cfg: cfg, services: map[[2]string]*bhashiniService{}}
	b.http = newHTTPCaller(b.Name(), cfg.HTTPClient, providerDuration(cfg.Timeout, 60*time.Second), cfg.Retry)
	b.http.secrets = b.secrets
	return b, nil
}

func (b *Bhashini) secrets() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := []string{b.cfg.APIKey}
	for _, svc := range b.services {
		s = append(s, svc.keyValue)
	}
	return s
}

// Name implements Provider.
func (b *Bhashini) Name() string { return "bhashini" }

// Model implements Provider: the service ID when configured, else the pipeline, which picks it.
func (b *Bhashini) Model() string {
	if b.cfg.ServiceID != "" {
		return b.cfg.ServiceID
	}
	return "pipeline/" + b.cfg.PipelineID
}

// HTML implements Provider: Bhashini takes plain text only.
func (b *Bhashini) HTML() bool { return false }

// Translate implements Provider.
func (b *Bhashini) Translate(ctx context.Context, req Request) ([]string, error) {
	src, tgt, err := isoLangPair(b.Name(), req)
	if err != nil {
		return nil, err
	}
	lim := batchLimits{items: b.cfg.BatchSize, chars: 5000}
	return translateInBatches(ctx, b.Name(), req.Segments, lim, false,
		func(ctx context.Context, texts []string, _ bool) ([]string, error) {
			svc, err := b.service(ctx, src, tgt)
			if err != nil {
				return nil, err
			}
			out, err := b.compute(ctx, svc, src, tgt, texts)
			// The inference key may have been rotated: ask for a new one once.
			if errors.Is(err, ErrAuth) {
				b.forget(src, tgt, svc)
				if svc, err = b.service(ctx, src, tgt); err != nil {
					return nil, err
				}
				out, err = b.compute(ctx, svc, src, tgt, texts)
			}
			return out, err
		})
}

type bhashiniLanguage struct {
	SourceLanguage string `json:"sourceLanguage"`
	TargetLanguage string `json:"targetLanguage"`
}

type bhashiniTask struct {
	TaskType string `json:"taskType"`
	Config   struct {
		Language  bhashiniLanguage `json:"language"`
		ServiceID string           `json:"serviceId,omitempty"`
	} `json:"config"`
}

func newBhashiniTask(src, tgt, serviceID string) bhashiniTask {
	t := bhashiniTask{TaskType: "translation"}
	t.Config.Language = bhashiniLanguage{SourceLanguage: src, TargetLanguage: tgt}
	t.Config.ServiceID = serviceID
	return t
}

// service returns the cached config for a language pair, making the config call when needed.
func (b *Bhashini) service(ctx context.Context, src, tgt string) (*bhashiniService, error) {
	b.mu.Lock()
	svc := b.services[[2]string{src, tgt}]
	b.mu.Unlock()
	if svc != nil {
		return svc, nil
	}
	type pipelineRequestConfig struct {
		PipelineID string `json:"pipelineId"`
	}
	body, err := providerJSON(struct {
		PipelineTasks         []bhashiniTask        `json:"pipelineTasks"`
		PipelineRequestConfig pipelineRequestConfig `json:"pipelineRequestConfig"`
	}{[]bhashiniTask{newBhashiniTask(src, tgt, "")}, pipelineRequestConfig{b.cfg.PipelineID}})
	if err != nil {
		return nil, err
	}
	h := http.Header{}
	h.Set("userID", b.cfg.UserID)
	h.Set("ulcaApiKey", b.cfg.APIKey)
	answer, err := b.http.postJSON(ctx, b.cfg.ConfigURL, h, body)
	if err != nil {
		return nil, err
	}
	var resp struct {
		PipelineResponseConfig []struct {
			TaskType string `json:"taskType"`
			Config   []struct {
				ServiceID string           `json:"serviceId"`
				Language  bhashiniLanguage `json:"language"`
			} `json:"config"`
		} `json:"pipelineResponseConfig"`
		Endpoint struct {
			CallbackURL     string `json:"callbackUrl"`
			InferenceAPIKey struct {
				Name  string `json:"name"`
				Value string `json:"value"`
			} `json:"inferenceApiKey"`
		} `json:"pipelineInferenceAPIEndPoint"`
	}
	if err := decodeProviderAnswer(b.http, answer, &resp); err != nil {
		return nil, err
	}
	svc = &bhashiniService{
		serviceID:   b.cfg.ServiceID,
		callbackURL: resp.Endpoint.CallbackURL,
		keyName:     resp.Endpoint.InferenceAPIKey.Name,
		keyValue:    resp.Endpoint.InferenceAPIKey.Value,
	}
	for _, task := range resp.PipelineResponseConfig {
		if task.TaskType != "translation" {
			continue
		}
		for _, c := range task.Config {
			if svc.serviceID == "" && c.Language.SourceLanguage == src && c.Language.TargetLanguage == tgt {
				svc.serviceID = c.ServiceID
			}
		}
	}
	switch {
	case svc.serviceID == "":
		return nil, b.http.fail(ErrBadResponse, 200, fmt.Sprintf("the pipeline offers no %s→%s translation service", src, tgt))
	case svc.callbackURL == "" || svc.keyName == "" || svc.keyValue == "":
		return nil, b.http.fail(ErrBadResponse, 200, "the config answer lacks the callback URL or inference key")
	}
	b.mu.Lock()
	b.services[[2]string{src, tgt}] = svc
	b.mu.Unlock()
	return svc, nil
}

// forget drops a cached config unless another call has already replaced it.
func (b *Bhashini) forget(src, tgt string, svc *bhashiniService) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.services[[2]string{src, tgt}] == svc {
		delete(b.services, [2]string{src, tgt})
	}
}

func (b *Bhashini) compute(ctx context.Context, svc *bhashiniService, src, tgt string, texts []string) ([]string, error) {
	type input struct {
		Source string `json:"source"`
	}
	in := make([]input, len(texts))
	for i, t := range texts {
		in[i].Source = t
	}
	var req struct {
		PipelineTasks []bhashiniTask `json:"pipelineTasks"`
		InputData     struct {
			Input []input `json:"input"`
		} `json:"inputData"`
	}
	req.PipelineTasks = []bhashiniTask{newBhashiniTask(src, tgt, svc.serviceID)}
	req.InputData.Input = in
	body, err := providerJSON(req)
	if err != nil {
		return nil, err
	}
	h := http.Header{}
	h.Set(svc.keyName, svc.keyValue)
	answer, err := b.http.postJSON(ctx, svc.callbackURL, h, body)
	if err != nil {
		return nil, err
	}
	var resp struct {
		PipelineResponse []struct {
			TaskType string `json:"taskType"`
			Output   []struct {
				Source string `json:"source"`
				Target string `json:"target"`
			} `json:"output"`
		} `json:"pipelineResponse"`
	}
	if err := decodeProviderAnswer(b.http, answer, &resp); err != nil {
		return nil, err
	}
	if len(resp.PipelineResponse) == 0 {
		return nil, b.http.fail(ErrBadResponse, 200, "the answer has no pipelineResponse")
	}
	out := make([]string, len(resp.PipelineResponse[0].Output))
	for i, o := range resp.PipelineResponse[0].Output {
		out[i] = o.Target
	}
	return out, nil
}
