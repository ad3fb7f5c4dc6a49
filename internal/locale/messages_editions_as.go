package locale

// editionsAS holds the messages of editions kept in step (the translation desk) and of machine
// translation for readers, in Assamese; keys match editionsEN.
var editionsAS = map[string]string{
	// Readers: the machine translation of an English story.
	"ed_machine_label":          "যান্ত্ৰিক অনুবাদ",
	"ed_machine_notice":         "এই অসমীয়া পাঠ ইংৰাজী মূলৰ পৰা কম্পিউটাৰে অনুবাদ কৰিছে। আমাৰ সম্পাদকে ইয়াক পৰীক্ষা কৰা নাই, সেয়ে ইয়াত ভুল থাকিব পাৰে।",
	"ed_machine_original":       "ইংৰাজী মূল পাঠ পঢ়ক",
	"ed_machine_progress_title": "অসমীয়ালৈ অনুবাদ কৰা হৈছে…",
	"ed_machine_progress_text":  "এই বাতৰিৰ যান্ত্ৰিক অনুবাদ প্ৰস্তুত কৰা হৈছে। এই পৃষ্ঠাখন কেইছেকেণ্ডমানৰ মূৰে মূৰে নিজে সতেজ হয়।",
	"ed_machine_refresh":        "এতিয়াই সতেজ কৰক",
	"ed_machine_failed_title":   "অনুবাদ কৰিব পৰা নগ’ল",
	"ed_machine_failed_text":    "অনুবাদ সেৱাই এই মুহূৰ্তত বাতৰিটো অনুবাদ কৰিব নোৱাৰিলে। তলত ইয়াক ইংৰাজীত দিয়া হ’ল; অনুগ্ৰহ কৰি পিছত আকৌ চেষ্টা কৰক।",

	// The translation desk.
	"ed_menu_translations":     "অনুবাদ",
	"ed_desk_title":            "অনুবাদ ডেস্ক",
	"ed_desk_intro":            "প্ৰতিটো বাতৰিৰ ইংৰাজী আৰু অসমীয়া সংস্কৰণ মিলাই ৰাখক: মূল পাঠ সলনি হ’লে অনুবাদ হালনাগাদ কৰক, যান্ত্ৰিক খচৰা সম্পূৰ্ণ কৰক আৰু নথকা সংস্কৰণবোৰ আৰম্ভ কৰক।",
	"ed_changed_title":         "অনুবাদৰ পিছত মূল পাঠ সলনি হৈছে",
	"ed_changed_none":          "সকলো অনুবাদ মূল পাঠৰ সৈতে মিলি আছে।",
	"ed_changed_revisions":     "{0} সংস্কৰণৰ সংশোধন {1} → {2}",
	"ed_changed_diff":          "মূল পাঠত কি সলনি হ’ল",
	"ed_mark_synced":           "হালনাগাদ বুলি চিহ্নিত কৰক",
	"ed_machine_title":         "সম্পাদনাৰ অপেক্ষাত যান্ত্ৰিক খচৰা",
	"ed_machine_none":          "কোনো যান্ত্ৰিক খচৰা অপেক্ষাত নাই।",
	"ed_machine_badge":         "যান্ত্ৰিক খচৰা",
	"ed_ready_title":           "পাঠকে বিচৰা যান্ত্ৰিক অনুবাদ",
	"ed_ready_intro":           "পাঠকে এই বাতৰিবোৰ অসমীয়াত বিচাৰিছে। যান্ত্ৰিক খচৰাৰ পৰা সংস্কৰণ আৰম্ভ কৰক, শুধৰাওক আৰু প্ৰকাশ কৰক: তাৰ পিছত পাঠকে আপোনাৰ সংস্কৰণ পাব।",
	"ed_ready_none":            "কোনো যান্ত্ৰিক অনুবাদ অপেক্ষাত নাই।",
	"ed_untranslated_title":    "অসমীয়া সংস্কৰণ নোহোৱা ইংৰাজী বাতৰি",
	"ed_untranslated_none":     "প্ৰকাশিত প্ৰতিটো ইংৰাজী বাতৰিৰ অসমীয়া সংস্কৰণ আছে।",
	"ed_open":                  "খোলক",
	"ed_translated_from":       "{0} সংস্কৰণৰ পৰা অনুবাদ কৰা",
	"ed_start_as":              "অসমীয়া সংস্কৰণ আৰম্ভ কৰক",
	"ed_start_en":              "ইংৰাজী সংস্কৰণ আৰম্ভ কৰক",
	"ed_start_machine":         "যান্ত্ৰিক খচৰাৰ পৰা আৰম্ভ কৰক",
	"ed_start_hint_machine":    "প্ৰথম খচৰা হিচাপে যান্ত্ৰিক অনুবাদ কৰা হ’ব; প্ৰকাশৰ আগতে প্ৰতিটো বাক্য পৰীক্ষা কৰক।",
	"ed_start_hint_copy":       "নতুন সংস্কৰণটো এইটোৰ প্ৰতিলিপি হিচাপে আৰম্ভ হ’ব, হাতেৰে অনুবাদ কৰিবলৈ।",
	"ed_flash_started":         "মূল পাঠৰ প্ৰতিলিপি হিচাপে সংস্কৰণটো আৰম্ভ কৰা হ’ল: অনুবাদ কৰি সাঁচি থওক।",
	"ed_flash_started_machine": "যান্ত্ৰিক অনুবাদৰ পৰা সংস্কৰণটো আৰম্ভ কৰা হ’ল: প্ৰকাশৰ আগতে প্ৰতিটো বাক্য পৰীক্ষা কৰক।",
	"ed_flash_machine_failed":  "যান্ত্ৰিক অনুবাদ বিফল হ’ল, সেয়ে সংস্কৰণটো হাতেৰে অনুবাদ কৰিবলৈ মূল পাঠৰ প্ৰতিলিপি হিচাপে আৰম্ভ হৈছে।",
	"ed_flash_synced":          "মূল পাঠৰ সৈতে হালনাগাদ বুলি চিহ্নিত কৰা হ’ল।",
}
