package locale

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/number"
)

// catalog returns the message table for lang. The tables are never written to.
func catalog(lang Lang) map[string]string {
	if lang == Assamese {
		return messagesAS
	}
	return messagesEN
}

// Keys returns every message key, sorted; both languages have the same keys.
func Keys() []string {
	return slices.Sorted(maps.Keys(messagesEN))
}

// Has reports whether the catalog has a message for key.
func (l *Locale) Has(key string) bool {
	_, ok := l.messages[key]
	return ok
}

// T returns the message for key with args substituted for its {0}, {1}…
// placeholders. Integer args are written with l.Number, time.Time args with l.Date, and
// anything else with fmt.Sprint. An unknown key returns the key itself, so a
// missing translation shows up on the page instead of an empty string.
func (l *Locale) T(key string, args ...any) string {
	msg, ok := l.messages[key]
	if !ok {
		return key
	}
	return l.fill(msg, args)
}

// TCount returns the message for key counting n: it uses key+"_one" when n
// takes the language's "one" plural form and that key exists, else key.
// n is {0}; args follow as {1}, {2}, …
func (l *Locale) TCount(key string, n int64, args ...any) string {
	if pluralForm(l.lang, n) == plural.One && l.Has(key+"_one") {
		key += "_one"
	}
	return l.T(key, append([]any{n}, args...)...)
}

// pluralForm returns the CLDR cardinal plural form of the integer n.
func pluralForm(lang Lang, n int64) plural.Form {
	if n < 0 {
		n = -n
	}
	// English and Assamese only single out 0 and 1, so clamping huge (and
	// the one overflowing negative) values keeps the int conversion safe.
	if n < 0 || n > 1_000_000 {
		n = 1_000_000
	}
	tag, ok := pluralTags[lang]
	if !ok {
		tag = language.Make(string(lang))
	}
	return plural.Cardinal.MatchPlural(tag, int(n), 0, 0, 0, 0)
}

// pluralTags are the languages' tags, parsed once: pluralForm runs for every relative time
// and count a page prints, and parsing a tag was most of its cost.
var pluralTags = map[Lang]language.Tag{English: language.Make(string(English)), Assamese: language.Make(string(Assamese))}

// fill substitutes args into the {n} placeholders of msg. Placeholders
// without a matching arg are left as they are.
func (l *Locale) fill(msg string, args []any) string {
	if len(args) == 0 || !strings.Contains(msg, "{") {
		return msg
	}
	var b strings.Builder
	for {
		open := strings.IndexByte(msg, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(msg[open:], '}')
		if end < 0 {
			break
		}
		end += open
		i, ok := placeholderIndex(msg[open+1 : end])
		if !ok || i >= len(args) {
			b.WriteString(msg[:open+1])
			msg = msg[open+1:]
			continue
		}
		b.WriteString(msg[:open])
		b.WriteString(l.arg(args[i]))
		msg = msg[end+1:]
	}
	b.WriteString(msg)
	return b.String()
}

// placeholderIndex parses the digits between braces.
func placeholderIndex(s string) (int, bool) {
	if s == "" || len(s) > 2 {
		return 0, false
	}
	n := 0
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// arg renders one message argument in the locale.
func (l *Locale) arg(a any) string {
	switch v := a.(type) {
	case string:
		return v
	case int:
		return l.Number(int64(v))
	case int64:
		return l.Number(v)
	case int8, int16, int32, uint, uint8, uint16, uint32, uint64:
		return l.printer.Sprint(number.Decimal(v))
	case time.Time:
		return l.Date(v)
	}
	return fmt.Sprint(a)
}

// The catalogs are built once from one table per area of the product, each kept in its own
// file so that areas grow independently.
var (
	messagesEN = merge(fieldsEN, siteEN, newsroomEN, deskEN, mailEN, mediaEN, adminEN, commentsEN, enquiriesEN, editionsEN, translationEN, routesEN, securityEN, popularEN, searchEN, discoverEN, pagesEN, polishEN, resilienceEN, breakingEN, outageEN, channelsEN, profileEN, liveEN, pushEN, digestEN, verify15EN)
	messagesAS = merge(fieldsAS, siteAS, newsroomAS, deskAS, mailAS, mediaAS, adminAS, commentsAS, enquiriesAS, editionsAS, translationAS, routesAS, securityAS, popularAS, searchAS, discoverAS, pagesAS, polishAS, resilienceAS, breakingAS, outageAS, channelsAS, profileAS, liveAS, pushAS, digestAS, verify15AS)
)

// merge joins message tables; a key defined twice is a programming error caught at start-up.
func merge(tables ...map[string]string) map[string]string {
	out := map[string]string{}
	for _, t := range tables {
		for k, v := range t {
			if _, dup := out[k]; dup {
				panic("locale: message key defined twice: " + k)
			}
			out[k] = v
		}
	}
	return out
}
