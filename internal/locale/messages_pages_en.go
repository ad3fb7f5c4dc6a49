package locale

// pagesEN holds the English messages of static pages (About us, Privacy policy...) on the
// reader site and in the newsroom. Keys match pagesAS.
var pagesEN = map[string]string{
	"page_read_in_en":       "Read in English",
	"page_read_in_as":       "Read in Assamese",
	"pg_menu":               "Pages",
	"pg_title":              "Pages",
	"pg_hint":               "Pages such as About us, Privacy policy and Terms, each in English and Assamese. Every save is kept as a revision.",
	"pg_new":                "New page",
	"pg_none":               "There are no pages yet.",
	"pg_col_title":          "Page",
	"pg_col_footer":         "Footer position",
	"pg_write":              "Write it",
	"pg_status_draft":       "Draft",
	"pg_status_published":   "Published",
	"pg_footer_position":    "Footer position of {0}",
	"pg_footer_hint":        "Number the pages the footer should link to, in order; leave a page empty to leave it out. A page shows in a language once it is published in it.",
	"pg_footer_save":        "Save footer menu",
	"pg_flash_menu_saved":   "Footer menu saved.",
	"pg_flash_saved":        "Page saved.",
	"pg_edit_title":         "Edit page: {0}",
	"pg_new_title":          "New page in {0}",
	"pg_conflict":           "Someone saved this page after you opened it. Your text is kept below; reload the page to see theirs before saving again.",
	"pg_label_title":        "Title",
	"pg_label_slug":         "Web address",
	"pg_hint_slug":          "The page lives at /page/ followed by this; made from the title when left empty.",
	"err_feature_off_pages": "Pages are not set up on this site.",
}
