// Package fielderr is the error every domain package returns for bad input: what is wrong,
// by field, as codes the HTTP layer turns into messages in the reader's language.
package fielderr

import (
	"sort"
	"strings"
)

// Error lists what is wrong with an input, by field name, each with a code or message key.
type Error struct{ Fields map[string]string }

func (e *Error) Error() string {
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + e.Fields[k]
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Add records what is wrong with field; the first problem found for a field is the one shown.
func (e *Error) Add(field, code string) {
	if e.Fields == nil {
		e.Fields = map[string]string{}
	}
	if _, ok := e.Fields[field]; !ok {
		e.Fields[field] = code
	}
}

// OrNil returns e when it holds a problem and nil otherwise, so a validator ends with
// `return v.OrNil()`.
func (e *Error) OrNil() error {
	if len(e.Fields) == 0 {
		return nil
	}
	return e
}
