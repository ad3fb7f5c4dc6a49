package locale

// mailAS holds the mail messages in Assamese; keys match mailEN.
var mailAS = map[string]string{}
