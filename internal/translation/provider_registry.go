package translation

import (
	"fmt"
	"maps"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/batori-news/batori/internal/fielderr"
)

// ProviderField is one setting of a provider, for the newsroom's settings form.
type ProviderField struct {
	// Key is the setting's name in the stored configuration.
	Key string
	// Label is the form label.
	Label string
	// Help says where to find the value.
	Help string
	// Secret fields are shown masked and never sent back to the browser in full.
	Secret bool
	// Required fields must be set.
	Required bool
	// Default is used when the field is empty.
	Default string
	// Multiline fields take a pasted file, such as a service-account key.
	Multiline bool
}

// ProviderSpec describes a provider for the settings page.
type ProviderSpec struct {
	// Name is the configuration name NewProvider takes.
	Name string
	// Label names the engine for people.
	Label string
	// HTML reports whether the engine keeps markup itself.
	HTML bool
	// Fields are the provider's settings, in form order.
	Fields []ProviderField
}

// The settings every HTTP provider shares.
var (
	providerFieldTimeout  = ProviderField{Key: "timeout", Label: "Timeout per request", Help: "A Go duration such as 30s or 2m."}
	providerFieldAttempts = ProviderField{Key: "attempts", Label: "Attempts per request", Help: "Including the first; 429 and 5xx answers are retried with backoff.", Default: "4"}
)

// ProviderSpecs lists the providers and their settings.
//
//	name         required settings                  optional settings
//	google-v2    api_key                            base_url, model, timeout, attempts
//	google-v3    credentials_json (project_id when  project_id, location, model, token_url,
//	             the key file names none)           base_url, timeout, attempts
//	azure        api_key                            region, base_url, category, dictionary, timeout, attempts
//	bhashini     user_id, api_key                   config_url, pipeline_id, service_id, batch_size, timeout, attempts
//	indictrans2  base_url                           model, version, api_key, batch_size, timeout, attempts
//	openai       model                              base_url, api_key, max_tokens, concurrency, timeout, attempts
func ProviderSpecs() []ProviderSpec {
	return []ProviderSpec{
		{Name: "google-v2", Label: "Google Cloud Translation (Basic, v2)", HTML: true, Fields: []ProviderField{
			{Key: "api_key", Label: "API key", Help: "Google Cloud console → APIs & Services → Credentials.", Secret: true, Required: true},
			{Key: "model", Label: "Model", Help: "nmt or base.", Default: "nmt"},
			{Key: "base_url", Label: "Endpoint", Default: GoogleBaseURL},
			providerFieldTimeout, providerFieldAttempts,
		}},
		{Name: "google-v3", Label: "Google Cloud Translation (Advanced, v3)", HTML: true, Fields: []ProviderField{
			{Key: "credentials_json", Label: "Service-account key (JSON)", Help: "A key file of a service account with the Cloud Translation API User role.", Secret: true, Required: true, Multiline: true},
			{Key: "project_id", Label: "Project ID", Help: "Defaults to the key file's project."},
			{Key: "location", Label: "Location", Default: "global"},
			{Key: "model", Label: "Model", Help: "Empty for the default NMT model, or e.g. general/nmt."},
			{Key: "token_url", Label: "Token endpoint", Help: "Defaults to the key file's token_uri."},
			{Key: "base_url", Label: "Endpoint", Default: GoogleBaseURL},
			providerFieldTimeout, providerFieldAttempts,
		}},
		{Name: "azure", Label: "Microsoft Azure AI Translator", HTML: true, Fields: []ProviderField{
			{Key: "api_key", Label: "Resource key", Help: "Azure portal → the Translator resource → Keys and Endpoint.", Secret: true, Required: true},
			{Key: "region", Label: "Region", Help: "The resource's location, e.g. centralindia; empty for a global resource."},
			{Key: "base_url", Label: "Endpoint", Default: AzureBaseURL},
			{Key: "category", Label: "Custom Translator category", Help: "Empty for the general model."},
			{Key: "dictionary", Label: "Send glossary as dynamic dictionary", Help: "true or false; plain-text segments only.", Default: "false"},
			providerFieldTimeout, providerFieldAttempts,
		}},
		{Name: "bhashini", Label: "Bhashini (ULCA pipeline, IndicTrans2)", Fields: []ProviderField{
			{Key: "user_id", Label: "User ID", Help: "From the Bhashini profile.", Required: true},
			{Key: "api_key", Label: "ULCA API key", Help: "Generated in the Bhashini profile.", Secret: true, Required: true},
			{Key: "pipeline_id", Label: "Pipeline ID", Default: BhashiniPipelineID},
			{Key: "service_id", Label: "Service ID", Help: "Empty to use the one the pipeline names."},
			{Key: "config_url", Label: "Config endpoint", Default: BhashiniConfigURL},
			{Key: "batch_size", Label: "Segments per request", Default: "25"},
			providerFieldTimeout, providerFieldAttempts,
		}},
		{Name: "indictrans2", Label: "IndicTrans2 on Triton (self-hosted)", Fields: []ProviderField{
			{Key: "base_url", Label: "Triton URL", Help: "e.g. http://gpu-box:8000", Required: true},
			{Key: "model", Label: "Model name", Default: "nmt"},
			{Key: "version", Label: "Model version", Help: "Empty for the server's choice."},
			{Key: "api_key", Label: "Bearer token", Help: "Only if a proxy in front of Triton asks for one.", Secret: true},
			{Key: "batch_size", Label: "Segments per request", Default: strconv.Itoa(TritonMaxBatch)},
			providerFieldTimeout, providerFieldAttempts,
		}},
		{Name: "openai", Label: "OpenAI-compatible chat model", Fields: []ProviderField{
			{Key: "base_url", Label: "Endpoint", Help: "OpenAI, or a vLLM/Ollama server's address.", Default: OpenAIBaseURL},
			{Key: "api_key", Label: "API key", Secret: true},
			{Key: "model", Label: "Model", Required: true},
			{Key: "max_tokens", Label: "Most tokens per answer", Help: "Empty for the server's limit."},
			{Key: "concurrency", Label: "Requests at once", Default: "4"},
			providerFieldTimeout, providerFieldAttempts,
		}},
	}
}

