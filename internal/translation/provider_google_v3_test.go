package translation

import (
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/oauth2"

	"github.com/batori-news/batori/internal/fielderr"
)

// googleV3Server serves Google's OAuth token endpoint (JWT bearer grant, RFC 7523) and
// POST /v3/projects/{project}/locations/global:translateText.
type googleV3Server struct {
	t      *testing.T
	srv    *httptest.Server
	pub    *rsa.PublicKey
	script provScript

	mu          sync.Mutex
	issued      map[string]bool // tokens issued, or injected
	refuseGrant bool            // answer the token request with invalid_grant
	got         []googleV3Request
}

const googleV3Email = "translator@batori-test.iam.gserviceaccount.com"

func newGoogleV3Server(t *testing.T) (*googleV3Server, []byte) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	g := &googleV3Server{t: t, pub: &key.PublicKey, issued: map[string]bool{}}
	g.srv = httptest.NewServer(g)
	t.Cleanup(g.srv.Close)
	creds, err := json.Marshal(map[string]string{
		"type":           "service_account",
		"project_id":     "batori-test",
		"private_key_id": "key-1",
		"private_key":    string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})),
		"client_email":   googleV3Email,
		"client_id":      "1234",
		// The test sets TokenURL, which must win over the key file's.
		"token_uri": "https://oauth2.invalid/token",
	})
	if err != nil {
		t.Fatal(err)
	}
	return g, creds
}

func (g *googleV3Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/token":
		g.token(w, r)
	case "/v3/projects/batori-test/locations/global:translateText":
		g.translate(w, r)
	default:
		g.t.Errorf("unexpected %s %s", r.Method, r.URL.Path)
		http.NotFound(w, r)
	}
}

func (g *googleV3Server) token(w http.ResponseWriter, r *http.Request) {
	t := g.t
	if r.Method != http.MethodPost || r.FormValue("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer" {
		t.Errorf("token request %s grant_type %q", r.Method, r.FormValue("grant_type"))
	}
	parts := strings.Split(r.FormValue("assertion"), ".")
	if len(parts) != 3 {
		t.Fatalf("assertion has %d parts", len(parts))
	}
	var header struct{ Alg, Kid, Typ string }
	var claims struct {
		Iss, Scope, Aud string
		Exp, Iat        int64
	}
	for i, v := range []any{&header, &claims} {
		raw, err := base64.RawURLEncoding.DecodeString(parts[i])
		if err != nil || json.Unmarshal(raw, v) != nil {
			t.Fatalf("JWT part %d: %v", i, err)
		}
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	if err := rsa.VerifyPKCS1v15(g.pub, crypto.SHA256, sum[:], sig); err != nil {
		t.Errorf("JWT signature: %v", err)
	}
	if header.Alg != "RS256" || header.Kid != "key-1" || claims.Iss != googleV3Email ||
		claims.Scope != "https://www.googleapis.com/auth/cloud-translation" ||
		claims.Aud != g.srv.URL+"/token" || claims.Exp <= claims.Iat {
		t.Errorf("JWT header %+v claims %+v", header, claims)
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.refuseGrant {
		provRespond(400, nil, `{"error":"invalid_grant","error_description":"Invalid JWT Signature."}`)(w)
		return
	}
	tok := fmt.Sprintf("ya29.test-%d", len(g.issued)+1)
	g.issued[tok] = true
	provWriteJSON(t, w, map[string]any{"access_token": tok, "token_type": "Bearer", "expires_in": 3600})
}

func (g *googleV3Server) translate(w http.ResponseWriter, r *http.Request) {
	t := g.t
	if r.Method != http.MethodPost {
		t.Errorf("method %s", r.Method)
	}
	g.mu.Lock()
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	valid := ok && g.issued[tok]
	g.mu.Unlock()
	if !valid {
		provRespond(401, nil, `{"error":{"code":401,"message":"Request had invalid authentication credentials.","status":"UNAUTHENTICATED"}}`)(w)
		return
	}
	if r.URL.Query().Has("key") {
		t.Error("v3 takes no API key")
	}
	if f := g.script.next(); f != nil {
		f(w)
		return
	}
	var req googleV3Request
	if !provDecode(t, r, &req) {
		w.WriteHeader(400)
		return
	}
	chars := 0
	for _, c := range req.Contents {
		chars += utf8.RuneCountInString(c)
	}
	if len(req.Contents) > 1024 || chars > 30_000 || req.SourceLanguageCode != "en" || req.TargetLanguageCode != "as" ||
		req.MimeType != "text/html" && req.MimeType != "text/plain" {
		t.Errorf("request of %d strings, %d code points, %q→%q, %q", len(req.Contents), chars,
			req.SourceLanguageCode, req.TargetLanguageCode, req.MimeType)
	}
	g.mu.Lock()
	g.got = append(g.got, req)
	g.mu.Unlock()
	type tr struct {
		TranslatedText string `json:"translatedText"`
	}
	var resp struct {
		Translations []tr `json:"translations"`
	}
	for _, c := range req.Contents {
		resp.Translations = append(resp.Translations, tr{provFake(c)})
	}
	provWriteJSON(t, w, resp)
}

func (g *googleV3Server) tokens() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return len(g.issued)
}

func (g *googleV3Server) set(f func()) {
	g.mu.Lock()
	defer g.mu.Unlock()
	f()
}

func (g *googleV3Server) requests() []googleV3Request {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]googleV3Request(nil), g.got...)
}

