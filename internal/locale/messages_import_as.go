package locale

// importAS holds the Assamese messages of imports from other systems. Keys match importEN.
var importAS = map[string]string{}
