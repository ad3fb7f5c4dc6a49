// Package web is the HTTP plumbing shared by the reader site and the newsroom: the template
// engine, fingerprinted static assets, middleware and the page globals.
package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"sort"
	"strings"
	"sync"
)

// Files holds the embedded templates and static assets.
//
//go:embed templates static
var Files embed.FS

// Templates are one parsed set of pages (the reader site's under templates/, the newsroom's
// under templates/newsroom/): each file in ROOT/pages is parsed together with
// ROOT/layout.html and every file in ROOT/partials, and executed as "layout".
type Templates struct {
	pages map[string]*template.Template
	// parts are the layout and partials alone, for ExecutePart.
	parts *template.Template

	// rendered records which pages have been executed, so tests can fail on a page that no
	// test renders.
	mu       sync.Mutex
	rendered map[string]bool
	// reparse, set in development mode, rebuilds the pages before each render.
	reparse func() (*Templates, error)
	// bufs are render buffers used before: a page is tens of kilobytes, and growing a fresh
	// buffer to that size for every render was a third of the bytes a fresh page allocated.
	bufs sync.Pool
}

// maxPooledBuffer bounds the buffers kept for reuse, so one huge page does not stay in memory.
const maxPooledBuffer = 1 << 20

// ParseTemplates parses every page of the set under root in fsys (laid out as Files is),
// failing on the first error so a broken template stops start-up rather than a request.
func ParseTemplates(fsys fs.FS, root string, funcs template.FuncMap) (*Templates, error) {
	base, err := template.New("layout").Funcs(funcs).ParseFS(fsys, root+"/layout.html", root+"/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse %s layout: %w", root, err)
	}
	files, err := fs.Glob(fsys, root+"/pages/*.html")
	if err != nil {
		return nil, err
	}
	t := &Templates{pages: map[string]*template.Template{}, rendered: map[string]bool{}}
	// The partials are cloned for ExecutePart before any page runs: a template set that has
	// executed can no longer be cloned.
	if t.parts, err = base.Clone(); err != nil {
		return nil, err
	}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		clone, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := clone.ParseFS(fsys, f); err != nil {
			return nil, fmt.Errorf("parse %s: %w", f, err)
		}
		t.pages[name] = clone
	}
	return t, nil
}

// Render executes page into a buffer and writes it with status, so a template error never
// sends half a page.
func (t *Templates) Render(w http.ResponseWriter, status int, page string, data any) error {
	buf, _ := t.bufs.Get().(*bytes.Buffer)
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	defer func() {
		// Writers do not keep what they are given (io.Writer), so the buffer is free again.
		if buf.Cap() <= maxPooledBuffer {
			buf.Reset()
			t.bufs.Put(buf)
		}
	}()
	if err := t.Execute(buf, page, data); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// Execute renders page into buf.
func (t *Templates) Execute(buf *bytes.Buffer, page string, data any) error {
	t.mu.Lock()
	reparse := t.reparse
	t.mu.Unlock()
	pages := t.pages
	if reparse != nil {
		fresh, err := reparse()
		if err != nil {
			return err
		}
		pages = fresh.pages
	}
	tpl, ok := pages[page]
	if !ok {
		return fmt.Errorf("no template %q", page)
	}
	if err := tpl.ExecuteTemplate(buf, "layout", data); err != nil {
		return fmt.Errorf("render %s: %w", page, err)
	}
	t.mu.Lock()
	t.rendered[page] = true
	t.mu.Unlock()
	return nil
}

// ExecutePart renders one partial (a define of ROOT/partials, such as "card") with data
// into buf, as a page including it in HTML text would: what lets a page's pieces be rendered
// once and kept.
func (t *Templates) ExecutePart(buf *bytes.Buffer, name string, data any) error {
	t.mu.Lock()
	reparse := t.reparse
	t.mu.Unlock()
	parts := t.parts
	if reparse != nil {
		fresh, err := reparse()
		if err != nil {
			return err
		}
		parts = fresh.parts
	}
	if err := parts.ExecuteTemplate(buf, name, data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	return nil
}

// NeverRendered lists the pages that have not been executed since parsing.
func (t *Templates) NeverRendered() []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	var list []string
	for name := range t.pages {
		if !t.rendered[name] {
			list = append(list, name)
		}
	}
	sort.Strings(list)
	return list
}

// ReparseEachRender makes every render parse its page afresh from fsys (development mode), so
// template edits show without a restart.
func (t *Templates) ReparseEachRender(fsys fs.FS, root string, funcs template.FuncMap) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.reparse = func() (*Templates, error) { return ParseTemplates(fsys, root, funcs) }
}
