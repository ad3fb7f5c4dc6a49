package locale

// routesAS holds the error messages shared by both surfaces' error renderer, in Assamese; keys
// match routesEN.
var routesAS = map[string]string{
	"err_invalid":                 "আপুনি পঠোৱা কিছুমান তথ্য শুধৰাব লাগিব",
	"err_feature_off_title":       "এই ছাইটত সাজু কৰা হোৱা নাই",
	"err_feature_off_text":        "ছাইটৰ এই অংশটো এতিয়াও সাজু কৰা হোৱা নাই। আপুনি ছাইটটো চলালে সাজু কৰাৰ নিৰ্দেশনা চাওক।",
	"err_feature_off_comments":    "এই ছাইটত পাঠকৰ মন্তব্য সাজু কৰা হোৱা নাই",
	"err_feature_off_enquiries":   "এই ছাইটত জিজ্ঞাসাৰ ইনবক্স সাজু কৰা হোৱা নাই",
	"err_feature_off_translation": "এই ছাইটত যান্ত্ৰিক অনুবাদ সাজু কৰা হোৱা নাই",
	"err_feature_off_enquiry":     "এই ছাইটত জিজ্ঞাসাৰ ফৰ্ম সাজু কৰা হোৱা নাই",
	"err_forbidden_title":         "অনুমতি নাই",
	"err_rate_limited_title":      "বহুত বেছি অনুৰোধ",
}
