package newsroom_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/secretbox"
	"github.com/batori-news/batori/internal/settings"
	"github.com/batori-news/batori/internal/translation"
)

// fakeGoogle is Google Cloud Translation v2 as far as the settings page needs it: the key
// goodKey is accepted and "Assam" comes back as অসম; any other key is refused the way Google
// refuses a bad key.
type fakeGoogle struct {
	srv   *httptest.Server
	calls atomic.Int32
}

const goodKey = "AIzaSyGood-key-0123456789-lastWXYZ"

func newFakeGoogle(t *testing.T) *fakeGoogle {
	f := &fakeGoogle{}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path != "/language/translate/v2" {
			w.WriteHeader(http.StatusNotFound)
			return
		}
		if r.URL.Query().Get("key") != goodKey {
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(`{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT",
				"errors":[{"message":"API key not valid. Please pass a valid API key.","reason":"badRequest"}],
				"details":[{"reason":"API_KEY_INVALID"}]}}`))
			return
		}
		var req struct {
			Q []string `json:"q"`
		}
		json.NewDecoder(r.Body).Decode(&req)
		type tr struct {
			TranslatedText string `json:"translatedText"`
		}
		var out []tr
		for _, q := range req.Q {
			out = append(out, tr{strings.ReplaceAll(q, "Assam", "অসম")})
		}
		json.NewEncoder(w).Encode(map[string]any{"data": map[string]any{"translations": out}})
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func TestMTSettings(t *testing.T) {
	eachDB(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		google := newFakeGoogle(t)
		admin := e.setupAdmin()

		// Who may see what.
		e.addUser("Editor Das", "editor@example.org", people.Editor)
		e.addUser("Reporter Bora", "reporter@example.org", people.Reporter)
		editor := e.client("editor")
		editor.login("editor@example.org", strongPass)
		reporter := e.client("reporter")
		reporter.login("reporter@example.org", strongPass)
		wantStatus(t, editor.get("/newsroom/translation/settings"), http.StatusForbidden)
		wantStatus(t, editor.post("/newsroom/translation/settings", url.Values{"provider": {""}}), http.StatusForbidden)
		wantStatus(t, editor.post("/newsroom/translation/settings/test", nil), http.StatusForbidden)
		wantStatus(t, reporter.get("/newsroom/translation/usage"), http.StatusForbidden)
		p := editor.get("/newsroom/translation/usage")
		wantPage(t, p, "mt_usage")
		if p.Doc.Find(`.tabs a[href="/newsroom/translation/settings"]`).Length() != 0 {
			t.Error("editors are offered the engine settings")
		}
		if p.Doc.Find(`.menu a[href="/newsroom/translation/settings"]`).Length() != 0 {
			t.Error("editors' menu has the engine settings")
		}

		// A new site: no engine.
		p = admin.get("/newsroom/translation/settings")
		wantPage(t, p, "mt_settings")
		wantText(t, p, ".mt-status", en.T("nr_mt_status_off"))
		if p.Doc.Find(`.menu a[href="/newsroom/translation/settings"]`).Length() != 1 {
			t.Error("admin menu lacks machine translation")
		}
		if n := p.Doc.Find(`#f-choose option`).Length(); n != len(translation.ProviderSpecs())+1 {
			t.Errorf("%d engines offered", n)
		}
		if p.Doc.Find(`form.mt-provider`).Length() != 0 {
			t.Error("fields shown before an engine is chosen")
		}
		wantStatus(t, admin.get("/newsroom/translation/settings?provider=babelfish"), http.StatusNotFound)

		// Choosing Google shows its fields; the key is a password field.
		p = admin.get("/newsroom/translation/settings?provider=google-v2")
		wantPage(t, p, "mt_settings")
		if typ, _ := p.Doc.Find(`#f-api_key`).Attr("type"); typ != "password" {
			t.Errorf("API key input type %q", typ)
		}
		wantText(t, p, "#f-base_url-hint", translation.GoogleBaseURL)

		// Saving without the key is refused beside the field, the input kept.
		p = admin.post("/newsroom/translation/settings", url.Values{"provider": {"google-v2"}, "api_key": {""}, "model": {"base"}, "base_url": {google.srv.URL}})
		wantStatus(t, p, http.StatusUnprocessableEntity)
		wantText(t, p, "#f-api_key-error", en.T("field_required"))
		if p.value("#f-model") != "base" {
			t.Errorf("model not kept: %q", p.value("#f-model"))
		}
		p = admin.post("/newsroom/translation/settings", url.Values{"provider": {"google-v2"}, "api_key": {"wrong"}, "base_url": {google.srv.URL}, "attempts": {"many"}})
		wantStatus(t, p, http.StatusUnprocessableEntity)
		if !strings.Contains(p.text("#f-attempts-error"), "whole number") {
			t.Errorf("attempts error %q", p.text("#f-attempts-error"))
		}

		// A wrong key is saved; the connection test says what is wrong.
		badKey := "AIzaSyWrong-key-0123456789-last1234"
		p = admin.post("/newsroom/translation/settings", url.Values{"provider": {"google-v2"}, "api_key": {badKey}, "base_url": {google.srv.URL}, "attempts": {"1"}})
		wantRedirect(t, p, "/newsroom/translation/settings")
		p = admin.follow(p)
		wantFlash(t, p, en.T("nr_mt_flash_saved"))
		// Stored sealed: the database never holds the key as typed.
		if raw, _, _ := settings.NewStore(e.app.DB).Get(ctx, "mt.api_key"); !secretbox.IsSealed(raw) || strings.Contains(raw, "Wrong-key") {
			t.Errorf("key stored as %q", raw)
		}
		wantText(t, p, ".mt-status", en.T("nr_mt_status_on", "google-v2"))
		if strings.Contains(p.Body, badKey) || strings.Contains(p.Body, "Wrong-key") {
			t.Error("the saved key is written into the page")
		}
		if v, ok := p.Doc.Find(`#f-api_key`).Attr("value"); ok && v != "" {
			t.Errorf("key input holds %q", v)
		}
		wantText(t, p, "#f-api_key-hint", "1234")
		p = admin.post("/newsroom/translation/settings/test", nil)
		wantPage(t, p, "mt_settings")
		wantText(t, p, ".mt-test-error", "API key not valid")
		wantText(t, p, ".mt-test-error", strings.TrimSuffix(en.T("nr_mt_err_auth", ""), " "))
		if strings.Contains(p.Body, badKey) {
			t.Error("the key is in the test's error message")
		}

		// Another field changed, the key left blank: the key is kept.
		p = admin.post("/newsroom/translation/settings", url.Values{"provider": {"google-v2"}, "api_key": {""}, "model": {"base"}, "base_url": {google.srv.URL}, "attempts": {"1"}})
		wantRedirect(t, p, "/newsroom/translation/settings")
		cfg, err := e.app.MT.Config(ctx)
		if err != nil || cfg.Settings["api_key"] != badKey || cfg.Settings["model"] != "base" {
			t.Errorf("after saving with the key blank: %+v %v", cfg, err)
		}

		// The right key: the test translates "Assam".
		admin.post("/newsroom/translation/settings", url.Values{"provider": {"google-v2"}, "api_key": {goodKey}, "base_url": {google.srv.URL}})
		p = admin.post("/newsroom/translation/settings/test", nil)
		wantText(t, p, ".mt-test-ok", en.T("nr_mt_test_ok", "Assam", "অসম"))
		if p.Doc.Find(".mt-test-error").Length() != 0 {
			t.Errorf("error shown: %s", p.text(".mt-test-error"))
		}

		// Usage: the successful test's five characters, for editors to see.
		p = editor.get("/newsroom/translation/usage")
		wantText(t, p, ".mt-usage tbody", "google-v2")
		wantText(t, p, ".mt-usage tbody", time.Now().UTC().Format("2006-01"))
		if got := p.text(`.mt-usage tbody td[data-label="` + en.T("nr_mt_usage_chars") + `"]`); got != en.Number(5) {
			t.Errorf("characters %q, want 5", got)
		}

		// In Assamese, the page speaks Assamese (the layout's checks run on every page).
		admin.post("/newsroom/account/language", url.Values{"lang": {"as"}, "next": {"/newsroom/account"}})
		p = admin.get("/newsroom/translation/settings")
		wantText(t, p, "label[for=f-api_key]", as.T("nr_mt_field_api_key"))
		wantText(t, p, ".mt-status", as.T("nr_mt_status_on", "google-v2"))
		p = admin.get("/newsroom/translation/usage")
		wantPage(t, p, "mt_usage")
		admin.post("/newsroom/account/language", url.Values{"lang": {"en"}, "next": {"/newsroom/account"}})

		// Turning it off forgets the engine and its key.
		p = admin.post("/newsroom/translation/settings", url.Values{"provider": {""}})
		wantRedirect(t, p, "/newsroom/translation/settings")
		wantFlash(t, admin.follow(p), en.T("nr_mt_flash_off"))
		if cfg, _ := e.app.MT.Config(ctx); cfg.Provider != "" || len(cfg.Settings) != 0 {
			t.Errorf("after turning off: %+v", cfg)
		}
		p = admin.post("/newsroom/translation/settings/test", nil)
		wantText(t, p, ".mt-test-error", en.T("nr_mt_err_not_configured"))
	})
}

