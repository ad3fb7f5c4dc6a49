package locale

// siteAS is the Assamese message catalog: Assamese ৰ (U+09F0) and ৱ
// (U+09F1), never Bengali ra (U+09B0); danda । (U+0964); apostrophe ’ (U+2019)
// as in হ’ল. Keys match messagesEN exactly (catalog_test.go checks).
var siteAS = map[string]string{
	// Site chrome and navigation.
	"site_tagline":          "অসম আৰু উত্তৰ-পূৰ্বাঞ্চলৰ বাতৰি",
	"nav_home":              "মূল পৃষ্ঠা",
	"nav_sections":          "শিতানসমূহ",
	"menu":                  "মেনু",
	"close":                 "বন্ধ কৰক",
	"skip_to_content":       "মূল বিষয়বস্তুলৈ যাওক",
	"search":                "সন্ধান",
	"search_placeholder":    "বাতৰি বিচাৰক",
	"search_results_for":    "“{0}”ৰ সন্ধানৰ ফলাফল",
	"no_results":            "আপোনাৰ সন্ধানৰ লগত মিলা কোনো বাতৰি পোৱা নগ’ল।",
	"language_switch_label": "ভাষা",
	"other_language_site":   "English",
	"today":                 "আজি",

	// Front and section pages.
	"latest":            "শেহতীয়া",
	"top_stories":       "মুখ্য বাতৰি",
	"lead_story":        "প্ৰধান বাতৰি",
	"more_from_section": "{0}ৰ অধিক বাতৰি",
	"section":           "শিতান",
	"author":            "লেখক",
	"tag":               "টেগ",
	"tags":              "টেগসমূহ",
	"stories_by":        "{0}ৰ বাতৰি",
	"stories_tagged":    "{0} টেগ থকা বাতৰি",
	"stories_count":     "{0}টা বাতৰি",
	"stories_count_one": "{0}টা বাতৰি",
	"no_stories":        "এতিয়ালৈকে কোনো বাতৰি নাই।",
	"advertisement":     "বিজ্ঞাপন",

	// Article pages.
	"read_more":             "আৰু পঢ়ক",
	"read_less":             "কম দেখুৱাওক",
	"by":                    "প্ৰতিবেদন:",
	"and":                   "আৰু",
	"published":             "প্ৰকাশিত",
	"updated_on":            "হালনাগাদ",
	"correction":            "সংশোধন",
	"reporter_login":        "সংবাদদাতা লগ-ইন",
	"reporter_registration": "সংবাদদাতা পঞ্জীয়ন",
	"related_stories":       "সম্পৰ্কিত বাতৰি",
	"photo_credit":          "ফটো: {0}",
	"minutes_read":          "পঢ়িবলৈ {0} মিনিট",
	"minutes_read_one":      "পঢ়িবলৈ {0} মিনিট",
	"translate_in_assamese": "অসমীয়াত পঢ়ক",
	"read_in_english":       "ইংৰাজীত পঢ়ক",
	"machine_translated":    "এই বাতৰিটো {0}ৰ পৰা যান্ত্ৰিকভাৱে অনুবাদ কৰা হৈছে।",

	// Sharing.
	"share":          "শ্বেয়াৰ কৰক",
	"share_native":   "শ্বেয়াৰ কৰক…",
	"share_whatsapp": "হোৱাটছএপত শ্বেয়াৰ কৰক",
	"share_facebook": "ফেচবুকত শ্বেয়াৰ কৰক",
	"share_x":        "X-ত শ্বেয়াৰ কৰক",
	"share_telegram": "টেলিগ্ৰামত শ্বেয়াৰ কৰক",
	"share_email":    "ই-মেইলেৰে পঠিয়াওক",
	"copy_link":      "লিংক কপি কৰক",
	"link_copied":    "লিংক কপি কৰা হ’ল",

	// Pagination.
	"pagination": "পৃষ্ঠাসমূহ",
	"page_n":     "পৃষ্ঠা {0}",
	"page_of":    "পৃষ্ঠা {0} (মুঠ {1})",
	"newer":      "নতুন",
	"older":      "পুৰণি",

	// Error pages.
	"not_found_title":   "পৃষ্ঠাটো পোৱা নগ’ল",
	"not_found_text":    "আপুনি বিচৰা পৃষ্ঠাটো নাই বা আন ঠাইলৈ স্থানান্তৰ কৰা হৈছে।",
	"back_home":         "মূল পৃষ্ঠালৈ যাওক",
	"error_title":       "কিবা এটা ভুল হ’ল",
	"error_text":        "আপোনাৰ অনুৰোধটো সম্পূৰ্ণ কৰিব পৰা নগ’ল। অলপ পিছত পুনৰ চেষ্টা কৰক।",
	"bad_request_title": "অনুৰোধটো শুদ্ধ নহয়",
	"too_large_title":   "অনুৰোধটো অতি ডাঙৰ",

	// Footer.
	"copyright":      "© {0} «{1}»। সৰ্বস্বত্ব সংৰক্ষিত।",
	"footer_about":   "«{0}» ইংৰাজী আৰু অসমীয়া ভাষাত খবৰ প্ৰকাশ কৰা এটা স্বতন্ত্ৰ সংবাদ মাধ্যম।",
	"about_us":       "আমাৰ বিষয়ে",
	"contact":        "যোগাযোগ",
	"phone":          "ফোন",
	"email":          "ই-মেইল",
	"address":        "ঠিকনা",
	"privacy_policy": "গোপনীয়তা নীতি",
	"terms_of_use":   "ব্যৱহাৰৰ চৰ্তাৱলী",
	"follow_us":      "আমাক অনুসৰণ কৰক",
	"rss_feed":       "আৰএছএছ ফীড",
}
