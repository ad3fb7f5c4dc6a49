package locale

// searchEN holds the messages of search, for readers and in the newsroom, in English; keys
// match searchAS.
var searchEN = map[string]string{
	// Readers: the box in every masthead and the results page.
	"search_label":               "Search the stories",
	"search_button":              "Search",
	"search_title":               "Search",
	"search_title_for":           "Search: {0}",
	"search_heading_for":         "Stories matching “{0}”",
	"search_filters":             "Narrow the search",
	"search_filter_lang":         "Language",
	"search_lang_any":            "Both languages",
	"search_filter_all_sections": "All sections",
	"search_filter_all_authors":  "All writers",
	"search_filter_from":         "Published on or after",
	"search_filter_to":           "Published on or before",
	"search_count":               "{0} stories found",
	"search_count_one":           "{0} story found",
	"search_count_capped":        "More than {0} stories found; add a word to narrow the search.",
	"search_none":                "No stories match “{0}”.",
	"search_none_tips":           "Check the spelling, try fewer or other words, or remove a filter.",
	"search_none_any_lang":       "Search both languages",
	"search_intro":               "Type a word or two from the story you are looking for: a place, a name, a word from the headline.",
	"search_tips":                "Assamese words are found whatever their ending (গুৱাহাটীত finds গুৱাহাটী), in Assamese or Latin digits. Put a minus before a word to leave out the stories that hold it: flood -Majuli.",
	"search_prev":                "Previous",
	"search_next":                "More results",
	"err_feature_off_search":     "Search is not set up on this site",

	// The newsroom's search over every story a person may open.
	"nr_search_label":      "Search stories",
	"nr_search_title":      "Search stories",
	"nr_search_heading":    "Stories matching “{0}”",
	"nr_search_intro":      "Search every story you may open, in both languages and every state: drafts, stories under review, scheduled, published and taken-down ones.",
	"nr_search_intro_own":  "Search your own stories in every state, and every published story.",
	"nr_search_status":     "State",
	"nr_search_status_all": "Every state",
	"nr_search_count":      "{0} stories found",
	"nr_search_count_one":  "{0} story found",
	"nr_search_capped":     "More than {0} stories found; add a word to narrow the search.",
	"nr_search_none":       "No story you may open matches “{0}”.",
	"nr_search_read":       "Read on the site",
}
