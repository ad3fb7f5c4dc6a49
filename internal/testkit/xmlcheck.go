package testkit

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The independent checkers of Batori's machine-read output: Debian's python3-feedparser for
// feeds and xmllint (libxml2-utils) with the schemas in testdata/xsd for sitemaps. Missing
// locally, a test using them is skipped; in CI (CI=true) it fails.

// xsdDir is testdata/xsd beside this file, wherever the test runs from.
func xsdDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "testdata", "xsd")
}

func needTool(t testing.TB, name string, argv ...string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil && len(argv) > 0 {
		err = exec.Command(path, argv...).Run()
	}
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is needed in CI: %v", name, err)
		}
		t.Skipf("%s is not available: %v", name, err)
	}
	return path
}

// Sitemap schemas for ValidateSitemap.
const (
	SchemaIndex  = "siteindex.xsd"
	SchemaURLSet = "urlset.xsd"
)

// ValidateSitemap checks doc against schema (SchemaIndex or SchemaURLSet) with xmllint, offline.
func ValidateSitemap(t testing.TB, doc []byte, schema string) {
	t.Helper()
	if err := CheckSitemap(t, doc, schema); err != nil {
		t.Errorf("%v\n%s", err, clip(doc))
	}
}

// CheckSitemap is ValidateSitemap's check, returning what xmllint found wrong.
func CheckSitemap(t testing.TB, doc []byte, schema string) error {
	t.Helper()
	xmllint := needTool(t, "xmllint", "--version")
	f := filepath.Join(t.TempDir(), "sitemap.xml")
	if err := os.WriteFile(f, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(xmllint, "--noout", "--nonet", "--schema", filepath.Join(xsdDir(), schema), f).CombinedOutput()
	if err != nil {
		return fmt.Errorf("xmllint against %s: %v\n%s", schema, err, out)
	}
	return nil
}

// ParsedFeed is what feedparser read from a feed.
type ParsedFeed struct {
	Bozo    bool   `json:"bozo"`
	Problem string `json:"problem"`
	Version string `json:"version"`
	Feed    struct {
		Title    string `json:"title"`
		Link     string `json:"link"`
		Language string `json:"language"`
	} `json:"feed"`
	Entries []ParsedEntry `json:"entries"`
}

// ParsedEntry is one feed entry as feedparser read it.
type ParsedEntry struct {
	ID        string   `json:"id"`
	Title     string   `json:"title"`
	Link      string   `json:"link"`
	Summary   string   `json:"summary"`
	Content   []string `json:"content"`
	Published string   `json:"published"`
	Authors   []string `json:"authors"`
	Tags      []string `json:"tags"`
	// Enclosures and Media are the URLs of enclosure links and media:content elements.
	Enclosures []string `json:"enclosures"`
	Media      []string `json:"media"`
}

const feedparserScript = `
import json, sys, feedparser
d = feedparser.parse(sys.stdin.buffer.read())
def s(v): return v if isinstance(v, str) else ""
out = {"bozo": bool(d.bozo), "problem": str(d.get("bozo_exception", "")), "version": d.version,
       "feed": {"title": s(d.feed.get("title")), "link": s(d.feed.get("link")), "language": s(d.feed.get("language"))},
       "entries": []}
for e in d.entries:
    out["entries"].append({
        "id": s(e.get("id")), "title": s(e.get("title")), "link": s(e.get("link")),
        "summary": s(e.get("summary")), "content": [c.get("value", "") for c in e.get("content", [])],
        "published": s(e.get("published")),
        "authors": [a.get("name", "") for a in e.get("authors", [])],
        "tags": [x.get("term", "") for x in e.get("tags", [])],
        "enclosures": [l.get("href", "") for l in e.get("enclosures", [])],
        "media": [m.get("url", "") for m in e.get("media_content", [])],
    })
json.dump(out, sys.stdout)
`

// ParseFeed reads doc with Debian's feedparser and fails the test if it was not well formed.
func ParseFeed(t testing.TB, doc []byte) ParsedFeed {
	t.Helper()
	// Debian's python3, which the package installs for; another python3 first on PATH
	// (a version manager's) would not have it.
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		py = "python3"
	}
	needTool(t, py, "-c", "import feedparser")
	cmd := exec.Command(py, "-c", feedparserScript)
	cmd.Stdin = strings.NewReader(string(doc))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("feedparser: %v", err)
	}
	var f ParsedFeed
	if err := json.Unmarshal(out, &f); err != nil {
		t.Fatalf("feedparser output: %v\n%s", err, out)
	}
	if f.Bozo {
		t.Errorf("feedparser: not well formed: %s\n%s", f.Problem, clip(doc))
	}
	return f
}

func clip(b []byte) string {
	if len(b) > 4000 {
		return string(b[:4000]) + "…"
	}
	return string(b)
}
