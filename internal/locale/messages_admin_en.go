package locale

// adminEN holds the admin messages in English; keys match adminAS.
var adminEN = map[string]string{}
