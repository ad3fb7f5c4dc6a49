package people

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/batori-news/batori/internal/fielderr"
)

// commonPasswords are passwords long enough to pass the length rule that still appear at the
// top of every leaked-password list, plus local favourites; checked case-insensitively.
var commonPasswords = map[string]bool{
	"1234567890": true, "12345678910": true, "123456789012": true, "0987654321": true, "1111111111": true,
	"0000000000": true, "1234512345": true, "qwertyuiop": true, "1q2w3e4r5t": true, "1qaz2wsx3edc": true,
	"qwerty12345": true, "qwerty123456": true, "password12": true, "password123": true, "password1234": true,
	"passw0rd123": true, "iloveyou12": true, "abcdefghij": true, "abcd123456": true, "abc1234567": true,
	"letmein123": true, "welcome123": true, "welcome@123": true, "admin12345": true, "admin@1234": true,
	"administrator": true, "changeme123": true, "football123": true, "princess123": true, "sunshine123": true,
	"india12345": true, "india@1234": true, "assam12345": true, "assam@1234": true, "guwahati123": true,
	"guwahati@123": true, "batori1234": true, "batori12345": true, "newspaper1": true, "reporter123": true,
	"journalist1": true, "bihu123456": true, "password@123": true, "pass@12345": true, "test123456": true,
}

// checkPassword records in v what makes password too weak for field: too short or long, a
// well-known password, or one built from the account's own e-mail or name.
func checkPassword(v *fielderr.Error, field, password, email, name string) {
	if utf8.RuneCountInString(password) < MinPasswordLength {
		v.AddProblem(field, fielderr.Problem{Code: fielderr.PasswordTooShort, Min: MinPasswordLength})
		return
	}
	if !v.MaxLen(field, password, maxPasswordLength) {
		return
	}
	lower := strings.ToLower(password)
	if commonPasswords[lower] {
		v.Add(field, fielderr.PasswordCommon)
		return
	}
	if first, _ := utf8.DecodeRuneInString(lower); strings.Trim(lower, string(first)) == "" {
		v.Add(field, fielderr.PasswordRepeated)
		return
	}
	local, _, _ := strings.Cut(strings.ToLower(email), "@")
	if len(local) >= 4 && strings.Contains(lower, local) {
		v.Add(field, fielderr.PasswordHasEmail)
		return
	}
	for _, part := range strings.Fields(strings.ToLower(name)) {
		// A name with a few characters added ("priyanka1990") is guessed first.
		if utf8.RuneCountInString(part) >= 4 && strings.Contains(lower, part) && weakRest(strings.Replace(lower, part, "", 1)) {
			v.Add(field, fielderr.PasswordIsName)
			return
		}
	}
}

// PasswordProblem returns a *fielderr.Error (field "password") saying why password is too
// weak for the account with this e-mail and name, or nil when it is acceptable.
func PasswordProblem(password, email, name string) error {
	var v fielderr.Error
	checkPassword(&v, "password", password, email, name)
	return v.OrNil()
}

// weakRest reports whether what a password adds to a name is only a few characters or only
// digits and punctuation (a year, "@123").
func weakRest(rest string) bool {
	if utf8.RuneCountInString(rest) < 5 {
		return true
	}
	return !strings.ContainsFunc(rest, unicode.IsLetter)
}
