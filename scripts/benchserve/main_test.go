package main

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestReadHeaders(t *testing.T) {
	path := filepath.Join(t.TempDir(), "article.headers")
	saved := "HTTP/1.1 200 OK\r\nCache-Control: public, max-age=0\r\nContent-Length: 37876\r\nEtag: \"abc\"\r\n" +
		"Date: Mon, 07 Dec 2026 10:02:26 GMT\r\nContent-Encoding: gzip\r\nx-frame-options: DENY\r\n\r\n"
	if err := os.WriteFile(path, []byte(saved), 0o600); err != nil {
		t.Fatal(err)
	}
	h, err := readHeaders(path)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for name := range h {
		names = append(names, name)
	}
	slices.Sort(names)
	if want := []string{"Cache-Control", "Etag", "X-Frame-Options"}; !slices.Equal(names, want) {
		t.Errorf("read %v, want %v", names, want)
	}
	if h.Get("Cache-Control") != "public, max-age=0" || h.Get("Etag") != `"abc"` {
		t.Errorf("values %v", h)
	}
}
