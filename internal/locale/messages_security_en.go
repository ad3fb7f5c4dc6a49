package locale

// securityEN holds the messages of uploads' checks and the security log in English; keys
// match securityAS.
var securityEN = map[string]string{
	"field_file_damaged":   "This file is damaged or incomplete. Please save it again and attach it.",
	"field_file_hidden":    "This file carries something besides the photo or document (data added after its end, or web code inside). Please save it again as a plain photo or PDF.",
	"field_file_script":    "This PDF runs scripts or actions when it is opened. Please print it to a new PDF, or attach a photo of it.",
	"field_file_name":      "The file’s name has a folder path, invisible control characters or direction marks. Please rename it with plain letters and digits.",
	"field_file_extension": "The file’s name ends in the extension of another type than the file is. Please rename it to end in .jpg, .png, .webp or .pdf, as it really is.",
	"field_file_pixels":    "This picture is too large: use one of at most 40 megapixels and 12,000 pixels a side.",

	"desk_media_damaged":   "The photo is damaged or incomplete: save it again and upload it.",
	"desk_media_hidden":    "The file carries something besides the photo (data after its end, or web code inside): save it again as a plain JPEG, PNG or WebP.",
	"desk_media_name":      "The file name has a folder path, control characters or direction marks: rename the file.",
	"desk_media_extension": "The file name’s extension does not match the photo inside: rename it to end in .jpg, .png or .webp, as it really is.",
}