func TestMTSettingsFromEnvironment(t *testing.T) {
	envKey := "AIzaSyFrom-the-environment-0123-ENVK"
	eachDBEnv(t, map[string]string{"BATORI_MT_PROVIDER": "google-v2", "BATORI_MT_API_KEY": envKey}, func(t *testing.T, e *env) {
		ctx := context.Background()
		admin := e.setupAdmin()
		p := admin.get("/newsroom/translation/settings")
		wantPage(t, p, "mt_settings")
		wantText(t, p, ".note", en.T("nr_mt_provider_env", "BATORI_MT_PROVIDER", "google-v2"))
		if p.Doc.Find("#f-choose").Length() != 0 {
			t.Error("the engine can be chosen though the environment sets it")
		}
		if _, disabled := p.Doc.Find("#f-api_key").Attr("disabled"); !disabled {
			t.Error("the key set by the environment is editable")
		}
		wantText(t, p, "#f-api_key-hint", "BATORI_MT_API_KEY")
		if strings.Contains(p.Body, envKey) || !strings.HasSuffix(p.value("#f-api_key"), "ENVK") {
			t.Errorf("environment key shown as %q", p.value("#f-api_key"))
		}
		if p.Doc.Find(`input[name=provider][value=""]`).Length() != 0 {
			t.Error("offered to turn off an engine the environment sets")
		}

		// Saving keeps the other fields; the environment's key is never stored.
		p = admin.post("/newsroom/translation/settings", url.Values{"provider": {"azure"}, "model": {"base"}, "api_key": {"typed-anyway"}})
		wantRedirect(t, p, "/newsroom/translation/settings")
		stored, err := translation.LoadConfig(ctx, e.app.DB, nil)
		if err != nil || stored.Provider != "google-v2" || stored.Settings["model"] != "base" || stored.Settings["api_key"] != "" {
			t.Errorf("stored %+v %v", stored, err)
		}
		cfg, _ := e.app.MT.Config(ctx)
		if cfg.Settings["api_key"] != envKey || !cfg.Configured() {
			t.Errorf("in effect %+v", cfg)
		}
	})
}
