package locale

// resilienceEN holds the English messages said when storage fails or a request carries bytes
// that are not text, and the readers'-data notices. Keys match resilienceAS.
var resilienceEN = map[string]string{
	"err_invalid_text_title": "This address or form holds characters that are not text",
	"err_invalid_text_text":  "Please check what you typed or the link you followed, and try again.",
	"err_unavailable_title":  "Temporarily unavailable",
	"err_unavailable_text":   "We cannot reach our records just now, so nothing was saved. Please try again in a minute.",
	"form_err_not_saved":     "Nothing was saved: we cannot store anything just now. Your text is kept below; please send it again in a few minutes.",
}
