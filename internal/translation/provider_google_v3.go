package translation

import (
	"cmp"
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/jwt"

	"github.com/batori-news/batori/internal/fielderr"
)

// GoogleTokenURL is Google's OAuth 2.0 token endpoint, used when a key file names none.
const GoogleTokenURL = "https://oauth2.googleapis.com/token"

// googleTranslationScope is the narrowest scope that allows translateText.
const googleTranslationScope = "https://www.googleapis.com/auth/cloud-translation"

// GoogleV3Config configures Google Cloud Translation v3 (Advanced), which takes OAuth 2.0 tokens
// only: from a service-account key file, or from TokenSource.
//
// Glossaries are not used: v3 glossaries are resources created beforehand in us-central1
// (not the global location used here); the newsroom glossary is applied after translation.
type GoogleV3Config struct {
	// CredentialsJSON is a service-account key file ("type": "service_account").
	CredentialsJSON []byte
	// TokenSource replaces CredentialsJSON, e.g. for workload identity.
	TokenSource oauth2.TokenSource
	// TokenURL overrides the key file's token_uri (tests).
	TokenURL string
	// ProjectID defaults to the key file's project_id.
	ProjectID string
	// Location defaults to "global".
	Location string
	// Model optionally names a model: "general/nmt", or a full "projects/…/models/…" name.
	Model string
	// BaseURL defaults to GoogleBaseURL.
	BaseURL string
	// Timeout bounds each request (default 30s).
	Timeout time.Duration
	// HTTPClient defaults to a fresh http.Client; it also fetches the tokens.
	HTTPClient *http.Client
	// Retry bounds retries of 429 and 5xx answers.
	Retry RetryPolicy
}

// GoogleV3 translates with Google Cloud Translation v3 (Advanced).
type GoogleV3 struct {
	cfg      GoogleV3Config
	endpoint string
	model    string // the full model resource name, or ""
	http     *httpCaller
}

// googleV3Limits: contents may hold 1024 strings and at most 30K code points in all.
var googleV3Limits = batchLimits{items: 1024, chars: 30_000, charsHard: true}

// serviceAccountKey holds the fields of a Google service-account key file we use.
type serviceAccountKey struct {
	Type         string `json:"type"`
	ProjectID    string `json:"project_id"`
	PrivateKeyID string `json:"private_key_id"`
	PrivateKey   string `json:"private_key"`
	ClientEmail  string `json:"client_email"`
	TokenURI     string `json:"token_uri"`
}

// NewGoogleV3 checks cfg, reads the key file and returns the provider.
func NewGoogleV3(cfg GoogleV3Config) (*GoogleV3, error) {
	const name = "google-v3"
	var bad fielderr.Error
	timeout := providerDuration(cfg.Timeout, 30*time.Second)
	ts := cfg.TokenSource
	var privateKey string
	if ts == nil {
		key, problem := parseServiceAccountKey(cfg.CredentialsJSON)
		if problem != "" {
			bad.Add("credentials_json", problem)
		} else {
			if cfg.ProjectID == "" {
				cfg.ProjectID = key.ProjectID
			}
			tokenURL := cfg.TokenURL
			if tokenURL == "" {
				tokenURL = key.TokenURI
			}
			if tokenURL == "" {
				tokenURL = GoogleTokenURL
			}
			jc := &jwt.Config{
				Email:        key.ClientEmail,
				PrivateKey:   []byte(key.PrivateKey),
				PrivateKeyID: key.PrivateKeyID,
				Scopes:       []string{googleTranslationScope},
				TokenURL:     tokenURL,
			}
			// jwt fetches tokens with the client in this context, not the caller's: give it
			// our transport and a timeout of its own.
			tc := &http.Client{Timeout: timeout}
			if cfg.HTTPClient != nil {
				tc.Transport = cfg.HTTPClient.Transport
			}
			ts = jc.TokenSource(context.WithValue(context.Background(), oauth2.HTTPClient, tc))
			privateKey = key.PrivateKey
		}
	}
	cfg.ProjectID = strings.TrimSpace(cfg.ProjectID)
	if cfg.ProjectID == "" && !bad.Has("credentials_json") {
		// The key file names none.
		bad.Add("project_id", fielderr.Required)
	}
	if err := providerConfigError(name, &bad); err != nil {
		return nil, err
	}
	if cfg.Location == "" {
		cfg.Location = "global"
	}
	parent := "projects/" + url.PathEscape(cfg.ProjectID) + "/locations/" + url.PathEscape(cfg.Location)
	g := &GoogleV3{cfg: cfg, endpoint: providerBaseURL(cfg.BaseURL, GoogleBaseURL) + "/v3/" + parent + ":translateText"}
	switch {
	case cfg.Model == "":
	case strings.HasPrefix(cfg.Model, "projects/"):
		g.model = cfg.Model
	default:
		g.model = parent + "/models/" + cfg.Model
	}
	g.http = newHTTPCaller(name, cfg.HTTPClient, timeout, cfg.Retry)
	g.http.secrets = func() []string { return []string{privateKey} }
	g.http.classify = classifyGoogle
	g.http.authorize = func(ctx context.Context, r *http.Request) error {
		tok, err := ts.Token()
		if err != nil {
			return g.tokenError(err)
		}
		tok.SetAuthHeader(r)
		return nil
	}
	return g, nil
}

