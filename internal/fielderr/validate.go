package fielderr

import (
	"net/mail"
	"slices"
	"strings"
	"unicode/utf8"
)

// The validators below check one field each and record what is wrong in e, so a domain
// package validates the same way everywhere:
//
//	var v fielderr.Error
//	v.Required("name", in.Name)
//	v.MaxLen("name", in.Name, 120)
//	v.Email("email", in.Email)
//	return v.OrNil()
//
// Each reports whether the field passed (or was already found wrong, when false), so a
// caller can skip further checks of a field. A field's first problem is the one kept.

// MaxEmail bounds an e-mail address (RFC 5321's path limit).
const MaxEmail = 254

// Required records Required when s is empty or only spaces.
func (e *Error) Required(field, s string) bool {
	if strings.TrimSpace(s) == "" {
		e.Add(field, Required)
		return false
	}
	return true
}

// MaxLen records TooLong when s has more than max characters.
func (e *Error) MaxLen(field, s string, max int) bool {
	if utf8.RuneCountInString(s) > max {
		e.AddProblem(field, Problem{Code: TooLong, Max: max})
		return false
	}
	return true
}

// MinLen records TooShort when s has fewer than min characters.
func (e *Error) MinLen(field, s string, min int) bool {
	if utf8.RuneCountInString(s) < min {
		e.AddProblem(field, Problem{Code: TooShort, Min: min})
		return false
	}
	return true
}

// Text records Required, TooShort or TooLong for s, which must have min to max characters
// (min 1 for a text that must simply be there).
func (e *Error) Text(field, s string, min, max int) bool {
	return e.Required(field, s) && e.MinLen(field, s, min) && e.MaxLen(field, s, max)
}

// Email records Required, TooLong or InvalidEmail unless s is one plain address
// (name@example.org: no display name, a dot inside the domain) of at most MaxEmail bytes.
func (e *Error) Email(field, s string) bool {
	if !e.Required(field, s) {
		return false
	}
	if len(s) > MaxEmail {
		e.AddProblem(field, Problem{Code: TooLong, Max: MaxEmail})
		return false
	}
	addr, err := mail.ParseAddress(s)
	_, domain, _ := strings.Cut(s, "@")
	if err != nil || addr.Address != s || strings.ContainsAny(s, " \t") ||
		!strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") {
		e.Add(field, InvalidEmail)
		return false
	}
	return true
}

// OneOf records NotAllowed, with the choices, unless s is one of allowed.
func (e *Error) OneOf(field, s string, allowed ...string) bool {
	if !slices.Contains(allowed, s) {
		e.AddProblem(field, Problem{Code: NotAllowed, Allowed: allowed})
		return false
	}
	return true
}

// Range records OutOfRange unless min <= n <= max.
func (e *Error) Range(field string, n, min, max int) bool {
	if n < min || n > max {
		e.AddProblem(field, Problem{Code: OutOfRange, Min: min, Max: max})
		return false
	}
	return true
}
