package locale

// adminEN holds the English messages of the newsroom's administration pages that are not
// in the newsroom table: sections and the masthead logo. Keys match adminAS.
var adminEN = map[string]string{
	"nr_sections_title":            "Sections",
	"nr_sections_hint":             "Sections make up the site's menu, in this order. Renaming keeps a section's address, so links keep working.",
	"nr_sections_order":            "Order",
	"nr_sections_move":             "Move",
	"nr_sections_rename":           "Rename",
	"nr_sections_up":               "Move {0} up",
	"nr_sections_down":             "Move {0} down",
	"nr_sections_add":              "Add a section",
	"nr_sections_slug":             "Web address",
	"nr_sections_slug_hint":        "Lower-case letters, digits and hyphens; made from the English name when left empty.",
	"nr_sections_slug_taken":       "A section already has this web address.",
	"flash_section_saved":          "Sections saved.",
	"flash_section_names_required": "A section needs a name in both languages.",
	"nr_logo_title":                "Masthead logo",
	"nr_logo_hint":                 "A JPEG, PNG or WebP image, shown at the top of every page instead of the built-in mark.",
	"nr_logo_current":              "Current logo",
	"nr_logo_upload":               "Upload logo",
	"nr_logo_remove":               "Remove logo",
	"flash_logo_missing":           "Choose an image file first.",
	"flash_logo_not_image":         "The logo must be a JPEG, PNG or WebP image of sensible size.",
	"flash_logo_saved":             "Logo saved.",
}
