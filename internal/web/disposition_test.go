package web

import (
	"mime"
	"testing"
)

func TestAttachmentDisposition(t *testing.T) {
	tests := []struct{ name, want string }{
		{"crack.png", `attachment; filename=crack.png`},
		{"flood photo.jpg", `attachment; filename="flood photo.jpg"`},
		{`say "hi".pdf`, `attachment; filename="say \"hi\".pdf"`},
		{"চিঠি.pdf", `attachment; filename=_.pdf; filename*=UTF-8''%E0%A6%9A%E0%A6%BF%E0%A6%A0%E0%A6%BF.pdf`},
		{"a\r\nSet-Cookie: x=1.pdf", `attachment; filename="aSet-Cookie: x=1.pdf"`},
		{"../../x.pdf", `attachment; filename=....x.pdf`},
		{"", `attachment; filename=download`},
	}
	for _, tt := range tests {
		got := AttachmentDisposition(tt.name)
		if got != tt.want {
			t.Errorf("AttachmentDisposition(%q) = %s, want %s", tt.name, got, tt.want)
		}
		// Go's own parser (like browsers) reads the Unicode name back from filename*.
		if _, params, err := mime.ParseMediaType(got); err != nil || (tt.name == "চিঠি.pdf" && params["filename"] != tt.name) {
			t.Errorf("%q: parsed %v, %v", tt.name, params, err)
		}
	}
}
