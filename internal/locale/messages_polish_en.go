package locale

// polishEN holds the English messages of the reader-polish work (issue 15); keys match polishAS.
var polishEN = map[string]string{
	"comments_heading_count":     "{0} so far",
	"comments_heading_count_one": "{0} so far",
	"nav_sections_foot":          "All sections",
	"read_in_assamese":           "Read in Assamese",
	"translated_by":              "Translated by",
	"home_empty_title":           "Nothing published yet",
	"home_empty_text":            "Stories appear here as soon as the newsroom publishes them.",
	"home_empty_start":           "Work here? Sign in to the newsroom, add the paper’s sections and write the first story.",
	"home_empty_newsroom":        "Open the newsroom",
	"nr_applicant_bio":           "About the applicant",
	"nr_section_name_en":         "Section name in English",
	"nr_section_name_as":         "Section name in Assamese",
	"nr_label_address_en":        "Postal address in English",
	"nr_label_address_as":        "Postal address in Assamese",
	"nr_hint_assamese_fallback":  "Assamese pages show the English one while this is empty.",
	"desk_hint_body_paragraphs":  "Leave an empty line between paragraphs. Plain text is enough: links, headings and pictures can be added in the editor after the draft is created.",
	"ed_failed_title":            "Machine translations that failed",
	"ed_failed_intro":            "The translation service failed three times for these stories readers asked for. Check the service on the machine translation page, then try again.",
	"ed_failed_reason":           "Reason: {0}",
	"ed_failed_retry":            "Try again",
	"ed_flash_retried":           "The machine translation is queued again.",
}
