package locale

// outageEN holds the English messages of the story editor's draft kept in the browser while
// saves fail, and of the newsroom's page for one person's data. Keys match outageAS.
var outageEN = map[string]string{
	"desk_draft_found":   "This browser kept words of this edition that were not saved. Restore them to go on where you left off, or discard them. Kept:",
	"desk_draft_restore": "Restore the unsaved words",
	"desk_draft_discard": "Discard them",

	// A person's request about their data (India's Digital Personal Data Protection Act, 2023).
	"nr_menu_privacy":           "Readers' data",
	"nr_privacy_title":          "A reader's personal data",
	"nr_privacy_intro":          "When a reader, tipster or commenter asks what we hold about them, or asks us to erase it, find their data by e-mail address. Both are noted in the audit log, which keeps a hash of the address, never the address.",
	"nr_privacy_label_email":    "Their e-mail address",
	"nr_privacy_hint_email":     "The address they commented, sent enquiries or asked for notices with.",
	"nr_privacy_export":         "Download what we hold (JSON)",
	"nr_privacy_erase":          "Erase it…",
	"nr_privacy_confirm_title":  "Erase this person's data?",
	"nr_privacy_confirm_text":   "Everything held about {0} will be erased: enquiries with their attachments, comments not published, mails to the address and notices asked for. Published comments keep their text, shown as by an anonymous reader. This cannot be undone.",
	"nr_privacy_confirm_button": "Erase for good",
	"nr_privacy_cancel":         "Cancel",
	"nr_privacy_done":           "Erased what was held about {0}:",
	"nr_privacy_done_enquiries": "enquiries erased: {0} (attachments: {1})",
	"nr_privacy_done_comments":  "comments removed: {0}; made anonymous: {1}",
	"nr_privacy_done_mails":     "mails erased: {0}",
	"err_feature_off_privacy":   "Readers' data requests are not set up on this site",

	// The privacy page's list of what is kept, from the admins' retention settings.
	"privacy_kept_title":         "What we keep about readers, and for how long",
	"privacy_kept_comments":      "Comments we do not publish (rejected or spam) are deleted {0} days after they were moderated.",
	"privacy_kept_comments_one":  "Comments we do not publish (rejected or spam) are deleted a day after they were moderated.",
	"privacy_kept_enquiries":     "Enquiries, with their attachments, are deleted {0} days after they are closed.",
	"privacy_kept_enquiries_one": "Enquiries, with their attachments, are deleted a day after they are closed.",
	"privacy_kept_mails":         "Mails we send to readers (acknowledgements, replies, notices) are deleted {0} days after they were sent.",
	"privacy_kept_mails_one":     "Mails we send to readers (acknowledgements, replies, notices) are deleted a day after they were sent.",
	"privacy_kept_limits":        "Counts of recent posts per network address, kept against spam, are deleted when their window ends, within a day.",
	"privacy_kept_backups":       "Backups of the site hold the same data; we keep the latest {0}, so what we delete leaves the backups once the last of them is replaced.",
	"privacy_kept_backups_one":   "Backups of the site hold the same data; we keep only the latest, so what we delete leaves it when it is next replaced.",

	// The retention settings on the newsroom's Readers' data page.
	"nr_privacy_settings_title":  "How long readers' data is kept",
	"nr_privacy_settings_intro":  "A daily job deletes what is older; the privacy policy page states these periods in both languages.",
	"nr_privacy_label_enquiries": "Closed enquiries and their attachments (days)",
	"nr_privacy_label_comments":  "Rejected and spam comments (days)",
	"nr_privacy_label_mails":     "Mails sent to readers (days)",
	"nr_privacy_label_backups":   "Scheduled backups kept",
	"nr_privacy_hint_backups":    "Older backups are removed after each new one; a backup holds readers' data too.",
	"nr_privacy_settings_save":   "Save the periods",
	"nr_privacy_settings_saved":  "The periods are saved.",
}
