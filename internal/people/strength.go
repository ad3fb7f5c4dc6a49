package people

import (
	"fmt"
	"strings"
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

// PasswordProblem returns why password is too weak, or "" when it is acceptable: long enough,
// not a well-known password and not built from the account's own e-mail or name.
func PasswordProblem(password, email, name string) string {
	if utf8.RuneCountInString(password) < MinPasswordLength {
		return fmt.Sprintf("password must be at least %d characters", MinPasswordLength)
	}
	if utf8.RuneCountInString(password) > 200 {
		return "password must be at most 200 characters"
	}
	lower := strings.ToLower(password)
	if commonPasswords[lower] {
		return "this password is too common; choose another"
	}
	if first := strings.Count(lower, lower[:1]); first == len(lower) {
		return "password must not repeat one character"
	}
	local, _, _ := strings.Cut(strings.ToLower(email), "@")
	if len(local) >= 4 && strings.Contains(lower, local) {
		return "password must not contain your e-mail address"
	}
	for _, part := range strings.Fields(strings.ToLower(name)) {
		// A name with a few characters added ("priyanka1990") is guessed first.
		if utf8.RuneCountInString(part) >= 4 && strings.Contains(lower, part) && utf8.RuneCountInString(lower)-utf8.RuneCountInString(part) < 5 {
			return "password must not be your name"
		}
	}
	return ""
}
