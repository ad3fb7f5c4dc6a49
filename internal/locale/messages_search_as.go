package locale

// searchAS holds the messages of search, for readers and in the newsroom, in Assamese; keys
// match searchEN.
var searchAS = map[string]string{
	// Readers: the box in every masthead and the results page.
	"search_label":               "বাতৰি বিচাৰক",
	"search_button":              "বিচাৰক",
	"search_title":               "সন্ধান",
	"search_title_for":           "সন্ধান: {0}",
	"search_heading_for":         "“{0}”ৰ সৈতে মিল থকা বাতৰি",
	"search_filters":             "সন্ধান সীমিত কৰক",
	"search_filter_lang":         "ভাষা",
	"search_lang_any":            "দুয়োটা ভাষা",
	"search_filter_all_sections": "সকলো শিতান",
	"search_filter_all_authors":  "সকলো লেখক",
	"search_filter_from":         "এই তাৰিখৰ পৰা প্ৰকাশিত",
	"search_filter_to":           "এই তাৰিখলৈকে প্ৰকাশিত",
	"search_count":               "{0}টা বাতৰি পোৱা গ’ল",
	"search_count_one":           "{0}টা বাতৰি পোৱা গ’ল",
	"search_count_capped":        "{0}টাতকৈ অধিক বাতৰি পোৱা গ’ল; সন্ধান সীমিত কৰিবলৈ আৰু এটা শব্দ যোগ কৰক।",
	"search_none":                "“{0}”ৰ সৈতে মিল থকা কোনো বাতৰি পোৱা নগ’ল।",
	"search_none_tips":           "বানান পৰীক্ষা কৰক, কম বা বেলেগ শব্দেৰে চেষ্টা কৰক, বা কোনো ছাঁকনি আঁতৰাওক।",
	"search_none_any_lang":       "দুয়োটা ভাষাতে বিচাৰক",
	"search_intro":               "আপুনি বিচৰা বাতৰিটোৰ এটা বা দুটা শব্দ লিখক: কোনো ঠাইৰ নাম, কোনো মানুহৰ নাম, বা শিৰোনামৰ কোনো শব্দ।",
	"search_tips":                "অসমীয়া শব্দ যিকোনো বিভক্তিৰে পোৱা যায় (গুৱাহাটীত লিখিলে গুৱাহাটী পোৱা যায়), অসমীয়া বা ইংৰাজী সংখ্যাৰে। কোনো শব্দ থকা বাতৰি বাদ দিবলৈ শব্দটোৰ আগত বিয়োগ চিন দিয়ক: বান -মাজুলী।",
	"search_prev":                "আগৰ পৃষ্ঠা",
	"search_next":                "আৰু ফলাফল",
	"err_feature_off_search":     "এই ছাইটত সন্ধান ব্যৱস্থা সাজু কৰা হোৱা নাই",

	// The newsroom's search over every story a person may open.
	"nr_search_label":      "বাতৰি বিচাৰক",
	"nr_search_title":      "বাতৰি সন্ধান",
	"nr_search_heading":    "“{0}”ৰ সৈতে মিল থকা বাতৰি",
	"nr_search_intro":      "আপুনি খুলিব পৰা সকলো বাতৰি দুয়োটা ভাষাত আৰু সকলো অৱস্থাত বিচাৰক: খচৰা, পৰ্যালোচনাধীন, নিৰ্ধাৰিত, প্ৰকাশিত আৰু আঁতৰোৱা বাতৰি।",
	"nr_search_intro_own":  "আপোনাৰ নিজৰ সকলো অৱস্থাৰ বাতৰি আৰু সকলো প্ৰকাশিত বাতৰি বিচাৰক।",
	"nr_search_status":     "অৱস্থা",
	"nr_search_status_all": "সকলো অৱস্থা",
	"nr_search_count":      "{0}টা বাতৰি পোৱা গ’ল",
	"nr_search_count_one":  "{0}টা বাতৰি পোৱা গ’ল",
	"nr_search_capped":     "{0}টাতকৈ অধিক বাতৰি পোৱা গ’ল; সন্ধান সীমিত কৰিবলৈ আৰু এটা শব্দ যোগ কৰক।",
	"nr_search_none":       "আপুনি খুলিব পৰা কোনো বাতৰি “{0}”ৰ সৈতে নিমিলে।",
	"nr_search_read":       "ছাইটত পঢ়ক",
}
