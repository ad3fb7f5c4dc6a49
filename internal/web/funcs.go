package web

import (
	"errors"
	"html/template"
	"strings"
)

// Funcs returns the template functions the reader and newsroom templates use. They stay
// small: anything that needs data or decisions belongs in the handler building the page.
func Funcs(a *Assets) template.FuncMap {
	return template.FuncMap{
		// asset turns a static file's name into its fingerprinted URL.
		"asset": a.URL,
		// dict bundles values for a partial: {{template "card" (dict "C" . "P" $.Page)}}.
		"dict": dict,
		// add is for list separators ("A, B and C") and 1-based numbering.
		"add": func(a, b int) int { return a + b },
		// int64 converts an int for the locale methods that count (TCount, Number).
		"int64": func(n int) int64 { return int64(n) },
		// tel turns a phone number as written ("+91 361 254 0000") into a tel: URI body.
		"tel": tel,
	}
}

func dict(pairs ...any) (map[string]any, error) {
	if len(pairs)%2 != 0 {
		return nil, errors.New("dict: odd number of arguments")
	}
	m := make(map[string]any, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		k, ok := pairs[i].(string)
		if !ok {
			return nil, errors.New("dict: keys must be strings")
		}
		m[k] = pairs[i+1]
	}
	return m, nil
}

func tel(s string) string {
	var b strings.Builder
	for i, r := range strings.TrimSpace(s) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '০' && r <= '৯':
			b.WriteRune('0' + (r - '০'))
		case r == '+' && i == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}
