package newsroom

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/translation"
)

// mtSettingsPage is the data of newsroom/pages/mt_settings.html: the provider choice, the
// chosen provider's fields, and the outcome of a connection test.
type mtSettingsPage struct {
	page
	Providers []mtProviderOption
	// Provider is the provider whose fields are shown; Current the one in effect.
	Provider string
	Current  string
	// ProviderFromEnv: BATORI_MT_PROVIDER decides, the choice cannot be changed here.
	ProviderFromEnv bool
	EnvProvider     string
	Fields          []mtField
	Configured      bool
	Error           string
	// TestOK and TestError are the outcome of "Test connection".
	TestOK    string
	TestError string
}

type mtProviderOption struct {
	Name, Label string
	Selected    bool
}

// mtField is one provider setting on the form. Secrets are never sent back: Value is empty
// and the hint shows the stored one masked.
type mtField struct {
	Key, Label string
	// Hint is the provider's help with what the form adds: the default, the masked secret,
	// the environment variable that sets the field.
	Hint             string
	Value            string
	Secret, Required bool
	Multiline        bool
	// Env names the environment variable that sets the field, when one does; Shown is then
	// its value (masked for a secret), read-only.
	Env, Shown string
	Error      string
}

func (s *Server) mtSettingsData(w http.ResponseWriter, r *http.Request, chosen string, input map[string]string) (mtSettingsPage, error) {
	cfg, err := s.mt.Config(r.Context())
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_mt_settings_title")
	data := mtSettingsPage{page: p, Current: cfg.Provider, Configured: cfg.Configured(), ProviderFromEnv: cfg.FromEnv["provider"]}
	if err != nil {
		return data, err
	}
	if data.ProviderFromEnv {
		chosen, data.EnvProvider = cfg.Provider, translation.EnvProvider
	}
	data.Provider = chosen
	for _, spec := range translation.ProviderSpecs() {
		data.Providers = append(data.Providers, mtProviderOption{Name: spec.Name, Label: spec.Label, Selected: spec.Name == chosen})
	}
	spec, _ := translation.ProviderSpecFor(chosen)
	stored := map[string]string{}
	if chosen == cfg.Provider {
		stored = cfg.Settings
	}
	for _, f := range spec.Fields {
		field := mtField{Key: f.Key, Label: mtFieldLabel(p.L, f), Secret: f.Secret, Required: f.Required, Multiline: f.Multiline}
		hint := []string{f.Help}
		if f.Default != "" {
			hint = append(hint, p.L.T("nr_mt_default", f.Default))
		}
		switch {
		case cfg.FromEnv[f.Key] && chosen == cfg.Provider:
			field.Env, field.Shown = translation.EnvName(f.Key), stored[f.Key]
			if f.Secret {
				field.Shown = translation.Mask(field.Shown)
			}
			hint = append(hint, p.L.T("nr_mt_field_env", field.Env))
		case f.Secret && stored[f.Key] != "":
			hint = append(hint, p.L.T("nr_mt_secret_saved", translation.Mask(stored[f.Key])))
		case f.Secret:
		case input != nil:
			field.Value = input[f.Key]
		default:
			field.Value = stored[f.Key]
		}
		field.Hint = strings.TrimSpace(strings.Join(hint, " "))
		data.Fields = append(data.Fields, field)
	}
	return data, nil
}

// mtFieldLabel is a provider field's label: the provider's own words in English, the
// catalog's in Assamese where it has them.
func mtFieldLabel(l *locale.Locale, f translation.ProviderField) string {
	if key := "nr_mt_field_" + f.Key; l.Lang() == locale.Assamese && l.Has(key) {
		return l.T(key)
	}
	return f.Label
}

func (s *Server) mtSettingsForm(w http.ResponseWriter, r *http.Request) error {
	cfg, err := s.mt.Config(r.Context())
	if err != nil {
		return err
	}
	chosen := cfg.Provider
	if v := r.URL.Query().Get("provider"); v != "" {
		if _, ok := translation.ProviderSpecFor(v); !ok {
			return errNotFound
		}
		chosen = v
	}
	data, err := s.mtSettingsData(w, r, chosen, nil)
	if err != nil {
		return err
	}
	return s.templates.Render(w, http.StatusOK, "mt_settings", data)
}

