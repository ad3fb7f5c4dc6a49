package locale

// pushEN holds web push's messages in English, for readers and the newsroom; keys match
// pushAS.
var pushEN = map[string]string{
	"push_heading":         "Notifications",
	"push_intro":           "Get a notification on this device when we send out an important story. No account is needed.",
	"push_open":            "Get notifications",
	"push_languages":       "Languages",
	"push_sections":        "Sections (tick none for every section)",
	"push_turn_on":         "Turn on notifications",
	"push_turn_off":        "Turn off notifications",
	"push_msg_on":          "Notifications are on for this device.",
	"push_msg_off":         "Notifications are off for this device.",
	"push_msg_denied":      "Your browser blocks notifications from this site. Allow them in the browser's settings for this site, then try again.",
	"push_msg_lang":        "Choose at least one language.",
	"push_msg_failed":      "Notifications could not be turned on. Try again in a few minutes.",
	"push_box_heading":     "Push notification",
	"push_reach":           "Goes to {0} subscribed devices: {1} following every {2} story, {3} following the section {4}.",
	"push_cap_note":        "At most {0} push notifications in one language an hour.",
	"push_sent_before":     "Sent {0} to {1} devices: {2} delivered, {3} waiting, {4} no longer subscribed, {5} failed.",
	"push_send":            "Send push notification",
	"push_send_again":      "Send push notification again",
	"push_again":           "Yes, send this story to readers again",
	"push_flash_sent":      "The push notification is queued and on its way to readers.",
	"push_flash_again":     "This story was already sent as a push notification. To send it again, tick “Yes, send this story to readers again” and press the button.",
	"push_flash_cap":       "The limit of push notifications in this language for the past hour is reached. Nothing was sent; try again later.",
	"push_flash_nobody":    "No reader follows this story's language and section yet. Nothing was sent.",
	"desk_action_push":     "push notification sent",
	"err_feature_off_push": "Push notifications are not set up on this site",
}
