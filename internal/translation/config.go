package translation

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/secretbox"
	"github.com/batori-news/batori/internal/settings"
)

// Which engine the site uses, and its settings, live in the settings table: mt.provider holds
// the provider's name (as in ProviderSpecs) and mt.<field> each of its fields. Admins edit them
// in the newsroom. The environment overrides them, for operators who keep keys out of the
// database: BATORI_MT_PROVIDER names the provider, and BATORI_MT_<FIELD> sets a field, the
// field's key in upper case (BATORI_MT_API_KEY, BATORI_MT_BASE_URL). A value set in the
// environment wins over the stored one and is shown as such in the newsroom.

// settingsPrefix starts every key of the translation settings.
const settingsPrefix = "mt."

// EnvProvider is the environment variable naming the provider.
const EnvProvider = "BATORI_MT_PROVIDER"

// EnvName returns the environment variable that overrides a provider field.
func EnvName(field string) string {
	return "BATORI_MT_" + strings.ToUpper(strings.NewReplacer("-", "_", ".", "_").Replace(field))
}

// Config is the machine-translation set-up in effect.
type Config struct {
	// Provider is the provider's name; empty when none is chosen.
	Provider string
	// Settings are the provider's fields by key, defaults not filled in.
	Settings map[string]string
	// FromEnv holds "provider" and the field keys whose values come from the environment.
	FromEnv map[string]bool
}

// Spec returns the chosen provider's description.
func (c Config) Spec() (ProviderSpec, bool) { return ProviderSpecFor(c.Provider) }

// Configured reports whether a known provider is chosen and every required field is set.
func (c Config) Configured() bool {
	spec, ok := c.Spec()
	if !ok {
		return false
	}
	for _, f := range spec.Fields {
		if f.Required && strings.TrimSpace(c.Settings[f.Key]) == "" {
			return false
		}
	}
	return true
}

// NewProvider builds the configured provider; ErrNotConfigured when there is none.
func (c Config) NewProvider() (Provider, error) {
	if c.Provider == "" {
		return nil, ErrNotConfigured
	}
	return NewProvider(c.Provider, c.Settings)
}

// Masked returns the settings for display, secrets masked.
func (c Config) Masked() map[string]string { return MaskSettings(c.Provider, c.Settings) }

// ErrNotConfigured is returned when no translation provider is set up.
var ErrNotConfigured = errors.New("no machine-translation provider is configured")

// LoadConfig reads the stored set-up and applies the environment overrides read through
// getenv (os.Getenv, or a map in tests; nil reads none). Secret fields come back as stored:
// sealed when a Service with a key saved them (Service.Config opens them).
func LoadConfig(ctx context.Context, d *db.DB, getenv func(string) string) (Config, error) {
	return loadConfig(ctx, d, getenv, nil)
}

// secretLabel binds a sealed provider secret to its settings key: copied under another key
// it does not open.
func secretLabel(field string) string { return "settings." + settingsPrefix + field }

func loadConfig(ctx context.Context, d *db.DB, getenv func(string) string, box *secretbox.Box) (Config, error) {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	c := Config{Settings: map[string]string{}, FromEnv: map[string]bool{}}
	rows, err := settings.NewStore(d).Prefix(ctx, settingsPrefix)
	if err != nil {
		return c, fmt.Errorf("read translation settings: %w", err)
	}
	stored := map[string]string{}
	for k, v := range rows {
		stored[strings.TrimPrefix(k, settingsPrefix)] = v
	}
	c.Provider = stored["provider"]
	if v := strings.TrimSpace(getenv(EnvProvider)); v != "" {
		c.Provider, c.FromEnv["provider"] = v, true
	}
	spec, _ := c.Spec()
	for _, f := range spec.Fields {
		if v, ok := stored[f.Key]; ok {
			if f.Secret && box != nil {
				if v, err = box.Open(v, secretLabel(f.Key)); err != nil {
					return c, fmt.Errorf("translation setting %s does not open with the key from %s: %w", f.Key, box.Source, err)
				}
			}
			c.Settings[f.Key] = v
		}
		if v := getenv(EnvName(f.Key)); v != "" {
			c.Settings[f.Key], c.FromEnv[f.Key] = v, true
		}
	}
	return c, nil
}

// SaveConfig stores provider and its settings (only the provider's own fields, empty ones
// left out), replacing the previous set-up, so no key of a former provider lingers.
func SaveConfig(ctx context.Context, d *db.DB, provider string, fields map[string]string) error {
	return saveConfig(ctx, d, provider, fields, nil)
}

// saveConfig is SaveConfig sealing secret fields with box, when there is one.
func saveConfig(ctx context.Context, d *db.DB, provider string, fields map[string]string, box *secretbox.Box) error {
	values := map[string]string{}
	if provider != "" {
		spec, ok := ProviderSpecFor(provider)
		if !ok {
			return fmt.Errorf("translation: unknown provider %q", provider)
		}
		values[settingsPrefix+"provider"] = provider
		for _, f := range spec.Fields {
			v := strings.TrimSpace(fields[f.Key])
			if v == "" {
				continue
			}
			if f.Secret && box != nil {
				var err error
				if v, err = box.Seal(v, secretLabel(f.Key)); err != nil {
					return err
				}
			}
			values[settingsPrefix+f.Key] = v
		}
	}
	return d.InTx(ctx, func(tx *db.Tx) error {
		if err := settings.In(tx).ReplacePrefix(ctx, settingsPrefix, values); err != nil {
			return err
		}
		tx.Record(ConfigChanged{})
		return nil
	})
}

