package web_test

import (
	"io/fs"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/batori-news/batori/internal/web"
)

func TestAssetsAreFingerprintedAndCSSRewritten(t *testing.T) {
	fsys := fstest.MapFS{
		"static/app.css":       {Data: []byte(`@font-face{src:url("/static/fonts/f.woff2")}`)},
		"static/fonts/f.woff2": {Data: []byte("font bytes")},
		"static/app.js":        {Data: []byte("console.log(1)")},
	}
	a, err := web.LoadAssets(fsys)
	if err != nil {
		t.Fatal(err)
	}
	css := a.URL("app.css")
	if !regexp.MustCompile(`^/static/app\.[0-9a-f]{10}\.css$`).MatchString(css) {
		t.Fatalf("css URL %q", css)
	}
	rec := httptest.NewRecorder()
	if !a.Serve(rec, httptest.NewRequest("GET", css, nil), strings.TrimPrefix(css, "/static/")) {
		t.Fatal("fingerprinted css not served")
	}
	if !strings.Contains(rec.Body.String(), a.URL("fonts/f.woff2")) {
		t.Fatalf("css not rewritten: %s", rec.Body.String())
	}
	if !strings.Contains(rec.Header().Get("Cache-Control"), "immutable") {
		t.Fatal("not immutable")
	}
	if a.Serve(httptest.NewRecorder(), httptest.NewRequest("GET", "/static/app.css", nil), "app.css") {
		t.Fatal("unfingerprinted name served")
	}
	// Changing a file changes its URL.
	fsys["static/app.js"] = &fstest.MapFile{Data: []byte("console.log(2)")}
	b, _ := web.LoadAssets(fsys)
	if b.URL("app.js") == a.URL("app.js") {
		t.Fatal("URL did not change with content")
	}
}

func TestEmbeddedAssetsLoad(t *testing.T) {
	a, err := web.LoadAssets(web.Files)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fs.Stat(web.Files, "static/app.css"); err != nil {
		t.Fatal(err)
	}
	if a.URL("app.css") == "" || a.URL("app.js") == "" {
		t.Fatal("missing assets")
	}
	if _, err := web.ParseTemplates(web.Files, "templates", web.Funcs(a)); err != nil {
		t.Fatal(err)
	}
}
