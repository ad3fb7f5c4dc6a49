package locale

import (
	"strconv"
	"strings"

	"golang.org/x/text/number"
)

// Digits converts the ASCII digits in s to Assamese digits ০–৯ when the
// locale is Assamese with native digits, and returns s unchanged otherwise.
func (l *Locale) Digits(s string) string {
	if !l.native {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '০' + (r - '0')
		}
		return r
	}, s)
}

// Number writes n with the locale's grouping and digits: western grouping in
// English (1,234,567) and CLDR's Indian lakh grouping in Assamese
// (১২,৩৪,৫৬৭ or 12,34,567).
func (l *Locale) Number(n int64) string {
	if n >= 0 && n < 1000 {
		// No grouping below a thousand: the digits alone, without the formatter's cost
		// (counts and "n minutes ago" on every card).
		return l.Digits(strconv.FormatInt(n, 10))
	}
	return l.printer.Sprint(number.Decimal(n))
}