// Service is the site's machine translation as configured: the stored set-up, the glossary,
// the memory and the usage counters, and translators built from them.
type Service struct {
	db     *db.DB
	getenv func(string) string
	// box seals the provider's secret fields at rest; nil stores them as typed.
	box *secretbox.Box
	now func() time.Time
	// newProvider builds providers; tests swap in fakes.
	newProvider func(Config) (Provider, error)
	Memory      *Memory
	Glossary    *Glossary
	Usage       *Usage
}

// NewService returns the machine translation over d, with environment overrides read through
// getenv (os.Getenv in production).
func NewService(d *db.DB, getenv func(string) string) *Service {
	return &Service{db: d, getenv: getenv, now: time.Now, newProvider: Config.NewProvider,
		Memory: NewMemory(d), Glossary: NewGlossary(d), Usage: NewUsage(d)}
}

// WithProviders returns a copy of s that builds providers with fn, for tests that stand a fake
// engine in for the configured one.
func (s *Service) WithProviders(fn func(Config) (Provider, error)) *Service {
	c := *s
	c.newProvider = fn
	return &c
}

// WithSecretBox returns a copy of s that seals the providers' secret fields (API keys,
// service-account keys, tokens) with box when it saves them and opens them when it reads.
func (s *Service) WithSecretBox(box *secretbox.Box) *Service {
	c := *s
	c.box = box
	return &c
}

// Config returns the set-up in effect, its secrets opened.
func (s *Service) Config(ctx context.Context) (Config, error) {
	return loadConfig(ctx, s.db, s.getenv, s.box)
}

// SaveConfig stores a new set-up, its secrets sealed; see SaveConfig.
func (s *Service) SaveConfig(ctx context.Context, provider string, settings map[string]string) error {
	return saveConfig(ctx, s.db, provider, settings, s.box)
}

// SealSecrets runs at start-up: it seals the stored provider's secret fields still kept in
// plain text (saved before encryption, or without a key) and checks that the key opens the
// sealed ones, so a wrong key stops the start rather than every translation failing later.
// It returns how many values it sealed.
func (s *Service) SealSecrets(ctx context.Context) (int, error) {
	if s.box == nil {
		return 0, errors.New("translation: no secret key to seal provider secrets with")
	}
	sealed := 0
	err := settings.NewStore(s.db).Update(ctx, func(t settings.Tx) error {
		rows, err := t.Prefix(ctx, settingsPrefix)
		if err != nil {
			return err
		}
		spec, _ := ProviderSpecFor(rows[settingsPrefix+"provider"])
		for _, f := range spec.Fields {
			v, ok := rows[settingsPrefix+f.Key]
			if !f.Secret || !ok || v == "" {
				continue
			}
			if secretbox.IsSealed(v) {
				if _, err := s.box.Open(v, secretLabel(f.Key)); err != nil {
					return fmt.Errorf("translation setting %s does not open with the key from %s: %w", f.Key, s.box.Source, err)
				}
				continue
			}
			if v, err = s.box.Seal(v, secretLabel(f.Key)); err != nil {
				return err
			}
			if err := t.Set(ctx, settingsPrefix+f.Key, v); err != nil {
				return err
			}
			sealed++
		}
		return nil
	})
	return sealed, err
}

// Translator returns a translator with the configured provider, or ErrNotConfigured (with a
// translator that refuses to translate) when there is none.
func (s *Service) Translator(ctx context.Context) (*Translator, error) {
	c, err := s.Config(ctx)
	if err != nil {
		return nil, err
	}
	if !c.Configured() {
		return NewTranslator(nil, s.db, Options{Now: s.now}), ErrNotConfigured
	}
	p, err := s.newProvider(c)
	if err != nil {
		return nil, err
	}
	return NewTranslator(p, s.db, Options{Now: s.now}), nil
}

// TestWord is what TestConnection translates.
const TestWord = "Assam"

// TestConnection builds the provider of c and has it translate TestWord into Assamese,
// bypassing the memory so that the credentials are really tried; the characters sent are
// counted. It returns the translation, or the provider's error (errors.Is ErrAuth, ErrQuota…).
func (s *Service) TestConnection(ctx context.Context, c Config) (string, error) {
	if !c.Configured() {
		return "", ErrNotConfigured
	}
	p, err := s.newProvider(c)
	if err != nil {
		return "", err
	}
	out, err := p.Translate(ctx, Request{Segments: []Segment{{ID: "test", Text: TestWord}},
		Source: locale.English, Target: locale.Assamese})
	if err != nil {
		return "", err
	}
	if len(out) != 1 {
		return "", fmt.Errorf("%s: %w: %d translations for 1 segment", p.Name(), ErrBadResponse, len(out))
	}
	if err := s.Usage.Add(ctx, p.Name(), len([]rune(TestWord)), 1, s.now()); err != nil {
		return "", err
	}
	return NormalizeOutput(out[0], locale.Assamese), nil
}
