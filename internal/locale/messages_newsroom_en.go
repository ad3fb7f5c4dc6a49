package locale

// newsroomEN holds the newsroom messages in English; keys match newsroomAS.
var newsroomEN = map[string]string{}
