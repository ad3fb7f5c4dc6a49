// Package fielderr is the one error every domain package returns for bad input: what is wrong,
// by field, as a code from a closed set plus typed parameters. Codes are words, never
// sentences; the messages for them live in the locale catalog (keys "field_" + code) and
// Messages is the one place that turns an Error into text in the reader's language.
package fielderr

import (
	"errors"
	"sort"
	"strconv"
	"strings"
)

// Problem is what is wrong with one field: a code and the parameters its message quotes.
type Problem struct {
	Code Code
	// Min and Max are the bounds a code refers to (at least Min characters, at most Max
	// characters, links, megabytes…); zero when the code has none.
	Min, Max int
	// Allowed lists the values a NotAllowed field accepts, for callers that offer them again.
	Allowed []string
}

// Error lists what is wrong with an input, by field name ("headline", "email", …).
type Error struct{ Fields map[string]Problem }

// New returns an Error with one field's problem, for domain code that finds one thing wrong.
func New(field string, code Code) *Error {
	return &Error{Fields: map[string]Problem{field: {Code: code}}}
}

// NewProblem is New with parameters.
func NewProblem(field string, p Problem) *Error {
	return &Error{Fields: map[string]Problem{field: p}}
}

// Error lists the fields and codes, sorted, for logs; it is never shown to a reader.
func (e *Error) Error() string {
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		p := e.Fields[k]
		parts[i] = k + ": " + string(p.Code)
		if p.Min != 0 {
			parts[i] += " min=" + strconv.Itoa(p.Min)
		}
		if p.Max != 0 {
			parts[i] += " max=" + strconv.Itoa(p.Max)
		}
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Add records that field has the problem code; the first problem found for a field is the
// one shown.
func (e *Error) Add(field string, code Code) { e.AddProblem(field, Problem{Code: code}) }

// AddProblem is Add with parameters.
func (e *Error) AddProblem(field string, p Problem) {
	if e.Fields == nil {
		e.Fields = map[string]Problem{}
	}
	if _, ok := e.Fields[field]; !ok {
		e.Fields[field] = p
	}
}

// Code returns the code recorded for field, or "" when the field is fine.
func (e *Error) Code(field string) Code {
	if e == nil {
		return ""
	}
	return e.Fields[field].Code
}

// Has reports whether a problem is recorded for field.
func (e *Error) Has(field string) bool {
	if e == nil {
		return false
	}
	_, ok := e.Fields[field]
	return ok
}

// OrNil returns e when it holds a problem and nil otherwise, so a validator ends with
// `return v.OrNil()`.
func (e *Error) OrNil() error {
	if e == nil || len(e.Fields) == 0 {
		return nil
	}
	return e
}

// As finds an *Error in err's chain.
func As(err error) (*Error, bool) {
	var fe *Error
	if errors.As(err, &fe) {
		return fe, true
	}
	return nil, false
}

// CodeOf returns the code recorded for field in the *Error in err's chain, or "" when err
// holds none for it.
func CodeOf(err error, field string) Code {
	fe, _ := As(err)
	return fe.Code(field)
}
