package locale

// pagesAS holds the Assamese messages of static pages (About us, Privacy policy...) on the
// reader site and in the newsroom. Keys match pagesEN.
var pagesAS = map[string]string{
	"page_read_in_en":       "ইংৰাজীত পঢ়ক",
	"page_read_in_as":       "অসমীয়াত পঢ়ক",
	"pg_menu":               "পৃষ্ঠাসমূহ",
	"pg_title":              "পৃষ্ঠাসমূহ",
	"pg_hint":               "আমাৰ বিষয়ে, গোপনীয়তা নীতি, চৰ্তাৱলী আদি পৃষ্ঠা, প্ৰতিটো ইংৰাজী আৰু অসমীয়াত। প্ৰতিবাৰ সাঁচি ৰখা লেখা এটা সংস্কৰণ হিচাপে থাকে।",
	"pg_new":                "নতুন পৃষ্ঠা",
	"pg_none":               "এতিয়ালৈকে কোনো পৃষ্ঠা নাই।",
	"pg_col_title":          "পৃষ্ঠা",
	"pg_col_footer":         "পাদটীকাত স্থান",
	"pg_write":              "লিখক",
	"pg_status_draft":       "খচৰা",
	"pg_status_published":   "প্ৰকাশিত",
	"pg_footer_position":    "{0}ৰ পাদটীকাত স্থান",
	"pg_footer_hint":        "পাদটীকাত যি পৃষ্ঠাৰ লিংক থাকিব লাগে, সেইবোৰক ক্ৰমত নম্বৰ দিয়ক; বাদ দিবলৈ খালী ৰাখক। কোনো ভাষাত প্ৰকাশ হোৱাৰ পিছতহে পৃষ্ঠাটো সেই ভাষাত দেখা যায়।",
	"pg_footer_save":        "পাদটীকাৰ মেনু সাঁচি ৰাখক",
	"pg_flash_menu_saved":   "পাদটীকাৰ মেনু সাঁচি ৰখা হ’ল।",
	"pg_flash_saved":        "পৃষ্ঠা সাঁচি ৰখা হ’ল।",
	"pg_edit_title":         "পৃষ্ঠা সম্পাদনা: {0}",
	"pg_new_title":          "{0}ত নতুন পৃষ্ঠা",
	"pg_conflict":           "আপুনি খোলাৰ পিছত আন কোনোবাই এই পৃষ্ঠা সাঁচি ৰাখিছে। আপোনাৰ লেখা তলত ৰখা হৈছে; পুনৰ সাঁচি ৰখাৰ আগতে তেওঁলোকৰ সংস্কৰণ চাবলৈ পৃষ্ঠাটো পুনৰ লোড কৰক।",
	"pg_label_title":        "শিৰোনাম",
	"pg_label_slug":         "ৱেব ঠিকনা",
	"pg_hint_slug":          "পৃষ্ঠাটো /page/ৰ পিছত এইটোত থাকিব; খালী ৰাখিলে শিৰোনামৰ পৰা তৈয়াৰ কৰা হয়।",
	"err_feature_off_pages": "এই ৱেবছাইটত পৃষ্ঠাসমূহ সাজু কৰা হোৱা নাই",
}
