package locale

// routesEN holds the error messages shared by both surfaces' error renderer, in English; keys
// match routesAS.
var routesEN = map[string]string{
	// Sent input that needs correcting, when no form is there to show the fields (a script).
	"err_invalid": "Some of what you sent needs correcting",
	// A feature whose part is not set up on this site.
	"err_feature_off_title":       "Not set up on this site",
	"err_feature_off_text":        "This part of the site has not been set up yet. If you run the site, see the set-up guide.",
	"err_feature_off_comments":    "Readers' comments are not set up on this site",
	"err_feature_off_enquiries":   "The enquiries inbox is not set up on this site",
	"err_feature_off_translation": "Machine translation is not set up on this site",
	"err_feature_off_enquiry":     "The enquiry form is not set up on this site",
	"err_forbidden_title":         "Not allowed",
	"err_rate_limited_title":      "Too many requests",
}
