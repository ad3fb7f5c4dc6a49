package locale

// deskEN holds the desk messages in English; keys match deskAS.
var deskEN = map[string]string{}
