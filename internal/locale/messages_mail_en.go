package locale

// mailEN holds the mail messages in English; keys match mailAS.
var mailEN = map[string]string{
	// The admin outbox page.
	"mail_outbox":          "Outbox",
	"mail_outbox_intro":    "Every mail the site sends waits here until it is delivered, and is retried when the mail server is unavailable.",
	"mail_outbox_empty":    "No mail here.",
	"mail_filter_all":      "All",
	"mail_status_queued":   "Queued",
	"mail_status_sent":     "Sent",
	"mail_status_failed":   "Failed",
	"mail_via_smtp":        "Sent by the mail server",
	"mail_via_log":         "Written to the server log (no mail server is set up)",
	"mail_to":              "To",
	"mail_subject":         "Subject",
	"mail_created":         "Queued at",
	"mail_sent_at":         "Sent at",
	"mail_attempts":        "Attempts",
	"mail_next_attempt":    "Next attempt",
	"mail_last_error":      "Last error",
	"mail_text_body":       "Text",
	"mail_html_body":       "HTML",
	"mail_requeue":         "Send again",
	"mail_requeued":        "The mail is queued again and will be sent shortly.",
	"mail_not_failed":      "Only a failed mail can be sent again.",
	"mail_not_found":       "There is no such mail in the outbox.",
	"mail_log_only_notice": "No mail server is set up, so mail is written to the server log instead of being sent. Set the SMTP settings to send mail.",
}