func newTestGoogleV3(t *testing.T, g *googleV3Server, creds []byte) (*GoogleV3, *provWaitLog) {
	retry, waits := provRetry()
	p, err := NewGoogleV3(GoogleV3Config{CredentialsJSON: creds, TokenURL: g.srv.URL + "/token", BaseURL: g.srv.URL, Retry: retry})
	if err != nil {
		t.Fatal(err)
	}
	return p, waits
}

func TestGoogleV3ServiceAccountAndBatches(t *testing.T) {
	g, creds := newGoogleV3Server(t)
	p, _ := newTestGoogleV3(t, g, creds)
	segs := provSegments(2000, "<p>Paragraph %d</p>")
	for i := range segs {
		segs[i].IsHTML = true
	}
	got, err := p.Translate(context.Background(), provReq(segs...))
	if err != nil {
		t.Fatal(err)
	}
	provCheck(t, segs, got)
	// The token is cached across calls.
	if _, err := p.Translate(context.Background(), provReq(Segment{ID: "t", Text: "Guwahati"})); err != nil {
		t.Fatal(err)
	}
	reqs := g.requests()
	if len(reqs) != 3 || len(reqs[0].Contents) != 1024 || len(reqs[1].Contents) != 976 ||
		reqs[0].MimeType != "text/html" || reqs[2].MimeType != "text/plain" || reqs[0].Model != "" {
		t.Errorf("%d requests", len(reqs))
	}
	if g.tokens() != 1 {
		t.Errorf("%d tokens fetched, want 1", g.tokens())
	}
	if p.Name() != "google-v3" || !p.HTML() || p.Model() != "general/nmt" {
		t.Errorf("Name %q HTML %v Model %q", p.Name(), p.HTML(), p.Model())
	}
}

func TestGoogleV3BatchesUnder30KCodePoints(t *testing.T) {
	g, creds := newGoogleV3Server(t)
	p, _ := newTestGoogleV3(t, g, creds)
	para := strings.Repeat("অসমৰ খবৰ ", 1000) // 9,000 code points
	segs := []Segment{{ID: "1", Text: para}, {ID: "2", Text: para}, {ID: "3", Text: para}, {ID: "4", Text: para}}
	got, err := p.Translate(context.Background(), provReq(segs...))
	if err != nil {
		t.Fatal(err)
	}
	provCheck(t, segs, got)
	if reqs := g.requests(); len(reqs) != 2 || len(reqs[0].Contents) != 3 {
		t.Errorf("%d requests", len(reqs))
	}
	_, err = p.Translate(context.Background(), provReq(Segment{ID: "big", Text: strings.Repeat("a", 30_001)}))
	provWantErr(t, err, "google-v3", ErrTooLarge)
}

func TestGoogleV3InjectedTokenSource(t *testing.T) {
	g, _ := newGoogleV3Server(t)
	g.set(func() { g.issued["ya29.injected"] = true })
	retry, _ := provRetry()
	p, err := NewGoogleV3(GoogleV3Config{
		TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "ya29.injected", TokenType: "Bearer"}),
		ProjectID:   "batori-test", BaseURL: g.srv.URL, Retry: retry, Model: "general/nmt",
	})
	if err != nil {
		t.Fatal(err)
	}
	segs := provSegments(3, "s%d")
	got, err := p.Translate(context.Background(), provReq(segs...))
	if err != nil {
		t.Fatal(err)
	}
	provCheck(t, segs, got)
	if reqs := g.requests(); len(reqs) != 1 || reqs[0].Model != "projects/batori-test/locations/global/models/general/nmt" {
		t.Errorf("requests %+v", reqs)
	}
	if g.tokens() != 1 {
		t.Error("fetched a token despite the injected source")
	}
}

