package locale

// mediaEN holds the media messages in English; keys match mediaAS.
var mediaEN = map[string]string{
	"media_library":     "Photo library",
	"media_upload":      "Upload photo",
	"media_upload_help": "JPEG, PNG or WebP, up to {0} MB. The location and camera details in the file are removed.",
	"media_alt":         "Alt text",
	"media_alt_help":    "Describe the photo for readers who cannot see it.",
	"media_caption":     "Caption",
	"media_credit":      "Credit",
	"media_uploaded_by": "Uploaded by {0}",
	"media_search":      "Search photos",
	"media_no_results":  "No photos match your search.",
	"media_saved":       "Photo details saved.",
}