// parseServiceAccountKey reads a service-account key file; problem is Required for none and
// InvalidKeyFile for anything but a JSON service-account key with a readable RSA key.
func parseServiceAccountKey(data []byte) (key serviceAccountKey, problem fielderr.Code) {
	if len(strings.TrimSpace(string(data))) == 0 {
		return key, fielderr.Required
	}
	if err := json.Unmarshal(data, &key); err != nil || key.Type != "service_account" || key.ClientEmail == "" || key.PrivateKey == "" {
		return key, fielderr.InvalidKeyFile
	}
	if _, err := parseRSAKey([]byte(key.PrivateKey)); err != nil {
		return key, fielderr.InvalidKeyFile
	}
	return key, ""
}

// parseRSAKey reads a PEM (or DER) PKCS#8 or PKCS#1 RSA key, as golang.org/x/oauth2/jwt does.
func parseRSAKey(data []byte) (*rsa.PrivateKey, error) {
	if block, _ := pem.Decode(data); block != nil {
		data = block.Bytes
	}
	if k, err := x509.ParsePKCS8PrivateKey(data); err == nil {
		if rk, ok := k.(*rsa.PrivateKey); ok {
			return rk, nil
		}
		return nil, errors.New("not an RSA key")
	}
	return x509.ParsePKCS1PrivateKey(data)
}

// tokenError classifies a failure to get an access token: a refused grant is ErrAuth, anything
// else ErrUnavailable (retried).
func (g *GoogleV3) tokenError(err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		status := 0
		if re.Response != nil {
			status = re.Response.StatusCode
		}
		// RFC 6749 §5.2: {"error":"invalid_grant","error_description":"…"}.
		var body struct {
			Error       string `json:"error"`
			Description string `json:"error_description"`
		}
		_ = json.Unmarshal(re.Body, &body)
		msg := cmp.Or(body.Error, re.ErrorCode)
		if d := cmp.Or(body.Description, re.ErrorDescription); d != "" {
			msg += ": " + d
		}
		if msg == "" {
			msg = httpErrorMessage(re.Body)
		}
		kind := ErrAuth
		if status == http.StatusTooManyRequests || status >= 500 {
			kind = ErrUnavailable
		}
		return g.http.fail(kind, status, "getting an access token: "+msg)
	}
	return g.http.fail(ErrUnavailable, 0, "getting an access token: "+err.Error())
}

// Name implements Provider.
func (g *GoogleV3) Name() string { return "google-v3" }

// Model implements Provider.
func (g *GoogleV3) Model() string {
	if g.cfg.Model == "" {
		return "general/nmt"
	}
	return g.cfg.Model
}

// HTML implements Provider: v3 keeps markup with mimeType text/html.
func (g *GoogleV3) HTML() bool { return true }

// Translate implements Provider.
func (g *GoogleV3) Translate(ctx context.Context, req Request) ([]string, error) {
	src, tgt, err := isoLangPair(g.Name(), req)
	if err != nil {
		return nil, err
	}
	return translateInBatches(ctx, g.Name(), req.Segments, googleV3Limits, true,
		func(ctx context.Context, texts []string, html bool) ([]string, error) {
			mime := "text/plain"
			if html {
				mime = "text/html"
			}
			body, err := providerJSON(googleV3Request{Contents: texts, MimeType: mime,
				SourceLanguageCode: src, TargetLanguageCode: tgt, Model: g.model})
			if err != nil {
				return nil, err
			}
			answer, err := g.http.postJSON(ctx, g.endpoint, nil, body)
			if err != nil {
				return nil, err
			}
			var resp struct {
				Translations []struct {
					TranslatedText string `json:"translatedText"`
				} `json:"translations"`
			}
			if err := decodeProviderAnswer(g.http, answer, &resp); err != nil {
				return nil, err
			}
			out := make([]string, len(resp.Translations))
			for i, t := range resp.Translations {
				out[i] = t.TranslatedText
			}
			return out, nil
		})
}

type googleV3Request struct {
	Contents           []string `json:"contents"`
	MimeType           string   `json:"mimeType"`
	SourceLanguageCode string   `json:"sourceLanguageCode"`
	TargetLanguageCode string   `json:"targetLanguageCode"`
	Model              string   `json:"model,omitempty"`
}
