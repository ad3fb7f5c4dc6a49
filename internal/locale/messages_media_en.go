package locale

// mediaEN holds the media messages in English; keys match mediaAS.
var mediaEN = map[string]string{
	"media_library":                "Photo library",
	"media_upload":                 "Upload photo",
	"media_upload_help":            "JPEG, PNG or WebP, up to {0} MB. The location and camera details in the file are removed.",
	"media_alt":                    "Alt text",
	"media_alt_help":               "Describe the photo for readers who cannot see it.",
	"media_caption":                "Caption",
	"media_credit":                 "Credit",
	"media_uploaded_by":            "Uploaded by {0}",
	"media_search":                 "Search photos",
	"media_no_results":             "No photos match your search.",
	"media_saved":                  "Photo details saved.",
	"media_error_not_image":        "This file is not a photo. Upload a JPEG, PNG or WebP image.",
	"media_error_too_large":        "This file is larger than {0} MB.",
	"media_error_too_many_pixels":  "This photo is too big: at most {0} megapixels and {1} pixels on its longer side.",
	"media_error_alt_too_long":     "Alt text can be at most {0} characters.",
	"media_error_caption_too_long": "A caption can be at most {0} characters.",
	"media_error_credit_too_long":  "A credit can be at most {0} characters.",
}
