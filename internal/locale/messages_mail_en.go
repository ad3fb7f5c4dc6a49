package locale

// mailEN holds the mail messages in English; keys match mailAS.
var mailEN = map[string]string{}
