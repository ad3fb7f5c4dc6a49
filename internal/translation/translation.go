// Package translation makes machine-translation drafts of story editions: it talks to the
// providers (Google, Azure, Bhashini, IndicTrans2 on Triton, OpenAI-compatible chat), keeps the
// HTML intact across engines that only take text, remembers every segment it has translated,
// applies the newsroom's glossary and normalises Assamese output.
package translation

import (
	"context"
	"errors"
	"fmt"

	"github.com/batori-news/batori/internal/locale"
)

// Segment is one piece of text to translate. IsHTML marks text carrying inline markup
// (already protected for engines without an HTML mode; see html.go).
type Segment struct {
	ID     string
	Text   string
	IsHTML bool
}

// Term is a glossary entry: how a name must be written in the target language.
type Term struct {
	Source string
	Target string
}

// Request is one batch for a provider.
type Request struct {
	Segments []Segment
	Source   locale.Lang
	Target   locale.Lang
	// Glossary holds the terms occurring in the segments, for engines that accept one.
	Glossary []Term
}

// Provider is a machine-translation engine. Translate returns one translation per segment, in
// order; it batches within the engine's limits and retries 429 and 5xx answers itself.
type Provider interface {
	// Name is the provider's configuration name ("google-v2", "azure", …).
	Name() string
	// Model identifies the model or version, for the translation memory's key.
	Model() string
	// HTML reports whether the engine keeps markup itself (format=html / textType=html).
	HTML() bool
	Translate(ctx context.Context, req Request) ([]string, error)
}

// Errors providers return, wrapped with the engine's own message, so the newsroom can say what
// to do: fix the key, wait for the quota, or try later.
var (
	ErrAuth        = errors.New("the translation service refused our credentials")
	ErrQuota       = errors.New("the translation service quota is used up")
	ErrUnavailable = errors.New("the translation service is unavailable")
	ErrBadResponse = errors.New("the translation service answered something we cannot read")
	ErrTooLarge    = errors.New("the text is too large for the translation service")
)

// ProviderError carries an engine's answer for logs and the newsroom.
type ProviderError struct {
	Provider string
	Status   int
	Message  string
	Kind     error
}

func (e *ProviderError) Error() string {
	return fmt.Sprintf("%s: %v (HTTP %d: %s)", e.Provider, e.Kind, e.Status, e.Message)
}

func (e *ProviderError) Unwrap() error { return e.Kind }
