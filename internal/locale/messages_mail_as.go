package locale

// mailAS holds the mail messages in Assamese; keys match mailEN.
var mailAS = map[string]string{
	// The admin outbox page.
	"mail_outbox":          "আউটবক্স",
	"mail_outbox_intro":    "ছাইটে পঠিওৱা প্ৰতিটো মেইল পঠিওৱা নোহোৱালৈকে ইয়াত ৰৈ থাকে, আৰু মেইল ছাৰ্ভাৰ উপলব্ধ নহ’লে পুনৰ চেষ্টা কৰা হয়।",
	"mail_outbox_empty":    "ইয়াত কোনো মেইল নাই।",
	"mail_filter_all":      "সকলো",
	"mail_status_queued":   "শাৰীত আছে",
	"mail_status_sent":     "পঠিওৱা হ’ল",
	"mail_status_failed":   "বিফল",
	"mail_via_smtp":        "মেইল ছাৰ্ভাৰৰ যোগে পঠিওৱা হ’ল",
	"mail_via_log":         "ছাৰ্ভাৰৰ লগ-ফাইলত লিখা হ’ল (কোনো মেইল ছাৰ্ভাৰ ছেট কৰা নাই)",
	"mail_to":              "প্ৰাপক",
	"mail_subject":         "বিষয়",
	"mail_created":         "শাৰীত দিয়াৰ সময়",
	"mail_sent_at":         "পঠিওৱাৰ সময়",
	"mail_attempts":        "চেষ্টা",
	"mail_next_attempt":    "পৰৱৰ্তী চেষ্টা",
	"mail_last_error":      "শেষৰ ত্ৰুটি",
	"mail_text_body":       "পাঠ",
	"mail_html_body":       "HTML",
	"mail_requeue":         "পুনৰ পঠিয়াওক",
	"mail_requeued":        "মেইলটো পুনৰ শাৰীত দিয়া হ’ল আৰু অলপ পিছতে পঠিওৱা হ’ব।",
	"mail_not_failed":      "কেৱল বিফল হোৱা মেইলহে পুনৰ পঠিয়াব পাৰি।",
	"mail_not_found":       "আউটবক্সত এনে কোনো মেইল নাই।",
	"mail_log_only_notice": "কোনো মেইল ছাৰ্ভাৰ ছেট কৰা নাই, সেয়েহে মেইল পঠিওৱাৰ সলনি ছাৰ্ভাৰৰ লগ-ফাইলত লিখা হৈছে। মেইল পঠিয়াবলৈ SMTP ছেটিংছ দিয়ক।",
}
