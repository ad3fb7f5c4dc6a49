package locale

// adminAS holds the Assamese messages of the newsroom's administration pages that are not in
// the newsroom table: sections and the masthead logo. Keys match adminEN.
var adminAS = map[string]string{
	"nr_sections_title":            "শিতানসমূহ",
	"nr_sections_hint":             "শিতানসমূহে এই ক্ৰমতে ৱেবছাইটৰ মেনু গঠন কৰে। নাম সলনি কৰিলেও শিতানৰ ঠিকনা একে থাকে, গতিকে লিংকবোৰ সক্ৰিয় থাকে।",
	"nr_sections_order":            "ক্ৰম",
	"nr_sections_move":             "স্থান সলনি",
	"nr_sections_rename":           "নাম সলনি কৰক",
	"nr_sections_up":               "{0} ওপৰলৈ নিয়ক",
	"nr_sections_down":             "{0} তললৈ নিয়ক",
	"nr_sections_add":              "নতুন শিতান যোগ কৰক",
	"nr_sections_slug":             "ৱেব ঠিকনা",
	"nr_sections_slug_hint":        "সৰু ইংৰাজী আখৰ, সংখ্যা আৰু হাইফেন; খালী ৰাখিলে ইংৰাজী নামৰ পৰা তৈয়াৰ কৰা হ’ব।",
	"nr_sections_slug_taken":       "এই ৱেব ঠিকনা আন এটা শিতানৰ আছে।",
	"flash_section_saved":          "শিতানসমূহ সাঁচি ৰখা হ’ল।",
	"flash_section_names_required": "শিতানৰ দুয়োটা ভাষাতে নাম লাগিব।",
	"nr_logo_title":                "শিৰোনাম ল’গ’",
	"nr_logo_hint":                 "এখন JPEG, PNG বা WebP ছবি, প্ৰতিটো পৃষ্ঠাৰ ওপৰত নিজস্ব চিনৰ সলনি দেখুওৱা হ’ব।",
	"nr_logo_current":              "বৰ্তমানৰ ল’গ’",
	"nr_logo_upload":               "ল’গ’ আপল’ড কৰক",
	"nr_logo_remove":               "ল’গ’ আঁতৰাওক",
	"flash_logo_missing":           "প্ৰথমে এখন ছবি বাছনি কৰক।",
	"flash_logo_not_image":         "ল’গ’ উপযুক্ত আকাৰৰ JPEG, PNG বা WebP ছবি হ’ব লাগিব।",
	"flash_logo_saved":             "ল’গ’ সাঁচি ৰখা হ’ল।",
}