// ProviderSpecFor returns the spec of the named provider.
func ProviderSpecFor(name string) (ProviderSpec, bool) {
	for _, s := range ProviderSpecs() {
		if s.Name == name {
			return s, true
		}
	}
	return ProviderSpec{}, false
}

// NewProvider builds the named provider from stored settings (keys as in ProviderSpecs; empty
// values take the defaults).
func NewProvider(name string, cfg map[string]string) (Provider, error) {
	spec, ok := ProviderSpecFor(name)
	if !ok {
		return nil, fmt.Errorf("translation: unknown provider %q", name)
	}
	r := providerSettingsReader{provider: name, cfg: cfg, bad: &fielderr.Error{}}
	for _, f := range spec.Fields {
		if f.Required && strings.TrimSpace(cfg[f.Key]) == "" {
			r.bad.Add(f.Key, fielderr.Required)
		}
	}
	timeout := r.duration("timeout")
	retry := RetryPolicy{Attempts: r.int("attempts")}
	var p Provider
	var err error
	switch name {
	case "google-v2":
		c := GoogleV2Config{APIKey: r.str("api_key"), Model: r.str("model"), BaseURL: r.str("base_url"), Timeout: timeout, Retry: retry}
		if err := r.err(); err != nil {
			return nil, err
		}
		p, err = NewGoogleV2(c)
	case "google-v3":
		c := GoogleV3Config{CredentialsJSON: []byte(r.str("credentials_json")), ProjectID: r.str("project_id"),
			Location: r.str("location"), Model: r.str("model"), TokenURL: r.str("token_url"),
			BaseURL: r.str("base_url"), Timeout: timeout, Retry: retry}
		if err := r.err(); err != nil {
			return nil, err
		}
		p, err = NewGoogleV3(c)
	case "azure":
		c := AzureConfig{APIKey: r.str("api_key"), Region: r.str("region"), BaseURL: r.str("base_url"),
			Category: r.str("category"), Dictionary: r.bool("dictionary"), Timeout: timeout, Retry: retry}
		if err := r.err(); err != nil {
			return nil, err
		}
		p, err = NewAzure(c)
	case "bhashini":
		c := BhashiniConfig{UserID: r.str("user_id"), APIKey: r.str("api_key"), ConfigURL: r.str("config_url"),
			PipelineID: r.str("pipeline_id"), ServiceID: r.str("service_id"), BatchSize: r.int("batch_size"),
			Timeout: timeout, Retry: retry}
		if err := r.err(); err != nil {
			return nil, err
		}
		p, err = NewBhashini(c)
	case "indictrans2":
		c := TritonConfig{BaseURL: r.str("base_url"), Model: r.str("model"), Version: r.str("version"),
			APIKey: r.str("api_key"), BatchSize: r.int("batch_size"), Timeout: timeout, Retry: retry}
		if err := r.err(); err != nil {
			return nil, err
		}
		p, err = NewTriton(c)
	case "openai":
		c := OpenAIConfig{BaseURL: r.str("base_url"), APIKey: r.str("api_key"), Model: r.str("model"),
			MaxTokens: r.int("max_tokens"), Concurrency: r.int("concurrency"), Timeout: timeout, Retry: retry}
		if err := r.err(); err != nil {
			return nil, err
		}
		p, err = NewOpenAI(c)
	}
	if err != nil {
		return nil, err
	}
	return p, nil
}

