package locale

// importEN holds the English messages of imports from other systems. Keys match importAS.
var importEN = map[string]string{}
