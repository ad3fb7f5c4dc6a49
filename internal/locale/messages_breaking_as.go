package locale

// breakingAS holds the breaking banner's messages in Assamese (ৰ and ৱ, never Bengali র);
// keys match breakingEN.
var breakingAS = map[string]string{
	"breaking_label":         "সদ্যপ্ৰাপ্ত বাতৰি",
	"breaking_for":           "সদ্যপ্ৰাপ্ত বাতৰিৰ বেনাৰ কিমান সময়ৰ বাবে",
	"breaking_for_30m":       "৩০ মিনিট",
	"breaking_for_1h":        "১ ঘণ্টা",
	"breaking_for_3h":        "৩ ঘণ্টা",
	"breaking_for_6h":        "৬ ঘণ্টা",
	"breaking_for_ever":      "আঁতৰাই নোপোৱালৈকে",
	"breaking_set":           "বেনাৰ দেখুৱাওক",
	"breaking_on":            "এই বাতৰিটো সদ্যপ্ৰাপ্ত বাতৰিৰ বেনাৰত আছে",
	"breaking_until":         "{0} পৰ্যন্ত",
	"breaking_remove":        "বেনাৰ আঁতৰাওক",
	"breaking_flash_set":     "সদ্যপ্ৰাপ্ত বাতৰিৰ বেনাৰ দেখুওৱা হৈছে।",
	"breaking_flash_removed": "সদ্যপ্ৰাপ্ত বাতৰিৰ বেনাৰ আঁতৰোৱা হৈছে।",
	"desk_action_breaking":   "সদ্যপ্ৰাপ্ত বাতৰিৰ বেনাৰ",
}
