package locale

// mediaAS holds the media messages in Assamese; keys match mediaEN.
var mediaAS = map[string]string{}
