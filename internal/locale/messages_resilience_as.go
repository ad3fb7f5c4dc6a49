package locale

// resilienceAS holds the Assamese messages said when storage fails or a request carries bytes
// that are not text, and the readers'-data notices. Keys match resilienceEN.
var resilienceAS = map[string]string{
	"err_invalid_text_title": "এই ঠিকনা বা ফৰ্মত পাঠ নোহোৱা আখৰ আছে",
	"err_invalid_text_text":  "আপুনি লিখা কথা বা অনুসৰণ কৰা লিংকটো পৰীক্ষা কৰি পুনৰ চেষ্টা কৰক।",
	"err_unavailable_title":  "সাময়িকভাৱে উপলব্ধ নহয়",
	"err_unavailable_text":   "এই মুহূৰ্তত আমি আমাৰ তথ্যভঁৰাল পাব পৰা নাই, সেয়ে একো সংৰক্ষিত হোৱা নাই। এক মিনিটমান পিছত পুনৰ চেষ্টা কৰক।",
	"form_err_not_saved":     "একো সংৰক্ষিত হোৱা নাই: এই মুহূৰ্তত আমি একো জমা কৰিব পৰা নাই। আপোনাৰ লেখা তলত ৰখা হৈছে; কেইমিনিটমান পিছত পুনৰ পঠিয়াওক।",
}
