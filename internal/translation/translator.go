package translation

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/locale"
)

// Translator makes machine drafts with one provider: it splits story bodies into segments,
// answers what it can from the memory, sends the rest to the provider in one request, checks
// the markup and the glossary, and normalises the output. It never writes editions.
type Translator struct {
	provider Provider
	db       *db.DB
	memory   *Memory
	glossary *Glossary
	now      func() time.Time
}

// Options tune a Translator.
type Options struct {
	// Now is the clock for the memory and the usage counters; time.Now when nil.
	Now func() time.Time
}

// NewTranslator returns a translator using p (nil when no provider is configured: it then
// answers ErrNotConfigured) and the memory, glossary and usage counters in d.
func NewTranslator(p Provider, d *db.DB, opt Options) *Translator {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &Translator{provider: p, db: d, memory: NewMemory(d), glossary: NewGlossary(d), now: opt.Now}
}

// Configured reports whether the translator has a provider.
func (t *Translator) Configured() bool { return t.provider != nil }

// Provider returns the translator's provider, nil when none is configured.
func (t *Translator) Provider() Provider { return t.provider }

// Result is a machine translation with what an editor should check and what it cost.
type Result struct {
	// Body is the translation: HTML for TranslateBody, text for TranslateText.
	Body     string
	Warnings []Warning
	// CharsSent counts the code points sent to the provider (zero when all came from memory).
	CharsSent int
	// CacheHits counts the segments answered from the memory; Sent those sent to the provider.
	CacheHits, Sent int
}

// TranslateBody translates a story body (sanitised HTML) from src to tgt. The HTML comes back
// in the same structure, with kept elements (code, images, translate="no") untouched; a
// segment whose markup the engine mangled comes back as plain text with a WarnMarkup warning.
// Provider errors are returned as they are (errors.Is ErrAuth, ErrQuota…).
func (t *Translator) TranslateBody(ctx context.Context, body string, src, tgt locale.Lang) (Result, error) {
	if t.provider == nil {
		return Result{}, ErrNotConfigured
	}
	doc, err := splitHTML(body, t.provider.HTML(), NormalizeSource)
	if err != nil {
		return Result{}, err
	}
	terms, err := t.glossary.Terms(ctx, src, tgt)
	if err != nil {
		return Result{}, err
	}
	var res Result
	segs := make([]Segment, len(doc.runs))
	plain := make([]string, len(doc.runs))
	for i, r := range doc.runs {
		segs[i] = Segment{ID: r.id, Text: r.wire, IsHTML: r.isHTML}
		plain[i] = r.plainText()
	}
	answers, err := t.translate(ctx, segs, plain, terms, src, tgt, &res)
	if err != nil {
		return Result{}, err
	}
	var retry []*fallback
	for i, r := range doc.runs {
		if err := r.apply(NormalizeOutput(answers[i], tgt)); err != nil {
			retry = append(retry, r.fallback())
			res.Warnings = append(res.Warnings, Warning{Kind: WarnMarkup, Segment: r.id})
		}
	}
	if len(retry) > 0 {
		var segs []Segment
		var plain []string
		for _, f := range retry {
			for _, s := range f.segments() {
				segs, plain = append(segs, s), append(plain, s.Text)
			}
		}
		answers, err := t.translate(ctx, segs, plain, terms, src, tgt, &res)
		if err != nil {
			return Result{}, err
		}
		for _, f := range retry {
			n := len(f.segments())
			out := make([]string, n)
			for i := range out {
				out[i] = NormalizeOutput(answers[i], tgt)
			}
			answers = answers[n:]
			f.apply(out)
		}
	}
	for i, r := range doc.runs {
		res.Warnings = append(res.Warnings, Lint(r.id, plain[i], nodesText(r.nodes), terms, src, tgt)...)
	}
	res.Body = doc.render()
	return res, nil
}

// TranslateText translates a headline or standfirst (plain text) from src to tgt; Result.Body
// is the translation. It shares the memory with TranslateBody.
func (t *Translator) TranslateText(ctx context.Context, text string, src, tgt locale.Lang) (Result, error) {
	if t.provider == nil {
		return Result{}, ErrNotConfigured
	}
	text = strings.TrimSpace(NormalizeSource(text))
	var res Result
	if text == "" {
		return res, nil
	}
	terms, err := t.glossary.Terms(ctx, src, tgt)
	if err != nil {
		return Result{}, err
	}
	answers, err := t.translate(ctx, []Segment{{ID: "text", Text: text}}, []string{text}, terms, src, tgt, &res)
	if err != nil {
		return Result{}, err
	}
	res.Body = NormalizeOutput(answers[0], tgt)
	res.Warnings = Lint("text", text, res.Body, terms, src, tgt)
	return res, nil
}

// translate answers segs from the memory and sends the rest, each distinct text once, in one
// provider request, remembering the answers and counting what was sent. plain holds each
// segment's text without markup, for finding the glossary terms to send. It returns the raw
// answer for each segment.
func (t *Translator) translate(ctx context.Context, segs []Segment, plain []string, terms []Term, src, tgt locale.Lang, res *Result) ([]string, error) {
	keyOf := func(html bool) MemoryKey {
		return MemoryKey{Provider: t.provider.Name(), Model: t.provider.Model(), Source: src, Target: tgt, HTML: html}
	}
	// known holds the answers by format (false: text, true: HTML) and source text.
	known := map[bool]map[string]string{}
	for _, html := range []bool{false, true} {
		var texts []string
		for _, s := range segs {
			if s.IsHTML == html {
				texts = append(texts, s.Text)
			}
		}
		m, err := t.memory.Lookup(ctx, keyOf(html), texts)
		if err != nil {
			return nil, err
		}
		known[html] = m
	}
	var send []Segment
	var sendPlain []string
	queued := map[bool]map[string]bool{false: {}, true: {}}
	for i, s := range segs {
		switch {
		case hasKey(known[s.IsHTML], s.Text):
			res.CacheHits++
		case !queued[s.IsHTML][s.Text]:
			queued[s.IsHTML][s.Text] = true
			send, sendPlain = append(send, s), append(sendPlain, plain[i])
		}
	}
	if len(send) > 0 {
		out, err := t.provider.Translate(ctx, Request{Segments: send, Source: src, Target: tgt, Glossary: TermsIn(terms, src, sendPlain...)})
		if err != nil {
			return nil, err
		}
		if len(out) != len(send) {
			return nil, fmt.Errorf("%s: %w: %d translations for %d segments", t.provider.Name(), ErrBadResponse, len(out), len(send))
		}
		chars := 0
		fresh := map[bool]map[string]string{false: {}, true: {}}
		for i, s := range send {
			chars += utf8.RuneCountInString(s.Text)
			fresh[s.IsHTML][s.Text] = out[i]
			known[s.IsHTML][s.Text] = out[i]
		}
		now := t.now()
		err = t.db.InTx(ctx, func(tx *db.Tx) error {
			for html, m := range fresh {
				if err := remember(ctx, tx, keyOf(html), m, now); err != nil {
					return err
				}
			}
			return addUsage(ctx, tx, t.provider.Name(), chars, len(send), now)
		})
		if err != nil {
			return nil, err
		}
		res.CharsSent += chars
		res.Sent += len(send)
	}
	answers := make([]string, len(segs))
	for i, s := range segs {
		answers[i] = known[s.IsHTML][s.Text]
	}
	return answers, nil
}

func hasKey(m map[string]string, k string) bool {
	_, ok := m[k]
	return ok
}
