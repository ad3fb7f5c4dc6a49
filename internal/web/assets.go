package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"sort"
	"strings"
)

// Assets serves the embedded static files under fingerprinted names (app.3f9c1a2b.css), so
// they can be cached for ever and a new build is fetched at once.
type Assets struct {
	urls  map[string]string // logical name -> /static/hashed name
	files map[string]*asset // hashed name -> content
}

type asset struct {
	body  []byte
	gzip  []byte
	ctype string
}

// LoadAssets reads every file under static/ in fsys. References from CSS files to other assets
// ("/static/fonts/x.woff2") are rewritten to their fingerprinted names first.
func LoadAssets(fsys fs.FS) (*Assets, error) {
	a := &Assets{urls: map[string]string{}, files: map[string]*asset{}}
	var names []string
	err := fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		names = append(names, strings.TrimPrefix(p, "static/"))
		return nil
	})
	if err != nil {
		return nil, err
	}
	// CSS last, so the files it points at already have their names.
	sort.SliceStable(names, func(i, j int) bool {
		return path.Ext(names[i]) != ".css" && path.Ext(names[j]) == ".css"
	})
	for _, name := range names {
		body, err := fs.ReadFile(fsys, "static/"+name)
		if err != nil {
			return nil, err
		}
		if path.Ext(name) == ".css" {
			body = a.rewrite(body)
		}
		sum := sha256.Sum256(body)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		ctype := mime.TypeByExtension(ext)
		if ctype == "" {
			ctype = http.DetectContentType(body)
		}
		f := &asset{body: body, ctype: ctype}
		if compressible(ctype) {
			f.gzip = gzipBytes(body)
		}
		a.files[hashed] = f
		a.urls[name] = "/static/" + hashed
	}
	return a, nil
}

func (a *Assets) rewrite(css []byte) []byte {
	for name, url := range a.urls {
		css = bytes.ReplaceAll(css, []byte("/static/"+name), []byte(url))
	}
	return css
}

// URL returns the fingerprinted URL of a static file; it panics on an unknown name so a typo
// in a template fails the first test that renders it.
func (a *Assets) URL(name string) string {
	u, ok := a.urls[name]
	if !ok {
		panic(fmt.Sprintf("unknown static asset %q", name))
	}
	return u
}

// Size returns the size of a static file in bytes, compressed when compressed is true.
func (a *Assets) Size(name string, compressed bool) int {
	f := a.files[strings.TrimPrefix(a.urls[name], "/static/")]
	if f == nil {
		return 0
	}
	if compressed && f.gzip != nil {
		return len(f.gzip)
	}
	return len(f.body)
}

// Serve writes the asset named by the last part of the request path; it reports false for an
// unknown file so the caller can show its 404 page.
func (a *Assets) Serve(w http.ResponseWriter, r *http.Request, file string) bool {
	f, ok := a.files[file]
	if !ok {
		return false
	}
	a.serve(w, r, f, "public, max-age=31536000, immutable")
	return true
}

func (a *Assets) serve(w http.ResponseWriter, r *http.Request, f *asset, cacheControl string) {
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("Cache-Control", cacheControl)
	h.Add("Vary", "Accept-Encoding")
	body := f.body
	if f.gzip != nil && AcceptsGzip(r) {
		h.Set("Content-Encoding", "gzip")
		body = f.gzip
	}
	h.Set("Content-Length", fmt.Sprint(len(body)))
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

func compressible(ctype string) bool {
	return strings.HasPrefix(ctype, "text/") || strings.Contains(ctype, "javascript") ||
		strings.Contains(ctype, "svg") || strings.Contains(ctype, "json")
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// AcceptsGzip reports whether the client takes gzip-encoded responses.
func AcceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(enc) == "gzip" && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// ServeAt writes the asset of logical name (sw.js) at an address of its own, unfingerprinted
// and revalidated on each use: a service worker must keep its address from one build to the
// next. It reports false for an unknown name.
func (a *Assets) ServeAt(w http.ResponseWriter, r *http.Request, name string) bool {
	u, ok := a.urls[name]
	if !ok {
		return false
	}
	a.serve(w, r, a.files[strings.TrimPrefix(u, "/static/")], "no-cache")
	return true
}
