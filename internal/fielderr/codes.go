package fielderr

// Code names one kind of problem with a field. The set is closed: every code is one of the
// constants below, each with an English and an Assamese message under "field_" + code in the
// locale catalog. A message that must be specific to a field is a code of its own.
type Code string

// The codes, with the parameters of Problem their messages quote.
const (
	// Required: the field is empty.
	Required Code = "required"
	// RequiredToPublish: the field may be empty while drafting, not when publishing.
	RequiredToPublish Code = "required_to_publish"
	// TooLong: more than Max characters.
	TooLong Code = "too_long"
	// TooShort: fewer than Min characters.
	TooShort Code = "too_short"
	// Invalid: the value is malformed in a way the form's control prevents; a general message.
	Invalid Code = "invalid"
	// InvalidEmail: not one plain e-mail address.
	InvalidEmail Code = "invalid_email"
	// InvalidPhone: not a phone number of Min to Max digits.
	InvalidPhone Code = "invalid_phone"
	// InvalidSlug: not lower-case letters, digits and hyphens.
	InvalidSlug Code = "invalid_slug"
	// InvalidDate: not a date and time.
	InvalidDate Code = "invalid_date"
	// InPast: a time that must lie in the future does not.
	InPast Code = "in_past"
	// NotAllowed: not one of the offered choices (listed in Allowed when they are few).
	NotAllowed Code = "not_allowed"
	// NotFound: the field names something (a picture, an account) that does not exist.
	NotFound Code = "not_found"
	// Taken: the value is used already (an e-mail address, a slug, a glossary term).
	Taken Code = "taken"
	// AccountExists: an account with this e-mail address exists already.
	AccountExists Code = "account_exists"
	// InvalidKeyFile: not a usable service-account key file (JSON with client_email and
	// private_key).
	InvalidKeyFile Code = "invalid_key_file"
	// OutOfRange: a number outside Min to Max.
	OutOfRange Code = "out_of_range"
	// NotNumber: not a whole number.
	NotNumber Code = "not_number"
	// NotBool: not true or false.
	NotBool Code = "not_bool"
	// NotDuration: not a duration such as 30s.
	NotDuration Code = "not_duration"
	// NotOneLine: a line break where one line is needed.
	NotOneLine Code = "not_one_line"
	// TooMany: a list of more than Max entries.
	TooMany Code = "too_many"
	// TooManyLinks: more than Max links.
	TooManyLinks Code = "too_many_links"
	// WrongPassword: not the account's current password.
	WrongPassword Code = "wrong_password"
	// PasswordTooShort: a new password of fewer than Min characters.
	PasswordTooShort Code = "password_too_short"
	// PasswordCommon: a new password found on leaked-password lists.
	PasswordCommon Code = "password_common"
	// PasswordRepeated: a new password repeating one character.
	PasswordRepeated Code = "password_repeated"
	// PasswordHasEmail: a new password containing the account's e-mail address.
	PasswordHasEmail Code = "password_has_email"
	// PasswordIsName: a new password made of the account's name.
	PasswordIsName Code = "password_is_name"
	// FileType: an attachment of a type not accepted.
	FileType Code = "file_type"
	// FileTooLarge: an attachment of more than Max megabytes.
	FileTooLarge Code = "file_too_large"
	// FileEmpty: an attachment with no content.
	FileEmpty Code = "file_empty"
	// FileTipsOnly: an attachment on an enquiry that is not a news tip.
	FileTipsOnly Code = "file_tips_only"
	// FileDamaged: a file cut short or otherwise broken.
	FileDamaged Code = "file_damaged"
	// FileHidden: a file carrying something besides what it is (data appended, markup inside).
	FileHidden Code = "file_hidden"
	// FileScript: a document that runs scripts or actions when opened.
	FileScript Code = "file_script"
	// FileName: a file name with a path, control characters or direction overrides.
	FileName Code = "file_name"
	// FileExtension: a file name whose extension names another type than its content.
	FileExtension Code = "file_extension"
	// FilePixels: a picture whose stated size is beyond the limits.
	FilePixels Code = "file_pixels"
)

// Codes returns the closed set, in declaration order.
func Codes() []Code {
	return []Code{
		Required, RequiredToPublish, TooLong, TooShort, Invalid, InvalidEmail, InvalidPhone,
		InvalidSlug, InvalidDate, InPast, NotAllowed, NotFound, Taken, AccountExists, InvalidKeyFile,
		OutOfRange, NotNumber,
		NotBool, NotDuration, NotOneLine, TooMany, TooManyLinks, WrongPassword, PasswordTooShort,
		PasswordCommon, PasswordRepeated, PasswordHasEmail, PasswordIsName, FileType,
		FileTooLarge, FileEmpty, FileTipsOnly, FileDamaged, FileHidden, FileScript, FileName,
		FileExtension, FilePixels,
	}
}

// MessageKey is the locale catalog key of code's message.
func (c Code) MessageKey() string { return "field_" + string(c) }