func (s *Server) saveMTSettings(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	cfg, err := s.mt.Config(ctx)
	if err != nil {
		return err
	}
	provider := strings.TrimSpace(r.PostFormValue("provider"))
	if cfg.FromEnv["provider"] {
		provider = cfg.Provider
	}
	if provider == "" {
		if err := s.mt.SaveConfig(ctx, "", nil); err != nil {
			return err
		}
		return s.redirect(w, r, "/newsroom/translation/settings", "nr_mt_flash_off")
	}
	spec, ok := translation.ProviderSpecFor(provider)
	if !ok {
		return errBadRequest
	}
	// What the admin typed, over what is stored: secrets left blank are kept, and fields set
	// by the environment keep their stored value (the environment's is never saved).
	stored := map[string]string{}
	if provider == cfg.Provider {
		stored = storedSettings(cfg)
	}
	input := map[string]string{}
	for _, f := range spec.Fields {
		input[f.Key] = strings.TrimSpace(strings.ReplaceAll(r.PostFormValue(f.Key), "\r\n", "\n"))
	}
	values := translation.MergeMaskedSettings(provider, stored, input)
	effective := map[string]string{}
	for _, f := range spec.Fields {
		if cfg.FromEnv[f.Key] && provider == cfg.Provider {
			values[f.Key] = stored[f.Key]
			effective[f.Key] = cfg.Settings[f.Key]
		} else {
			effective[f.Key] = values[f.Key]
		}
	}
	if _, err := translation.NewProvider(provider, effective); err != nil {
		data, derr := s.mtSettingsData(w, r, provider, input)
		if derr != nil {
			return derr
		}
		data.Error = data.L.T("nr_mt_settings_invalid")
		msgs := fielderr.Messages(data.L, err)
		if msgs == nil {
			data.Error = data.L.T("nr_mt_settings_refused", err.Error())
		}
		for i, f := range data.Fields {
			data.Fields[i].Error = msgs[f.Key]
		}
		return s.templates.Render(w, http.StatusUnprocessableEntity, "mt_settings", data)
	}
	if err := s.mt.SaveConfig(ctx, provider, values); err != nil {
		return err
	}
	return s.redirect(w, r, "/newsroom/translation/settings", "nr_mt_flash_saved")
}

// storedSettings is the configuration without the environment's values: what SaveConfig
// keeps for fields the admin cannot change here.
func storedSettings(cfg translation.Config) map[string]string {
	out := map[string]string{}
	for k, v := range cfg.Settings {
		if !cfg.FromEnv[k] {
			out[k] = v
		}
	}
	return out
}

// mtTestTimeout bounds a connection test: providers retry 429 and 5xx themselves.
const mtTestTimeout = 30 * time.Second

func (s *Server) testMTConnection(w http.ResponseWriter, r *http.Request) error {
	cfg, err := s.mt.Config(r.Context())
	if err != nil {
		return err
	}
	data, err := s.mtSettingsData(w, r, cfg.Provider, nil)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(r.Context(), mtTestTimeout)
	defer cancel()
	out, err := s.mt.TestConnection(ctx, cfg)
	if err != nil {
		data.TestError = mtErrorMessage(data.L, err)
		s.log.Warn("machine translation test failed", "provider", cfg.Provider, "err", err)
		return s.templates.Render(w, http.StatusOK, "mt_settings", data)
	}
	data.TestOK = data.L.T("nr_mt_test_ok", translation.TestWord, out)
	return s.templates.Render(w, http.StatusOK, "mt_settings", data)
}

// mtErrorMessage tells an admin what to do about a provider's error, with the engine's own
// message for the details.
func mtErrorMessage(l *locale.Locale, err error) string {
	key := "nr_mt_err_other"
	switch {
	case errors.Is(err, translation.ErrNotConfigured):
		return l.T("nr_mt_err_not_configured")
	case errors.Is(err, translation.ErrAuth):
		key = "nr_mt_err_auth"
	case errors.Is(err, translation.ErrQuota):
		key = "nr_mt_err_quota"
	case errors.Is(err, translation.ErrUnavailable), errors.Is(err, context.DeadlineExceeded):
		key = "nr_mt_err_unavailable"
	case errors.Is(err, translation.ErrBadResponse):
		key = "nr_mt_err_bad_response"
	case errors.Is(err, translation.ErrTooLarge):
		key = "nr_mt_err_too_large"
	}
	detail := err.Error()
	var pe *translation.ProviderError
	if errors.As(err, &pe) && pe.Message != "" {
		detail = pe.Message
	}
	return l.T(key, detail)
}

// mtUsagePage is the data of newsroom/pages/mt_usage.html: what each engine was sent, month
// by month.
type mtUsagePage struct {
	page
	Rows []mtUsageRow
	// Provider is the engine in effect, empty when none.
	Provider string
	// Segments is the size of the translation memory.
	Segments int
}

type mtUsageRow struct {
	translation.UsageRow
	// Month is the month as shown (YYYY-MM in the page's digits).
	Month string
}

func (s *Server) mtUsagePage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	rows, err := s.mt.Usage.List(ctx)
	if err != nil {
		return err
	}
	cfg, err := s.mt.Config(ctx)
	if err != nil {
		return err
	}
	n, err := s.mt.Memory.Size(ctx)
	if err != nil {
		return err
	}
	p := s.page(w, r, "")
	p.Title = p.L.T("nr_mt_usage_title")
	data := mtUsagePage{page: p, Segments: n}
	if cfg.Configured() {
		data.Provider = cfg.Provider
	}
	for _, row := range rows {
		data.Rows = append(data.Rows, mtUsageRow{UsageRow: row, Month: p.L.Digits(row.Month.Format("2006-01"))})
	}
	return s.templates.Render(w, http.StatusOK, "mt_usage", data)
}