func TestGoogleV3Errors(t *testing.T) {
	g, creds := newGoogleV3Server(t)
	var key struct {
		PrivateKey string `json:"private_key"`
	}
	json.Unmarshal(creds, &key)
	keyLine := strings.Split(key.PrivateKey, "\n")[1]

	t.Run("refused grant", func(t *testing.T) {
		g.set(func() { g.refuseGrant = true })
		defer g.set(func() { g.refuseGrant = false })
		p, _ := newTestGoogleV3(t, g, creds)
		_, err := p.Translate(context.Background(), provReq(provSegments(1, "s%d")...))
		perr := provWantErr(t, err, "google-v3", ErrAuth, keyLine)
		if !strings.Contains(perr.Message, "Invalid JWT Signature.") || perr.Status != 400 {
			t.Errorf("error %v", perr)
		}
	})
	tests := []struct {
		name   string
		answer func(http.ResponseWriter)
		kind   error
		calls  int
	}{
		{"permission denied", provRespond(403, nil, `{"error":{"code":403,"message":"Permission 'cloudtranslate.generalModels.predict' denied","status":"PERMISSION_DENIED"}}`), ErrAuth, 1},
		{"quota", provRespond(429, nil, `{"error":{"code":429,"message":"Quota exceeded for quota metric 'v3 and v2 general model characters'","status":"RESOURCE_EXHAUSTED"}}`), ErrQuota, 3},
		{"unavailable", provRespond(503, nil, `{"error":{"code":503,"message":"The service is currently unavailable.","status":"UNAVAILABLE"}}`), ErrUnavailable, 3},
		{"malformed", provRespond(200, nil, `{"translations":"no"}`), ErrBadResponse, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g.script.reset(tt.answer)
			p, _ := newTestGoogleV3(t, g, creds)
			_, err := p.Translate(context.Background(), provReq(provSegments(1, "s%d")...))
			provWantErr(t, err, "google-v3", tt.kind, keyLine, "ya29.test")
			if g.script.count() != tt.calls {
				t.Errorf("%d calls, want %d", g.script.count(), tt.calls)
			}
		})
	}
	t.Run("5xx then success", func(t *testing.T) {
		g.script.reset(nil, provRespond(500, nil, ""))
		p, _ := newTestGoogleV3(t, g, creds)
		segs := provSegments(2, "s%d")
		got, err := p.Translate(context.Background(), provReq(segs...))
		if err != nil {
			t.Fatal(err)
		}
		provCheck(t, segs, got)
	})
	t.Run("cancelled", func(t *testing.T) {
		ctx, block := provCancel(t)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/token" {
				g.ServeHTTP(w, r)
				return
			}
			block(w, r)
		}))
		defer srv.Close()
		retry, _ := provRetry()
		p, err := NewGoogleV3(GoogleV3Config{CredentialsJSON: creds, TokenURL: g.srv.URL + "/token", BaseURL: srv.URL, Retry: retry})
		if err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		_, err = p.Translate(ctx, provReq(provSegments(1, "s%d")...))
		provWantCanceled(t, start, err)
	})
}

func TestGoogleV3Config(t *testing.T) {
	_, creds := newGoogleV3Server(t)
	tests := []struct {
		name  string
		cfg   GoogleV3Config
		field string
	}{
		{"no credentials", GoogleV3Config{}, "credentials_json"},
		{"not JSON", GoogleV3Config{CredentialsJSON: []byte("AIza-not-json")}, "credentials_json"},
		{"user credentials", GoogleV3Config{CredentialsJSON: []byte(`{"type":"authorized_user"}`)}, "credentials_json"},
		{"bad key", GoogleV3Config{CredentialsJSON: []byte(`{"type":"service_account","client_email":"a@b","private_key":"nope","project_id":"p"}`)}, "credentials_json"},
		{"no project", GoogleV3Config{TokenSource: oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "x"})}, "project_id"},
	}
	for _, tt := range tests {
		_, err := NewGoogleV3(tt.cfg)
		if code := fielderr.CodeOf(err, tt.field); code != fielderr.Required && code != fielderr.InvalidKeyFile {
			t.Errorf("%s: %v, want a problem with %s", tt.name, err, tt.field)
		}
	}
	if _, err := NewGoogleV3(GoogleV3Config{CredentialsJSON: creds}); err != nil {
		t.Errorf("valid key file: %v", err)
	}
}
