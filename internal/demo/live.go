package demo

import (
	"context"
	"time"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
)

// The demo's running live blog: the flood-watch story (the first of content.json) follows the
// river in both languages, each edition with its own entries, dated back from the moment the
// demo is loaded.

// liveEntry is one update of the demo's live blog, in both languages.
type liveEntry struct {
	minutesAgo int
	author     string // author slug
	key        bool
	en, as     string
}

// liveEntries are the demo live blog's updates, oldest first.
var liveEntries = []liveEntry{
	{300, "priyanka-saikia", true,
		"The Central Water Commission's morning reading puts the Brahmaputra 28 cm above the warning level at Neamatighat in Jorhat.",
		"কেন্দ্ৰীয় জল আয়োগৰ ৰাতিপুৱাৰ জোখ অনুসৰি যোৰহাটৰ নিমাতীঘাটত ব্ৰহ্মপুত্ৰ সতৰ্কতা সীমাতকৈ ২৮ চেণ্টিমিটাৰ ওপৰেৰে বৈছে।"},
	{270, "bhaskar-jyoti-gogoi", false,
		"Ferry services between Neamatighat and Kamalabari in Majuli are suspended for the day, the inland water transport department says.",
		"অন্তৰ্দেশীয় জল পৰিবহণ বিভাগে জনোৱা মতে নিমাতীঘাট আৰু মাজুলীৰ কমলাবাৰীৰ মাজৰ ফেৰী সেৱা আজিৰ বাবে বন্ধ ৰখা হৈছে।"},
	{240, "priyanka-saikia", false,
		"In Dhemaji, the Jiadhal has crossed its warning level near Gogamukh. District officials have asked people in low-lying villages to stay alert.",
		"ধেমাজিত গোগামুখৰ ওচৰত জীয়াধল নৈ সতৰ্কতা সীমা পাৰ হৈছে। নিম্নাঞ্চলৰ গাঁৱৰ লোকসকলক সতৰ্ক হৈ থাকিবলৈ জিলা প্ৰশাসনে আহ্বান জনাইছে।"},
	{210, "bhaskar-jyoti-gogoi", true,
		"The state disaster management authority has opened the first 40 of its 1,200 relief camps, in Dhemaji and Lakhimpur.",
		"ৰাজ্যিক দুৰ্যোগ ব্যৱস্থাপনা প্ৰাধিকৰণে ১,২০০টা ত্ৰাণ শিবিৰৰ প্ৰথম ৪০টা ধেমাজি আৰু লখিমপুৰত খুলিছে।"},
	{180, "priyanka-saikia", false,
		"About 2,300 people from 14 villages have moved to camps so far, according to the district administration in Lakhimpur.",
		"লখিমপুৰ জিলা প্ৰশাসনৰ মতে এতিয়ালৈকে ১৪খন গাঁৱৰ প্ৰায় ২,৩০০ লোক শিবিৰলৈ আহিছে।"},
	{150, "bhaskar-jyoti-gogoi", false,
		"A team of the State Disaster Response Force has reached Dhakuakhana with six motor boats.",
		"ৰাজ্যিক দুৰ্যোগ সঁহাৰি বাহিনীৰ এটা দল ছখন যন্ত্ৰচালিত নাও লৈ ঢকুৱাখনাত উপস্থিত হৈছে।"},
	{120, "priyanka-saikia", false,
		"Rain has eased in Guwahati, but the weather office expects heavy showers in Arunachal Pradesh and Upper Assam until Saturday.",
		"গুৱাহাটীত বৰষুণ অলপ কমিছে, কিন্তু শনিবাৰলৈকে অৰুণাচল প্ৰদেশ আৰু উজনি অসমত প্ৰবল বৰষুণ হ’ব বুলি বতৰ বিভাগে জনাইছে।"},
	{95, "bhaskar-jyoti-gogoi", false,
		"Medical teams are visiting every open camp with ORS, water purification tablets and anti-venom.",
		"খোলা প্ৰতিটো শিবিৰলৈ চিকিৎসক দল গৈছে; তেওঁলোকৰ লগত ওআৰএছ, পানী বিশুদ্ধকৰণ বটিকা আৰু সাপে খুটিলে প্ৰয়োজনীয় প্ৰতিষেধক আছে।"},
	{70, "priyanka-saikia", true,
		"The noon reading at Neamatighat: 41 cm above the warning level and still rising, about 3 cm an hour.",
		"দুপৰীয়াৰ জোখ: নিমাতীঘাটত পানী সতৰ্কতা সীমাতকৈ ৪১ চেণ্টিমিটাৰ ওপৰত, ঘণ্টাত প্ৰায় ৩ চেণ্টিমিটাৰকৈ বাঢ়িছে।"},
	{45, "bhaskar-jyoti-gogoi", false,
		"Villagers in Majuli are moving their cattle to the raised platforms built along the embankment last year.",
		"মাজুলীৰ গাঁৱলীয়াই যোৱা বছৰ মথাউৰিৰ কাষত সজা ওখ মঞ্চলৈ গৰু-ম’হ লৈ গৈছে।"},
	{25, "priyanka-saikia", false,
		"Helpline numbers for the district control rooms are on the disaster management authority's website; the state helpline is 1079.",
		"জিলা নিয়ন্ত্ৰণ কক্ষৰ হেল্পলাইন নম্বৰ দুৰ্যোগ ব্যৱস্থাপনা প্ৰাধিকৰণৰ ৱেবছাইটত আছে; ৰাজ্যিক হেল্পলাইন নম্বৰ ১০৭৯।"},
	{8, "bhaskar-jyoti-gogoi", false,
		"Engineers are checking a weak stretch of the embankment at Matmora overnight; sandbags are being moved there by truck.",
		"মাটমৰাত মথাউৰিৰ এটা দুৰ্বল অংশ অভিযন্তাসকলে ৰাতিটো পৰীক্ষা কৰি আছে; ট্ৰাকেৰে বালিৰ বস্তা তালৈ নিয়া হৈছে।"},
}

// seedLive makes story storyID's editions live blogs with the demo's entries.
func seedLive(ctx context.Context, st Stores, opt Options, storyID int64, authors map[string]int64) error {
	start := opt.Now.Add(-time.Duration(liveEntries[0].minutesAgo+10) * time.Minute)
	editor := news.Actor{Editor: true}
	for _, lang := range []locale.Lang{locale.English, locale.Assamese} {
		e, err := st.News.EditionOf(ctx, storyID, lang)
		if err != nil {
			return err
		}
		if err := st.News.WithClock(func() time.Time { return start }).StartLive(ctx, editor, e.ID); err != nil {
			return err
		}
		for _, le := range liveEntries {
			at := opt.Now.Add(-time.Duration(le.minutesAgo) * time.Minute)
			text := le.en
			if lang == locale.Assamese {
				text = le.as
			}
			in := news.EntryInput{Body: text, KeyPoint: le.key, AuthorID: authors[le.author]}
			if _, err := st.News.WithClock(func() time.Time { return at }).AddEntry(ctx, editor, e.ID, in); err != nil {
				return err
			}
		}
	}
	return nil
}
