package locale

// deskAS holds the desk messages in Assamese; keys match deskEN.
var deskAS = map[string]string{}
