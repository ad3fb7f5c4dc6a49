package demo

import (
	"context"
	"strings"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/pages"
)

// demoPage is a static page of the demo paper in both languages.
type demoPage struct {
	slug             string
	titleEN, titleAS string
	bodyEN, bodyAS   string
}

// The demo paper's static pages; a real paper writes its own in the newsroom. The privacy
// page's retention periods are listed under its text from the admins' settings.
var demoPages = []demoPage{
	{
		slug:    "about",
		titleEN: "About us",
		titleAS: "আমাৰ বিষয়ে",
		bodyEN: `<p>Batori is an independent news site for Assam, published in English and Assamese from Guwahati. We report on the state's districts, its politics, its economy, its rivers and its people, and we publish every important story in both languages.</p>
<h2>Our newsroom</h2>
<p>Our editors work with reporters in Guwahati and with district stringers across the Brahmaputra and Barak valleys. Every story is checked by an editor before it is published, and corrections are marked on the story itself.</p>
<h2>Write to us</h2>
<p>News tips, corrections and letters are welcome through our Contact page. Reporters and stringers who would like to write for us can register in the newsroom.</p>`,
		bodyAS: `<p>বাতৰি অসমৰ এখন স্বাধীন বাতৰি ৱেবছাইট, গুৱাহাটীৰ পৰা ইংৰাজী আৰু অসমীয়াত প্ৰকাশিত। আমি ৰাজ্যৰ জিলাসমূহ, ৰাজনীতি, অৰ্থনীতি, নদী আৰু মানুহৰ বাতৰি পৰিৱেশন কৰোঁ, আৰু প্ৰতিটো গুৰুত্বপূৰ্ণ বাতৰি দুয়োটা ভাষাত প্ৰকাশ কৰোঁ।</p>
<h2>আমাৰ বাতৰি কক্ষ</h2>
<p>আমাৰ সম্পাদকসকলে গুৱাহাটীৰ সংবাদদাতা আৰু ব্ৰহ্মপুত্ৰ আৰু বৰাক উপত্যকাৰ জিলা সংবাদদাতাসকলৰ সৈতে কাম কৰে। প্ৰতিটো বাতৰি প্ৰকাশৰ আগতে এজন সম্পাদকে পৰীক্ষা কৰে, আৰু সংশোধনসমূহ বাতৰিটোতে উল্লেখ কৰা হয়।</p>
<h2>আমাক লিখক</h2>
<p>বাতৰিৰ সম্ভেদ, সংশোধন আৰু চিঠি আমাৰ যোগাযোগ পৃষ্ঠাৰে পঠিয়াব পাৰে। আমাৰ বাবে লিখিব বিচৰা সংবাদদাতাসকলে বাতৰি কক্ষত পঞ্জীয়ন কৰিব পাৰে।</p>`,
	},
	{
		slug:    "privacy",
		titleEN: "Privacy policy",
		titleAS: "গোপনীয়তা নীতি",
		bodyEN: `<p>You can read Batori without an account and without giving us anything about yourself. Our pages load no advertising or tracking scripts and make no requests to other companies' servers.</p>
<h2>What we keep when you comment</h2>
<p>A comment keeps the name you give, your e-mail address, the text and when you sent it. Your e-mail address is never shown; we use it only to reach you about your comment. Comments we publish stay with their story; comments we reject are deleted after the period listed at the end of this page.</p>
<h2>What we keep when you write to us</h2>
<p>An enquiry through our Contact page keeps your name, e-mail address, telephone number if you give one, your message and any file you attach, so that our staff can answer it. We keep an enquiry for the period listed at the end of this page after it is closed, and then delete it with its attachments.</p>
<h2>Limits against abuse</h2>
<p>To stop floods of spam we count recent comments and enquiries per network address for a few hours; these counts are kept for no longer than a day.</p>
<h2>Cookies</h2>
<p>Reading the site sets no cookies. The newsroom uses a session cookie for staff who sign in.</p>
<h2>Your rights</h2>
<p>Write to us through the Contact page to see, correct or delete what we keep about you, and we will answer within 30 days.</p>`,
		bodyAS: `<p>আপুনি কোনো একাউণ্ট নোখোলাকৈ আৰু নিজৰ বিষয়ে একো নিদিয়াকৈ বাতৰি পঢ়িব পাৰে। আমাৰ পৃষ্ঠাসমূহে কোনো বিজ্ঞাপন বা অনুসৰণকাৰী স্ক্ৰিপ্ট লোড নকৰে, আৰু আন কোম্পানীৰ চাৰ্ভাৰলৈ কোনো অনুৰোধ নপঠিয়ায়।</p>
<h2>আপুনি মন্তব্য দিলে আমি কি ৰাখোঁ</h2>
<p>মন্তব্যৰ সৈতে আপুনি দিয়া নাম, ই-মেইল ঠিকনা, লেখা আৰু পঠিওৱাৰ সময় ৰখা হয়। আপোনাৰ ই-মেইল ঠিকনা কেতিয়াও দেখুওৱা নহয়; কেৱল আপোনাৰ মন্তব্যৰ বিষয়ে যোগাযোগ কৰিবলৈহে ব্যৱহাৰ কৰা হয়। প্ৰকাশিত মন্তব্য বাতৰিটোৰ সৈতে থাকে; নাকচ কৰা মন্তব্য এই পৃষ্ঠাৰ শেষত উল্লেখ কৰা সময়ৰ পিছত মচি পেলোৱা হয়।</p>
<h2>আপুনি আমাক লিখিলে আমি কি ৰাখোঁ</h2>
<p>যোগাযোগ পৃষ্ঠাৰে পঠিওৱা অনুসন্ধানত আপোনাৰ নাম, ই-মেইল ঠিকনা, দিলে ফোন নম্বৰ, বাৰ্তা আৰু সংলগ্ন ফাইল ৰখা হয়, যাতে আমাৰ কৰ্মীয়ে উত্তৰ দিব পাৰে। অনুসন্ধান বন্ধ হোৱাৰ পিছত এই পৃষ্ঠাৰ শেষত উল্লেখ কৰা সময় পাৰ হ’লে আমি ইয়াক সংলগ্ন ফাইলৰ সৈতে মচি পেলাওঁ।</p>
<h2>অপব্যৱহাৰ ৰোধৰ সীমা</h2>
<p>স্পেম ৰোধ কৰিবলৈ আমি কেইঘণ্টামানৰ বাবে নেটৱৰ্ক ঠিকনা অনুসৰি শেহতীয়া মন্তব্য আৰু অনুসন্ধানৰ সংখ্যা গণনা কৰোঁ; এই গণনা এদিনতকৈ বেছি সময় ৰখা নহয়।</p>
<h2>কুকি</h2>
<p>ৱেবছাইট পঢ়োঁতে কোনো কুকি ছেট কৰা নহয়। বাতৰি কক্ষত চাইন ইন কৰা কৰ্মীৰ বাবে এটা ছেছন কুকি ব্যৱহাৰ কৰা হয়।</p>
<h2>আপোনাৰ অধিকাৰ</h2>
<p>আমি আপোনাৰ বিষয়ে কি ৰাখিছোঁ চাবলৈ, শুধৰাবলৈ বা মচিবলৈ যোগাযোগ পৃষ্ঠাৰে আমাক লিখক; আমি ৩০ দিনৰ ভিতৰত উত্তৰ দিম।</p>`,
	},
	{
		slug:    "terms",
		titleEN: "Terms of use",
		titleAS: "ব্যৱহাৰৰ চৰ্তাৱলী",
		bodyEN: `<p>By reading Batori or commenting on it you agree to these terms.</p>
<h2>Our stories</h2>
<p>Stories, photographs and drawings on this site belong to Batori or to the people credited with them. You may share links to them and quote short passages with credit; please ask us before republishing a whole story or picture.</p>
<h2>Comments</h2>
<p>Comments are read by an editor before they appear. We do not publish abuse, threats, hate against any community, personal details of others, spam or advertising, and we may remove any comment.</p>
<h2>Corrections</h2>
<p>We correct our mistakes openly. If you find one, tell us through the Contact page.</p>`,
		bodyAS: `<p>বাতৰি পঢ়ি বা ইয়াত মন্তব্য দি আপুনি এই চৰ্তাৱলীত সন্মতি দিয়ে।</p>
<h2>আমাৰ বাতৰি</h2>
<p>এই ৱেবছাইটৰ বাতৰি, ফটো আৰু ছবি বাতৰি বা যিসকলৰ নাম উল্লেখ আছে তেওঁলোকৰ। আপুনি সেইবোৰৰ লিংক শ্বেয়াৰ কৰিব পাৰে আৰু নাম উল্লেখ কৰি চুটি অংশ উদ্ধৃত কৰিব পাৰে; সম্পূৰ্ণ বাতৰি বা ছবি পুনৰ প্ৰকাশৰ আগতে আমাক সোধক।</p>
<h2>মন্তব্য</h2>
<p>মন্তব্য প্ৰকাশৰ আগতে এজন সম্পাদকে পঢ়ে। আমি গালি, ভাবুকি, কোনো সম্প্ৰদায়ৰ প্ৰতি ঘৃণা, আনৰ ব্যক্তিগত তথ্য, স্পেম বা বিজ্ঞাপন প্ৰকাশ নকৰোঁ, আৰু যিকোনো মন্তব্য আঁতৰাব পাৰোঁ।</p>
<h2>সংশোধন</h2>
<p>আমি আমাৰ ভুল মুকলিকৈ শুধৰাওঁ। কোনো ভুল পালে যোগাযোগ পৃষ্ঠাৰে আমাক জনাওক।</p>`,
	},
}

// seedPages adds the demo paper's static pages in both languages, published, and links them
// from the footer.
func seedPages(ctx context.Context, st *pages.Store) error {
	var ids []int64
	for _, p := range demoPages {
		en, err := st.Save(ctx, pages.Input{Lang: locale.English, Slug: p.slug, Title: p.titleEN, Body: strings.TrimSpace(p.bodyEN), Status: pages.Published})
		if err != nil {
			return err
		}
		if _, err := st.Save(ctx, pages.Input{PageID: en.PageID, Lang: locale.Assamese, Slug: p.slug, Title: p.titleAS, Body: strings.TrimSpace(p.bodyAS), Status: pages.Published}); err != nil {
			return err
		}
		ids = append(ids, en.PageID)
	}
	return st.SetMenu(ctx, ids)
}
