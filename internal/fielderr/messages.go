package fielderr

import "github.com/batori-news/batori/internal/locale"

// Message is the text of p in l's language, its numbers written in l's digits. It is the one
// translator of field problems: every form, reader's or newsroom's, shows them through it.
func Message(l *locale.Locale, p Problem) string {
	return l.T(p.Code.MessageKey(), p.args()...)
}

// MessageFor is Message for a problem of the named field. Where a generic message would leave
// the person guessing ("Please fill this in." under a story's headline), the catalog may word
// the code for that field under "field_" + code + "@" + field ("Write a headline."); every
// other field gets the code's own message. The wording still comes from the code, never from
// the domain package.
func MessageFor(l *locale.Locale, field string, p Problem) string {
	if key := p.Code.MessageKey() + "@" + field; l.Has(key) {
		return l.T(key, p.args()...)
	}
	return Message(l, p)
}

// args are the parameters p's message quotes, as {0}, {1}…: a lower bound comes before an
// upper one. The choices of NotAllowed are not quoted (the form shows them already).
func (p Problem) args() []any {
	switch p.Code {
	case TooShort, PasswordTooShort:
		return []any{p.Min}
	case TooLong, TooMany, TooManyLinks, FileTooLarge:
		return []any{p.Max}
	case InvalidPhone, OutOfRange:
		return []any{p.Min, p.Max}
	}
	return nil
}

// Messages turns the problems of err (an *Error anywhere in its chain) into messages by
// field, for a form to show next to its fields; nil when err holds no field problems.
func Messages(l *locale.Locale, err error) map[string]string {
	fe, ok := As(err)
	if !ok || len(fe.Fields) == 0 {
		return nil
	}
	out := make(map[string]string, len(fe.Fields))
	for field, p := range fe.Fields {
		out[field] = MessageFor(l, field, p)
	}
	return out
}
