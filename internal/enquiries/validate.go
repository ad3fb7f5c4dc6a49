package enquiries

import (
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/batori-news/batori/internal/locale"
)

// Limits on what a reader may send.
const (
	MaxName    = 120
	MaxEmail   = 254
	MaxPhone   = 30
	MaxMessage = 5000
	// MinMessage keeps out one-word messages nobody can act on.
	MinMessage = 10
	// MaxNote bounds a newsroom note, MaxReply a reply.
	MaxNote  = 5000
	MaxReply = 10000
)

// NewEnquiry is a submission from the Enquiry form.
type NewEnquiry struct {
	// Key is the form's one-time key (from CheckFormToken): submitting it twice stores one
	// enquiry.
	Key     string
	Kind    string
	Lang    locale.Lang
	Name    string
	Email   string
	Phone   string
	Message string
	// ClientAddr is where the form came from; enquiries from one address are rate limited.
	ClientAddr string
	// File is the attachment, nil when none was chosen.
	File *Upload
}

// Upload is a file as the reader sent it. Its name and declared type are never trusted: the
// content decides what it is.
type Upload struct {
	Name string
	Data []byte
	// TooLarge is set by a caller that stopped reading past MaxAttachmentBytes, so the
	// reader hears the file is too large rather than that it is damaged.
	TooLarge bool
}

// normalize tidies in and reports what is wrong with it, by field.
func (in *NewEnquiry) normalize() map[string]string {
	fe := map[string]string{}
	in.Name = clean(strings.Join(strings.Fields(in.Name), " "))
	in.Email = strings.TrimSpace(in.Email)
	in.Phone = clean(strings.Join(strings.Fields(in.Phone), " "))
	in.Message = clean(strings.TrimSpace(strings.ReplaceAll(in.Message, "\r\n", "\n")))
	if in.Lang != locale.Assamese {
		in.Lang = locale.English
	}
	kind, ok := ParseKind(in.Kind)
	switch {
	case in.Kind == "":
		fe["type"] = CodeRequired
	case !ok:
		fe["type"] = CodeUnknownChoice
	}
	switch n := utf8.RuneCountInString(in.Name); {
	case n == 0:
		fe["name"] = CodeRequired
	case n > MaxName:
		fe["name"] = CodeTooLong
	}
	if code := checkEmail(in.Email); code != "" {
		fe["email"] = code
	}
	if code := checkPhone(in.Phone); code != "" {
		fe["phone"] = code
	}
	switch n := utf8.RuneCountInString(in.Message); {
	case n == 0:
		fe["message"] = CodeRequired
	case n < MinMessage:
		fe["message"] = CodeTooShort
	case n > MaxMessage:
		fe["message"] = CodeTooLong
	}
	if in.File != nil {
		switch {
		case ok && !kind.AllowsAttachment():
			fe["attachment"] = CodeFileNotTip
		case in.File.TooLarge || len(in.File.Data) > MaxAttachmentBytes:
			fe["attachment"] = CodeFileTooLarge
		case len(in.File.Data) == 0:
			fe["attachment"] = CodeFileEmpty
		}
	}
	if in.Key == "" {
		// A programming error of the caller, reported like a field so it is never silent.
		fe["token"] = CodeRequired
	}
	return fe
}

// checkEmail returns "" for a plain address (no display name) of sensible length.
func checkEmail(s string) string {
	if s == "" {
		return CodeRequired
	}
	if len(s) > MaxEmail {
		return CodeTooLong
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || !strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".") {
		return CodeInvalid
	}
	return ""
}

// checkPhone returns "" for an empty phone or one written with digits (Latin or Assamese),
// spaces and + - ( ), 6 to 15 digits long.
func checkPhone(s string) string {
	if s == "" {
		return ""
	}
	if utf8.RuneCountInString(s) > MaxPhone {
		return CodeTooLong
	}
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r >= '০' && r <= '৯':
			digits++
		case strings.ContainsRune(" +-().", r):
		default:
			return CodeInvalid
		}
	}
	if digits < 6 || digits > 15 {
		return CodeInvalid
	}
	return ""
}

// clean normalises text to NFC and drops control characters other than line breaks and tabs.
func clean(s string) string {
	s = strings.ToValidUTF8(s, "")
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' {
			return r
		}
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	return locale.Normalize(s)
}

// cleanFileName keeps the last path element of a file name (old browsers send
// C:\fakepath\…), printable and at most 200 characters.
func cleanFileName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.TrimSpace(strings.ReplaceAll(clean(name), "\n", " "))
	name = strings.ReplaceAll(name, "\t", " ")
	if r := []rune(name); len(r) > 200 {
		name = string(r[:200])
	}
	return name
}
