package locale

// breakingEN holds the breaking banner's messages in English; keys match breakingAS.
var breakingEN = map[string]string{
	"breaking_label":         "Breaking news",
	"breaking_for":           "Breaking news banner for",
	"breaking_for_30m":       "30 minutes",
	"breaking_for_1h":        "1 hour",
	"breaking_for_3h":        "3 hours",
	"breaking_for_6h":        "6 hours",
	"breaking_for_ever":      "until removed",
	"breaking_set":           "Show banner",
	"breaking_on":            "This story is in the breaking news banner",
	"breaking_until":         "until {0}",
	"breaking_remove":        "Remove banner",
	"breaking_flash_set":     "The breaking news banner is up.",
	"breaking_flash_removed": "The breaking news banner is removed.",
	"desk_action_breaking":   "breaking news banner",
}