// providerSettingsReader parses stored settings, collecting problems by key.
type providerSettingsReader struct {
	provider string
	cfg      map[string]string
	bad      *fielderr.Error
}

func (r providerSettingsReader) str(key string) string { return strings.TrimSpace(r.cfg[key]) }

func (r providerSettingsReader) int(key string) int {
	s := r.str(key)
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		r.bad.Add(key, fielderr.NotNumber)
	}
	return n
}

func (r providerSettingsReader) bool(key string) bool {
	s := r.str(key)
	if s == "" {
		return false
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		r.bad.Add(key, fielderr.NotBool)
	}
	return b
}

func (r providerSettingsReader) duration(key string) time.Duration {
	s := r.str(key)
	if s == "" {
		return 0
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		r.bad.Add(key, fielderr.NotDuration)
	}
	return d
}

func (r providerSettingsReader) err() error {
	return providerConfigError(r.provider, r.bad)
}

// providerConfigError names the provider whose settings bad lists, or is nil when bad holds
// no problem; the handler finds the *fielderr.Error inside.
func providerConfigError(provider string, bad *fielderr.Error) error {
	if err := bad.OrNil(); err != nil {
		return fmt.Errorf("%s settings: %w", provider, err)
	}
	return nil
}

// Mask hides a secret for display: the last four characters of a long secret, nothing of a
// short one.
func Mask(secret string) string {
	if secret == "" {
		return ""
	}
	n := utf8.RuneCountInString(secret)
	if n < 16 || strings.ContainsAny(secret, "\n{") {
		return "••••••••"
	}
	r := []rune(secret)
	return "••••••••" + string(r[n-4:])
}

// MaskSettings returns a copy of a provider's settings with secret fields masked, for the form.
func MaskSettings(name string, cfg map[string]string) map[string]string {
	out := maps.Clone(cfg)
	if out == nil {
		out = map[string]string{}
	}
	spec, _ := ProviderSpecFor(name)
	for _, f := range spec.Fields {
		if f.Secret && out[f.Key] != "" {
			out[f.Key] = Mask(out[f.Key])
		}
	}
	return out
}

// MergeMaskedSettings returns submitted settings with each secret field that came back empty or
// still masked replaced by the stored value, so editing other fields keeps the secrets. (A
// secret is therefore removed by choosing another provider, which drops the old settings.)
func MergeMaskedSettings(name string, stored, submitted map[string]string) map[string]string {
	out := maps.Clone(submitted)
	if out == nil {
		out = map[string]string{}
	}
	spec, _ := ProviderSpecFor(name)
	for _, f := range spec.Fields {
		if !f.Secret {
			continue
		}
		if v := strings.TrimSpace(out[f.Key]); v == "" || v == Mask(stored[f.Key]) {
			out[f.Key] = stored[f.Key]
		}
	}
	return out
}
