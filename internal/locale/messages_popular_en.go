package locale

// popularEN holds the strings of "Most read" and the newsroom's view counts, in English; keys
// match popularAS.
var popularEN = map[string]string{
	"most_read":           "Most read",
	"most_read_hours":     "Past {0} hours",
	"most_read_hours_one": "Past hour",
	"most_read_days":      "Past {0} days",
	"most_read_days_one":  "Past day",
	// The newsroom's counts of readers' views.
	"desk_col_views":     "Views",
	"desk_views":         "{0} views",
	"desk_views_one":     "{0} view",
	"desk_views_day":     "{0} in the last 24 hours",
	"desk_views_explain": "Views count readers who opened the page; crawlers are not counted. Counts reach the newsroom within a minute.",
}
