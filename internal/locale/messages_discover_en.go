package locale

// discoverEN holds the messages of feeds, sitemaps and language links in English; keys match
// discoverAS.
var discoverEN = map[string]string{
	"nr_settings_feeds":       "Feeds",
	"nr_label_feed_full_text": "Put each story's full text in the RSS and Atom feeds",
	"nr_hint_feed_full_text":  "Off, feeds carry the headline and standfirst, and readers follow the link to read the rest.",
	"feed_title_all":          "{0} — all stories in English and Assamese",
	"feed_atom":               "Atom feed",
	"feed_of":                 "{0} — {1}",
}
