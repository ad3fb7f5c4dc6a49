package locale

// polishAS holds the Assamese messages of the reader-polish work (issue 15); keys match polishEN.
var polishAS = map[string]string{
	"comments_heading_count":     "এতিয়ালৈকে {0}টা",
	"comments_heading_count_one": "এতিয়ালৈকে {0}টা",
	"nav_sections_foot":          "সকলো শিতান",
	"read_in_assamese":           "অসমীয়াত পঢ়ক",
	"translated_by":              "অনুবাদ:",
	"home_empty_title":           "এতিয়ালৈকে একো প্ৰকাশ কৰা হোৱা নাই",
	"home_empty_text":            "নিউজৰুমে বাতৰি প্ৰকাশ কৰাৰ লগে লগে ইয়াত দেখা যাব।",
	"home_empty_start":           "ইয়াত কাম কৰে নেকি? নিউজৰুমত লগ-ইন কৰি কাকতখনৰ শিতানসমূহ যোগ কৰক আৰু প্ৰথম বাতৰিটো লিখক।",
	"home_empty_newsroom":        "নিউজৰুম খোলক",
	"nr_applicant_bio":           "আবেদনকাৰীৰ পৰিচয়",
	"nr_section_name_en":         "শিতানৰ ইংৰাজী নাম",
	"nr_section_name_as":         "শিতানৰ অসমীয়া নাম",
	"nr_label_address_en":        "ইংৰাজীত ডাক ঠিকনা",
	"nr_label_address_as":        "অসমীয়াত ডাক ঠিকনা",
	"nr_hint_assamese_fallback":  "এইটো খালী থকালৈকে অসমীয়া পৃষ্ঠাত ইংৰাজীটো দেখুওৱা হয়।",
	"desk_hint_body_paragraphs":  "অনুচ্ছেদৰ মাজত এটা খালী শাৰী এৰক। সাধাৰণ পাঠেই যথেষ্ট: খচৰা সৃষ্টি কৰাৰ পিছত সম্পাদনা পৃষ্ঠাত লিংক, উপশিৰোনাম আৰু ফটো যোগ কৰিব পাৰি।",
	"ed_failed_title":            "বিফল হোৱা যান্ত্ৰিক অনুবাদ",
	"ed_failed_intro":            "পাঠকে বিচৰা এই বাতৰিবোৰৰ অনুবাদত অনুবাদ সেৱাটো তিনিবাৰ বিফল হ’ল। যান্ত্ৰিক অনুবাদৰ পৃষ্ঠাত সেৱাটো পৰীক্ষা কৰি পুনৰ চেষ্টা কৰক।",
	"ed_failed_reason":           "কাৰণ: {0}",
	"ed_failed_retry":            "পুনৰ চেষ্টা কৰক",
	"ed_flash_retried":           "যান্ত্ৰিক অনুবাদটো পুনৰ শাৰীত ৰখা হ’ল।",
}
