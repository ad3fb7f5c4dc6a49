package locale

// mediaEN holds the media messages in English; keys match mediaAS.
var mediaEN = map[string]string{}
