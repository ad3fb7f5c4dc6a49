package enquiries

import (
	"strings"
	"unicode"

	"github.com/batori-news/batori/internal/fielderr"
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

// normalize tidies in and records what is wrong with it in v.
func (in *NewEnquiry) normalize(v *fielderr.Error) {
	in.Name = clean(strings.Join(strings.Fields(in.Name), " "))
	in.Email = strings.TrimSpace(in.Email)
	in.Phone = clean(strings.Join(strings.Fields(in.Phone), " "))
	in.Message = clean(strings.TrimSpace(strings.ReplaceAll(in.Message, "\r\n", "\n")))
	if in.Lang != locale.Assamese {
		in.Lang = locale.English
	}
	kind, ok := ParseKind(in.Kind)
	if v.Required("type", in.Kind) && !ok {
		v.AddProblem("type", fielderr.Problem{Code: fielderr.NotAllowed, Allowed: kindNames()})
	}
	if v.Required("name", in.Name) {
		v.MaxLen("name", in.Name, MaxName)
	}
	v.Email("email", in.Email)
	checkPhone(v, in.Phone)
	v.Text("message", in.Message, MinMessage, MaxMessage)
	if in.File != nil {
		switch {
		case ok && !kind.AllowsAttachment():
			v.Add("attachment", fielderr.FileTipsOnly)
		case in.File.TooLarge || len(in.File.Data) > MaxAttachmentBytes:
			v.AddProblem("attachment", fielderr.Problem{Code: fielderr.FileTooLarge, Max: MaxAttachmentBytes >> 20})
		case len(in.File.Data) == 0:
			v.Add("attachment", fielderr.FileEmpty)
		}
	}
	if in.Key == "" {
		// A programming error of the caller, reported like a field so it is never silent.
		v.Add("token", fielderr.Required)
	}
}

// kindNames are the Kinds as the form sends them.
func kindNames() []string {
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k)
	}
	return names
}

// checkPhone accepts an empty phone or one written with digits (Latin or Assamese), spaces
// and + - ( ), 6 to 15 digits long.
func checkPhone(v *fielderr.Error, s string) {
	if s == "" || !v.MaxLen("phone", s, MaxPhone) {
		return
	}
	digits := 0
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9', r >= '০' && r <= '৯':
			digits++
		case strings.ContainsRune(" +-().", r):
		default:
			digits = -1 << 10
		}
	}
	if digits < 6 || digits > 15 {
		v.AddProblem("phone", fielderr.Problem{Code: fielderr.InvalidPhone, Min: 6, Max: 15})
	}
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
