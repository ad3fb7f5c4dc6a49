package locale

// resilienceEN holds the English messages said when storage fails or a request carries bytes
// that are not text, and the readers'-data notices. Keys match resilienceAS.
var resilienceEN = map[string]string{
	"err_invalid_text_title": "This address or form holds characters that are not text",
	"err_invalid_text_text":  "Please check what you typed or the link you followed, and try again.",
	"err_unavailable_title":  "Temporarily unavailable",
	"err_unavailable_text":   "We cannot reach our records just now, so nothing was saved. Please try again in a minute.",
	"form_err_not_saved":     "Nothing was saved: we cannot store anything just now. Your text is kept below; please send it again in a few minutes.",

	// What is kept and for how long (India's Digital Personal Data Protection Act, 2023).
	"privacy_comments_note": "Your e-mail address is never shown. A comment we do not publish is deleted after the period our privacy policy states; write to us to have your comments made anonymous or to get a copy of what we hold about you.",
	"privacy_enquiry_note":  "We keep an enquiry, with its attachment, for the period our privacy policy states after we close it, then delete it; write to us to have it deleted sooner or to get a copy of what we hold about you.",
	"comments_anonymous":    "A reader",

	// The proof of work asked of public forms under attack.
	"pow_err":               "Your browser needs to finish a short check before this form can be sent. Please make sure JavaScript is on and send it again; your text is kept below.",
	"pow_wait":              "Checking…",
	"nr_comments_label_pow": "Ask browsers for a short check before forms are sent",
	"nr_comments_hint_pow":  "Turn this on while robots flood the comment and enquiry forms: each reader's browser spends about a second on a puzzle, robots far more. Readers without JavaScript cannot send the forms while it is on.",
}
