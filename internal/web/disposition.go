package web

import (
	"mime"
	"strings"
	"unicode"
)

// AttachmentDisposition is the Content-Disposition of a download named name (RFC 6266): the
// name as a plain ASCII fallback in filename, and, when it has other characters, the whole
// name UTF-8 percent-encoded in filename* (RFC 8187), which every current browser prefers.
// Control characters and path separators never reach either.
func AttachmentDisposition(name string) string {
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '/' || r == '\\' || r == utf8RuneError {
			return -1
		}
		return r
	}, strings.ToValidUTF8(name, ""))
	if name == "" {
		name = "download"
	}
	var ascii strings.Builder
	plain := true
	for _, r := range name {
		if r < 0x20 || r > 0x7E {
			plain = false
			if !strings.HasSuffix(ascii.String(), "_") {
				ascii.WriteByte('_')
			}
			continue
		}
		ascii.WriteRune(r)
	}
	v := mime.FormatMediaType("attachment", map[string]string{"filename": ascii.String()})
	if plain {
		return v
	}
	var enc strings.Builder
	for _, b := range []byte(name) {
		if isAttrChar(b) {
			enc.WriteByte(b)
			continue
		}
		const hex = "0123456789ABCDEF"
		enc.WriteByte('%')
		enc.WriteByte(hex[b>>4])
		enc.WriteByte(hex[b&15])
	}
	return v + "; filename*=UTF-8''" + enc.String()
}

const utf8RuneError = '\uFFFD'

// isAttrChar reports whether b may stand unencoded in an RFC 8187 value.
func isAttrChar(b byte) bool {
	switch {
	case b >= 'a' && b <= 'z', b >= 'A' && b <= 'Z', b >= '0' && b <= '9':
		return true
	}
	return strings.IndexByte("!#$&+-.^_`|~", b) >= 0
}
