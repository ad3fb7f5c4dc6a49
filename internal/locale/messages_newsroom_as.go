package locale

// newsroomAS holds the newsroom messages in Assamese; keys match newsroomEN.
var newsroomAS = map[string]string{}
