package locale

// siteEN is the English catalog of the reader site. Keys match messagesAS exactly
// (catalog_test.go checks). {0}, {1}… are placeholders filled by Locale.T;
// a key ending in _one is the singular that Locale.TCount picks.
var siteEN = map[string]string{
	// Site chrome and navigation.
	"site_tagline":          "News from Assam and the Northeast",
	"nav_home":              "Home",
	"nav_sections":          "Sections",
	"menu":                  "Menu",
	"close":                 "Close",
	"skip_to_content":       "Skip to content",
	"search":                "Search",
	"search_placeholder":    "Search stories",
	"search_results_for":    "Results for “{0}”",
	"no_results":            "No stories match your search.",
	"language_switch_label": "Language",
	"other_language_site":   "অসমীয়া",
	"today":                 "Today",

	// Front and section pages.
	"latest":            "Latest",
	"top_stories":       "Top stories",
	"lead_story":        "Lead story",
	"more_from_section": "More from {0}",
	"section":           "Section",
	"author":            "Author",
	"tag":               "Tag",
	"tags":              "Tags",
	"stories_by":        "Stories by {0}",
	"stories_tagged":    "Stories tagged {0}",
	"stories_count":     "{0} stories",
	"stories_count_one": "{0} story",
	"no_stories":        "No stories yet.",
	"advertisement":     "Advertisement",

	// Article pages.
	"read_more":             "Read more",
	"read_less":             "Read less",
	"by":                    "By",
	"and":                   "and",
	"published":             "Published",
	"updated_on":            "Updated On",
	"correction":            "Correction",
	"reporter_login":        "Reporter Login",
	"reporter_registration": "Reporter Registration",
	"related_stories":       "Related stories",
	"photo_credit":          "Photo: {0}",
	"minutes_read":          "{0} min read",
	"minutes_read_one":      "{0} min read",
	"translate_in_assamese": "Translate in Assamese",
	"read_in_english":       "Read in English",
	"machine_translated":    "This story was machine-translated from {0}.",

	// Sharing.
	"share":          "Share",
	"share_native":   "Share…",
	"share_whatsapp": "Share on WhatsApp",
	"share_facebook": "Share on Facebook",
	"share_x":        "Share on X",
	"share_telegram": "Share on Telegram",
	"share_email":    "Share by email",
	"copy_link":      "Copy link",
	"link_copied":    "Link copied",

	// Pagination.
	"pagination": "Pagination",
	"page_n":     "Page {0}",
	"page_of":    "Page {0} of {1}",
	"newer":      "Newer",
	"older":      "Older",

	// Error pages.
	"not_found_title":   "Page not found",
	"not_found_text":    "The page you asked for does not exist or has moved.",
	"back_home":         "Go to the home page",
	"error_title":       "Something went wrong",
	"error_text":        "We could not complete your request. Please try again in a little while.",
	"bad_request_title": "Bad request",
	"too_large_title":   "Request too large",

	// Footer.
	"copyright":      "© {0} {1}. All rights reserved.",
	"footer_about":   "{0} is an independent news site publishing in English and Assamese.",
	"about_us":       "About us",
	"contact":        "Contact",
	"phone":          "Phone",
	"email":          "Email",
	"address":        "Address",
	"privacy_policy": "Privacy policy",
	"terms_of_use":   "Terms of use",
	"follow_us":      "Follow us",
	"rss_feed":       "RSS feed",
}
