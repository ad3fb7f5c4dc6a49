package locale

// profileEN holds the newsroom profile page's strings (one's byline, e-mail and password).
var profileEN = map[string]string{
	"nr_menu_profile":               "My profile",
	"nr_profile_title":              "My profile",
	"nr_profile_intro":              "Readers see your name and biography under your stories and on your author page.",
	"nr_profile_author_page_en":     "Your author page in English",
	"nr_profile_author_page_as":     "Your author page in Assamese",
	"nr_profile_byline":             "Byline",
	"nr_profile_name_en":            "Name in English",
	"nr_profile_name_as":            "Name in Assamese",
	"nr_profile_bio_en":             "Biography in English",
	"nr_profile_bio_as":             "Biography in Assamese",
	"nr_profile_bio_hint":           "A few lines on where you report from and what you cover. Plain text.",
	"nr_profile_save":               "Save profile",
	"nr_profile_email_heading":      "Change e-mail address",
	"nr_profile_email_now":          "Your sign-in address now:",
	"nr_profile_email_new":          "New e-mail address",
	"nr_profile_email_others_out":   "Password resets go to the new address from now on, and your other devices will be logged out.",
	"nr_profile_email_submit":       "Change e-mail address",
	"flash_profile_saved":           "Your profile has been saved.",
	"flash_email_changed":           "Your e-mail address has been changed. Your other devices were logged out.",
	"nr_sec_kind_email_changed":     "E-mail address changed",
	"nr_mail_email_changed_subject": "Your e-mail address was changed",
	"nr_mail_email_changed_body":    "The e-mail address of your newsroom account was changed to {0}. From now on you sign in, and password resets are sent, with that address.\n\nIf you did not make this change, tell your newsroom's admin at once.",
}
