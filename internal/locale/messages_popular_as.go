package locale

// popularAS holds the strings of "Most read" and the newsroom's view counts, in Assamese;
// keys match popularEN.
var popularAS = map[string]string{
	"most_read":           "সৰ্বাধিক পঠিত",
	"most_read_hours":     "যোৱা {0} ঘণ্টা",
	"most_read_hours_one": "যোৱা এঘণ্টা",
	"most_read_days":      "যোৱা {0} দিন",
	"most_read_days_one":  "যোৱা এদিন",
	// The newsroom's counts of readers' views.
	"desk_col_views":     "পঢ়া হৈছে",
	"desk_views":         "{0} বাৰ পঢ়া হৈছে",
	"desk_views_one":     "{0} বাৰ পঢ়া হৈছে",
	"desk_views_day":     "যোৱা ২৪ ঘণ্টাত {0} বাৰ",
	"desk_views_explain": "পাঠকে পৃষ্ঠাটো খোলাৰ সংখ্যা; ক্ৰলাৰ আদি যন্ত্ৰ গণনা কৰা নহয়। সংখ্যা এক মিনিটৰ ভিতৰত নিউজৰুমত দেখা যায়।",
}
