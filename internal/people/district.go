package people

import (
	"strings"

	"github.com/batori-news/batori/internal/locale"
)

// DistrictName is a district of Assam (as stored, in English) in l's language, for pages and
// mails.
func DistrictName(l *locale.Locale, name string) string {
	if key := districtKey(name); l.Has(key) {
		return l.T(key)
	}
	return name
}

func districtKey(name string) string {
	var b strings.Builder
	b.WriteString("district_")
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}
