package translation

import (
	"context"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/fielderr"
)

func TestRegistrySpecs(t *testing.T) {
	specs := ProviderSpecs()
	var names []string
	for _, s := range specs {
		names = append(names, s.Name)
		if s.Label == "" || len(s.Fields) == 0 {
			t.Errorf("%s: no label or fields", s.Name)
		}
		keys := map[string]bool{}
		for _, f := range s.Fields {
			if f.Key == "" || f.Label == "" || keys[f.Key] {
				t.Errorf("%s: field %+v empty or repeated", s.Name, f)
			}
			keys[f.Key] = true
			if strings.Contains(f.Key, "key") || strings.Contains(f.Key, "credentials") {
				if !f.Secret {
					t.Errorf("%s.%s is not secret", s.Name, f.Key)
				}
			}
		}
	}
	if got := strings.Join(names, " "); got != "google-v2 google-v3 azure bhashini indictrans2 openai" {
		t.Errorf("providers %s", got)
	}
	if _, ok := ProviderSpecFor("deepl"); ok {
		t.Error("unknown provider found")
	}
}

func TestRegistryNewProvider(t *testing.T) {
	_, creds := newGoogleV3Server(t)
	tests := []struct {
		name  string
		cfg   map[string]string
		model string
		html  bool
	}{
		{"google-v2", map[string]string{"api_key": "AIza-123"}, "nmt", true},
		{"google-v3", map[string]string{"credentials_json": string(creds), "model": "general/nmt"}, "general/nmt", true},
		{"azure", map[string]string{"api_key": "k", "region": "centralindia", "dictionary": "true", "timeout": "10s"}, "v3.0/general", true},
		{"bhashini", map[string]string{"user_id": "u", "api_key": "k", "batch_size": "10"}, "pipeline/" + BhashiniPipelineID, false},
		{"indictrans2", map[string]string{"base_url": "http://gpu:8000", "version": "3", "attempts": "2"}, "nmt/3", false},
		{"openai", map[string]string{"model": "gpt-4o", "concurrency": "2"}, "gpt-4o", false},
	}
	for _, tt := range tests {
		p, err := NewProvider(tt.name, tt.cfg)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if p.Name() != tt.name || p.Model() != tt.model || p.HTML() != tt.html {
			t.Errorf("%s: Name %q Model %q HTML %v", tt.name, p.Name(), p.Model(), p.HTML())
		}
		if spec, _ := ProviderSpecFor(tt.name); spec.HTML != p.HTML() {
			t.Errorf("%s: spec says HTML %v", tt.name, spec.HTML)
		}
	}
}

func TestRegistryConfigErrors(t *testing.T) {
	tests := []struct {
		name   string
		cfg    map[string]string
		fields []string
	}{
		{"google-v2", nil, []string{"api_key"}},
		{"google-v3", map[string]string{"credentials_json": "{}"}, []string{"credentials_json"}},
		{"azure", map[string]string{"timeout": "soon"}, []string{"api_key", "timeout"}},
		{"bhashini", map[string]string{"batch_size": "many"}, []string{"api_key", "batch_size", "user_id"}},
		{"indictrans2", map[string]string{"attempts": "-1"}, []string{"attempts", "base_url"}},
		{"openai", map[string]string{"base_url": "http://localhost:11434"}, []string{"model"}},
		{"azure", map[string]string{"api_key": "k", "dictionary": "maybe"}, []string{"dictionary"}},
	}
	for _, tt := range tests {
		_, err := NewProvider(tt.name, tt.cfg)
		cerr, ok := fielderr.As(err)
		if !ok {
			t.Errorf("%s %v: error %v", tt.name, tt.cfg, err)
			continue
		}
		var got []string
		for _, f := range tt.fields {
			if !cerr.Has(f) {
				t.Errorf("%s: no problem with %s in %v", tt.name, f, cerr)
			}
			got = append(got, f)
		}
		if len(cerr.Fields) != len(tt.fields) {
			t.Errorf("%s: problems %v, want %v", tt.name, cerr.Fields, got)
		}
		if !strings.HasPrefix(err.Error(), tt.name+" settings: ") {
			t.Errorf("error %q", err)
		}
	}
	_, err := NewProvider("azure", map[string]string{"api_key": "k", "timeout": "soon", "dictionary": "maybe"})
	if fielderr.CodeOf(err, "timeout") != fielderr.NotDuration || fielderr.CodeOf(err, "dictionary") != fielderr.NotBool {
		t.Errorf("azure with malformed settings: %v", err)
	}
	if _, err := NewProvider("deepl", nil); err == nil {
		t.Error("unknown provider built")
	}
}

func TestRegistryProviderTranslates(t *testing.T) {
	_, srv := newGoogleV2Server(t)
	p, err := NewProvider("google-v2", map[string]string{"api_key": googleTestKey, "base_url": srv.URL + "/", "attempts": "1"})
	if err != nil {
		t.Fatal(err)
	}
	segs := provSegments(2, "s%d")
	got, err := p.Translate(context.Background(), provReq(segs...))
	if err != nil {
		t.Fatal(err)
	}
	provCheck(t, segs, got)
}

func TestRegistryMask(t *testing.T) {
	for in, want := range map[string]string{
		"":                           "",
		"short":                      "••••••••",
		"AIzaSyD-0123456789abcdef":   "••••••••cdef",
		`{"type":"service_account"}`: "••••••••",
		"sk-অসমীয়া-0123456789-ৰৱ":         "••••••••9-ৰৱ",
		"0123456789abcdef0123456789abcdef": "••••••••cdef",
	} {
		if got := Mask(in); got != want {
			t.Errorf("Mask(%q) = %q, want %q", in, got, want)
		}
	}

	stored := map[string]string{"api_key": "0123456789abcdef0123456789abcdef", "region": "centralindia"}
	masked := MaskSettings("azure", stored)
	if masked["api_key"] != "••••••••cdef" || masked["region"] != "centralindia" || stored["api_key"] == masked["api_key"] {
		t.Errorf("masked %v (stored %v)", masked, stored)
	}
	// The form comes back with the mask untouched: the stored key stays.
	merged := MergeMaskedSettings("azure", stored, map[string]string{"api_key": masked["api_key"], "region": "eastus"})
	if merged["api_key"] != stored["api_key"] || merged["region"] != "eastus" {
		t.Errorf("merged %v", merged)
	}
	merged = MergeMaskedSettings("azure", stored, map[string]string{"api_key": "", "region": "eastus"})
	if merged["api_key"] != stored["api_key"] {
		t.Errorf("an empty secret dropped the stored one: %v", merged)
	}
	merged = MergeMaskedSettings("azure", stored, map[string]string{"api_key": "new-key-fedcba9876543210"})
	if merged["api_key"] != "new-key-fedcba9876543210" {
		t.Errorf("a new key was not taken: %v", merged)
	}
}
