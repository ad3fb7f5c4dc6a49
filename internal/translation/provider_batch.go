package translation

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/batori-news/batori/internal/locale"
)

// isoLangCode is the ISO 639-1 code Google, Azure, Bhashini and IndicTrans2's Triton model use
// for our languages.
func isoLangCode(provider string, l locale.Lang) (string, error) {
	switch l {
	case locale.English:
		return "en", nil
	case locale.Assamese:
		return "as", nil
	}
	return "", fmt.Errorf("%s: language %q is not supported", provider, l)
}

// isoLangPair maps a request's languages with isoLangCode.
func isoLangPair(provider string, req Request) (src, tgt string, err error) {
	if src, err = isoLangCode(provider, req.Source); err != nil {
		return "", "", err
	}
	if tgt, err = isoLangCode(provider, req.Target); err != nil {
		return "", "", err
	}
	return src, tgt, nil
}

// batchLimits are what one request to an engine may carry.
type batchLimits struct {
	// items is the most segments per request.
	items int
	// chars is the most Unicode code points per request; 0 means no limit.
	chars int
	// charsHard refuses a segment longer than chars (ErrTooLarge); otherwise it goes alone.
	charsHard bool
	// bytes is the most JSON-encoded bytes of text per request, a hard limit; 0 means none.
	bytes int
}

// translateInBatches translates the segments that are not blank, split within lim, and returns
// one translation per segment in order. With byFormat, HTML and plain segments go in separate
// requests, because engines take one format per request. send translates one batch; a batch
// answered with the wrong number of translations is ErrBadResponse. Blank segments come back
// unchanged without a request.
func translateInBatches(ctx context.Context, provider string, segs []Segment, lim batchLimits, byFormat bool,
	send func(ctx context.Context, texts []string, html bool) ([]string, error)) ([]string, error) {
	out := make([]string, len(segs))
	var groups [2][]int // plain, HTML
	for i, s := range segs {
		if strings.TrimSpace(s.Text) == "" {
			out[i] = s.Text
			continue
		}
		g := 0
		if byFormat && s.IsHTML {
			g = 1
		}
		groups[g] = append(groups[g], i)
	}
	for g, idx := range groups {
		if len(idx) == 0 {
			continue
		}
		runs, err := planBatches(provider, segs, idx, lim)
		if err != nil {
			return nil, err
		}
		for _, run := range runs {
			texts := make([]string, len(run))
			for j, i := range run {
				texts[j] = segs[i].Text
			}
			got, err := send(ctx, texts, g == 1)
			if err != nil {
				return nil, err
			}
			if len(got) != len(texts) {
				return nil, &ProviderError{Provider: provider, Status: 200, Kind: ErrBadResponse,
					Message: fmt.Sprintf("asked for %d translations, got %d", len(texts), len(got))}
			}
			for j, i := range run {
				out[i] = got[j]
			}
		}
	}
	return out, nil
}

// planBatches splits the segments at idx into consecutive runs within lim.
func planBatches(provider string, segs []Segment, idx []int, lim batchLimits) ([][]int, error) {
	var runs [][]int
	var cur []int
	var chars, size int
	for _, i := range idx {
		text := segs[i].Text
		n := utf8.RuneCountInString(text)
		b := providerJSONLen(text) + 1 // the comma between array elements
		if lim.bytes > 0 && b > lim.bytes || lim.charsHard && lim.chars > 0 && n > lim.chars {
			limit, have, unit := lim.chars, n, "characters"
			if lim.bytes > 0 && b > lim.bytes {
				limit, have, unit = lim.bytes, b, "bytes"
			}
			return nil, &ProviderError{Provider: provider, Kind: ErrTooLarge,
				Message: fmt.Sprintf("segment %q has %d %s; one request takes at most %d", segs[i].ID, have, unit, limit)}
		}
		full := len(cur) >= lim.items ||
			lim.chars > 0 && chars+n > lim.chars ||
			lim.bytes > 0 && size+b > lim.bytes
		if len(cur) > 0 && full {
			runs = append(runs, cur)
			cur, chars, size = nil, 0, 0
		}
		cur = append(cur, i)
		chars += n
		size += b
	}
	if len(cur) > 0 {
		runs = append(runs, cur)
	}
	return runs, nil
}

// providerJSON encodes v without Go's escaping of <, > and &: HTML segments stay readable in
// logs and within the engines' byte limits.
func providerJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// providerJSONLen is the length of s encoded as a JSON string by providerJSON.
func providerJSONLen(s string) int {
	b, err := providerJSON(s)
	if err != nil {
		return len(s) + 2
	}
	return len(b)
}

// decodeProviderAnswer decodes an engine's 2xx answer, reporting a body we cannot read as ErrBadResponse.
func decodeProviderAnswer(c *httpCaller, body []byte, v any) error {
	if err := json.Unmarshal(body, v); err != nil {
		return c.fail(ErrBadResponse, 200, "unreadable answer: "+err.Error())
	}
	return nil
}

// providerDuration returns d, or def when d is not positive.
func providerDuration(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

// providerBaseURL trims a configured base URL, or returns def when it is empty.
func providerBaseURL(base, def string) string {
	base = strings.TrimRight(strings.TrimSpace(base), "/")
	if base == "" {
		return def
	}
	return base
}
