package locale

// fieldsEN holds the messages of field problems in English, one per code of package fielderr
// ("field_" + code); keys match fieldsAS. The numbers a message quotes
// ({0}, {1}) are the problem's bounds, lower first (fielderr.Problem.args).
var fieldsEN = map[string]string{
	"field_required":            "Please fill this in.",
	"field_required_to_publish": "Fill this in before publishing.",
	"field_too_long":            "This is too long: use at most {0} characters.",
	"field_too_short":           "This is too short: use at least {0} characters.",
	"field_invalid":             "Please check this.",
	"field_invalid_email":       "Enter a valid e-mail address, such as name@example.org.",
	"field_invalid_phone":       "Enter a phone number of {0} to {1} digits, such as +91 98640 12345.",
	"field_invalid_slug":        "Use lower-case letters, digits and hyphens only.",
	"field_invalid_date":        "This is not a date and time.",
	"field_in_past":             "Choose a time in the future.",
	"field_not_allowed":         "Choose one of the options offered.",
	"field_not_found":           "There is nothing with this number.",
	"field_taken":               "This is in use already; choose another.",
	"field_account_exists":      "An account with this e-mail address already exists. Log in, or reset your password if you have forgotten it.",
	"field_invalid_key_file":    "This is not a service-account key file: paste the whole JSON file, with its client_email and private_key.",
	"field_out_of_range":        "Enter a number from {0} to {1}.",
	"field_not_number":          "Enter a whole number.",
	"field_not_bool":            "Enter true or false.",
	"field_not_duration":        "Enter a duration such as 30s or 2m.",
	"field_not_one_line":        "Keep this to one line.",
	"field_too_many":            "This has too many entries: use at most {0}.",
	"field_too_many_links":      "Use at most {0} links.",
	"field_wrong_password":      "This is not your current password.",
	"field_password_too_short":  "Use at least {0} characters.",
	"field_password_common":     "This password is too common and easy to guess. Choose another.",
	"field_password_repeated":   "Do not repeat a single character. Choose another password.",
	"field_password_has_email":  "Do not use your e-mail address in the password.",
	"field_password_is_name":    "Do not use your name as the password.",
	"field_file_type":           "This file is not a JPEG, PNG or WebP photo or a PDF. Please attach one of those.",
	"field_file_too_large":      "This file is larger than {0} MB. Please attach a smaller one.",
	"field_file_empty":          "This file is empty. Please attach another one.",
	"field_file_tips_only":      "Files can be attached to news tips only. Choose “News tip”, or send your message without the file.",

	// Codes worded for one field (fielderr.MessageFor): the story desk's fields.
	"field_required@headline":             "Write a headline.",
	"field_required@section":              "Choose a section.",
	"field_required@comment":              "Tell the reporter what to change.",
	"field_required@correction_note":      "Write the correction readers will see.",
	"field_required@publish_at":           "Choose the date and time to publish.",
	"field_required_to_publish@image_alt": "Describe the picture before publishing.",
}
