package locale

// mediaAS holds the media messages in Assamese; keys match mediaEN.
var mediaAS = map[string]string{
	"media_library":     "ফটোৰ ভঁৰাল",
	"media_upload":      "ফটো আপলোড কৰক",
	"media_upload_help": "JPEG, PNG বা WebP, {0} MB লৈকে। ফাইলত থকা স্থান আৰু কেমেৰাৰ তথ্য আঁতৰোৱা হয়।",
	"media_alt":         "বিকল্প পাঠ",
	"media_alt_help":    "যিসকল পাঠকে ফটোখন চাব নোৱাৰে, তেওঁলোকৰ বাবে ফটোখনৰ বৰ্ণনা দিয়ক।",
	"media_caption":     "ফটোৰ বিৱৰণ",
	"media_credit":      "সৌজন্য",
	"media_uploaded_by": "আপলোড: {0}",
	"media_search":      "ফটো বিচাৰক",
	"media_no_results":  "আপোনাৰ সন্ধানৰ সৈতে মিল থকা কোনো ফটো নাই।",
	"media_saved":       "ফটোৰ তথ্য সাঁচি ৰখা হ’ল।",
}
