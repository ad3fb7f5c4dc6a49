package people

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
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

// Codes PasswordProblem returns; the HTTP layer shows them in the user's language.
const (
	PasswordTooShort = "password_short"
	PasswordTooLong  = "password_long"
	PasswordCommon   = "password_common"
	PasswordRepeated = "password_repeated"
	PasswordHasEmail = "password_has_email"
	PasswordIsName   = "password_is_name"
)

// PasswordAdvice is the English explanation of a PasswordProblem code, for the command line.
func PasswordAdvice(code string) string {
	switch code {
	case PasswordTooShort:
		return fmt.Sprintf("password must be at least %d characters", MinPasswordLength)
	case PasswordTooLong:
		return "password must be at most 200 characters"
	case PasswordCommon:
		return "this password is too common; choose another"
	case PasswordRepeated:
		return "password must not repeat one character"
	case PasswordHasEmail:
		return "password must not contain your e-mail address"
	case PasswordIsName:
		return "password must not be your name"
	}
	return code
}

// PasswordProblem returns a code saying why password is too weak, or "" when it is
// acceptable: long enough, not a well-known password and not built from the account's own
// e-mail or name.
func PasswordProblem(password, email, name string) string {
	if utf8.RuneCountInString(password) < MinPasswordLength {
		return PasswordTooShort
	}
	if utf8.RuneCountInString(password) > 200 {
		return PasswordTooLong
	}
	lower := strings.ToLower(password)
	if commonPasswords[lower] {
		return PasswordCommon
	}
	if first, _ := utf8.DecodeRuneInString(lower); strings.Trim(lower, string(first)) == "" {
		return PasswordRepeated
	}
	local, _, _ := strings.Cut(strings.ToLower(email), "@")
	if len(local) >= 4 && strings.Contains(lower, local) {
		return PasswordHasEmail
	}
	for _, part := range strings.Fields(strings.ToLower(name)) {
		// A name with a few characters added ("priyanka1990") is guessed first.
		if utf8.RuneCountInString(part) >= 4 && strings.Contains(lower, part) && weakRest(strings.Replace(lower, part, "", 1)) {
			return PasswordIsName
		}
	}
	return ""
}

// weakRest reports whether what a password adds to a name is only a few characters or only
// digits and punctuation (a year, "@123").
func weakRest(rest string) bool {
	if utf8.RuneCountInString(rest) < 5 {
		return true
	}
	return !strings.ContainsFunc(rest, unicode.IsLetter)
}
