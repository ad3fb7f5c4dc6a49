package locale

// adminAS holds the admin messages in Assamese; keys match adminEN.
var adminAS = map[string]string{}
