package locale

// discoverAS holds the messages of feeds, sitemaps and language links in Assamese; keys match
// discoverEN.
var discoverAS = map[string]string{
	"nr_settings_feeds":       "ফীড",
	"nr_label_feed_full_text": "RSS আৰু Atom ফীডত প্ৰতিটো বাতৰিৰ সম্পূৰ্ণ পাঠ দিয়ক",
	"nr_hint_feed_full_text":  "বন্ধ থাকিলে ফীডত শিৰোনাম আৰু সাৰাংশহে থাকে; বাকীখিনি পঢ়িবলৈ পাঠকে লিংকটো খুলিব।",
	"feed_title_all":          "{0} — ইংৰাজী আৰু অসমীয়াৰ সকলো বাতৰি",
	"feed_atom":               "এটম ফীড",
	"feed_of":                 "{0} — {1}",
}
