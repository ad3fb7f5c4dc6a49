package locale

// profileAS holds the newsroom profile page's strings in Assamese.
var profileAS = map[string]string{
	"nr_menu_profile":               "মোৰ পৰিচয়",
	"nr_profile_title":              "মোৰ পৰিচয়",
	"nr_profile_intro":              "পাঠকে আপোনাৰ নাম আৰু পৰিচয় আপোনাৰ বাতৰিৰ তলত আৰু আপোনাৰ লেখকৰ পৃষ্ঠাত দেখে।",
	"nr_profile_author_page_en":     "ইংৰাজীত আপোনাৰ লেখকৰ পৃষ্ঠা",
	"nr_profile_author_page_as":     "অসমীয়াত আপোনাৰ লেখকৰ পৃষ্ঠা",
	"nr_profile_byline":             "লেখকৰ নাম আৰু পৰিচয়",
	"nr_profile_name_en":            "ইংৰাজীত নাম",
	"nr_profile_name_as":            "অসমীয়াত নাম",
	"nr_profile_bio_en":             "ইংৰাজীত পৰিচয়",
	"nr_profile_bio_as":             "অসমীয়াত পৰিচয়",
	"nr_profile_bio_hint":           "আপুনি ক’ৰ পৰা বাতৰি সংগ্ৰহ কৰে আৰু কি বিষয়ত লিখে, দুই-এক শাৰীত। সাধাৰণ লেখা।",
	"nr_profile_save":               "পৰিচয় সাঁচি ৰাখক",
	"nr_profile_email_heading":      "ই-মেইল ঠিকনা সলনি কৰক",
	"nr_profile_email_now":          "আপোনাৰ এতিয়াৰ লগ-ইন ঠিকনা:",
	"nr_profile_email_new":          "নতুন ই-মেইল ঠিকনা",
	"nr_profile_email_others_out":   "এতিয়াৰ পৰা পাছৱৰ্ড সলনিৰ লিংক নতুন ঠিকনালৈ যাব, আৰু আপোনাৰ আন ডিভাইচবোৰৰ পৰা লগ-আউট হ’ব।",
	"nr_profile_email_submit":       "ই-মেইল ঠিকনা সলনি কৰক",
	"flash_profile_saved":           "আপোনাৰ পৰিচয় সাঁচি ৰখা হ’ল।",
	"flash_email_changed":           "আপোনাৰ ই-মেইল ঠিকনা সলনি কৰা হ’ল। আপোনাৰ আন ডিভাইচবোৰৰ পৰা লগ-আউট কৰা হ’ল।",
	"nr_sec_kind_email_changed":     "ই-মেইল ঠিকনা সলনি কৰা হ’ল",
	"nr_mail_email_changed_subject": "আপোনাৰ ই-মেইল ঠিকনা সলনি কৰা হ’ল",
	"nr_mail_email_changed_body":    "আপোনাৰ নিউজৰুম একাউণ্টৰ ই-মেইল ঠিকনা সলনি কৰি {0} কৰা হ’ল। এতিয়াৰ পৰা আপুনি এই ঠিকনাৰে লগ-ইন কৰিব, আৰু পাছৱৰ্ড সলনিৰ লিংকো এই ঠিকনালৈকে যাব।\n\nএই সলনি আপুনি কৰা নাই যদি, লগে লগে আপোনাৰ নিউজৰুমৰ প্ৰশাসকক জনাওক।",
}
