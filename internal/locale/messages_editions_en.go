package locale

// editionsEN holds the messages of editions kept in step (the translation desk) and of machine
// translation for readers, in English; keys match editionsAS.
var editionsEN = map[string]string{
	// Readers: the machine translation of an English story.
	"ed_machine_label":          "Machine translation",
	"ed_machine_notice":         "This Assamese text was translated by a computer from the English original. Our editors have not checked it, so it may contain mistakes.",
	"ed_machine_original":       "Read the English original",
	"ed_machine_progress_title": "Translating into Assamese…",
	"ed_machine_progress_text":  "A machine translation of this story is being made. This page refreshes by itself every few seconds.",
	"ed_machine_refresh":        "Refresh now",
	"ed_machine_failed_title":   "The translation could not be made",
	"ed_machine_failed_text":    "The translation service could not translate this story just now. Here it is in English; please try again later.",

	// The translation desk.
	"ed_menu_translations":     "Translations",
	"ed_desk_title":            "Translation desk",
	"ed_desk_intro":            "Keep each story's English and Assamese editions in step: bring translations up to date when their source changes, finish machine drafts, and start the editions still missing.",
	"ed_changed_title":         "Source changed since translation",
	"ed_changed_none":          "Every translation follows its source.",
	"ed_changed_revisions":     "{0} edition revision {1} → {2}",
	"ed_changed_diff":          "What changed in the source",
	"ed_mark_synced":           "Mark as up to date",
	"ed_machine_title":         "Machine drafts waiting for post-editing",
	"ed_machine_none":          "No machine drafts are waiting.",
	"ed_machine_badge":         "Machine draft",
	"ed_ready_title":           "Machine translations readers asked for",
	"ed_ready_intro":           "Readers asked for these stories in Assamese. Start the edition from the machine draft, correct it and publish it: readers then get your edition.",
	"ed_ready_none":            "No machine translations are waiting.",
	"ed_untranslated_title":    "English stories without an Assamese edition",
	"ed_untranslated_none":     "Every published English story has an Assamese edition.",
	"ed_open":                  "Open",
	"ed_translated_from":       "Translated from the {0} edition",
	"ed_start_as":              "Start the Assamese edition",
	"ed_start_en":              "Start the English edition",
	"ed_start_machine":         "Start from the machine draft",
	"ed_start_hint_machine":    "A machine translation is made as the first draft; check every sentence before publishing.",
	"ed_start_hint_copy":       "The new edition starts as a copy of this one, to translate by hand.",
	"ed_flash_started":         "The edition was started as a copy of its source: translate it and save.",
	"ed_flash_started_machine": "The edition was started from a machine translation: check every sentence before publishing.",
	"ed_flash_machine_failed":  "Machine translation failed, so the edition starts as a copy of its source to translate by hand.",
	"ed_flash_synced":          "Marked as up to date with its source.",
}
