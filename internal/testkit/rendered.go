package testkit

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
)

// Pages is a parsed set of page templates that remembers which pages it rendered, as
// web.Templates does.
type Pages interface {
	NeverRendered() []string
}

// RenderCheck collects the template sets a package's tests render with, so that the
// package's TestMain fails on a page that no test rendered: a page without a test, or a dead
// template.
type RenderCheck struct {
	mu   sync.Mutex
	sets []Pages
}

// Track adds a template set whose renders count.
func (c *RenderCheck) Track(p Pages) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sets = append(c.sets, p)
}

// Never lists the pages that no tracked set rendered.
func (c *RenderCheck) Never() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.sets) == 0 {
		return nil
	}
	never := c.sets[0].NeverRendered()
	for _, s := range c.sets[1:] {
		other := s.NeverRendered()
		never = slices.DeleteFunc(never, func(p string) bool { return !slices.Contains(other, p) })
	}
	return never
}

// Run runs the package's tests and returns the exit code for os.Exit. When every test of the
// package ran (no -run filter, no -short) and passed, it fails if a page of the tracked sets
// (what names them, e.g. "newsroom") was rendered by no test, or if no set was tracked at all.
func (c *RenderCheck) Run(m *testing.M, what string) int {
	code := m.Run()
	if code != 0 || testing.Short() || !ranAll() {
		return code
	}
	c.mu.Lock()
	tracked := len(c.sets)
	c.mu.Unlock()
	if tracked == 0 {
		fmt.Fprintf(os.Stderr, "FAIL: no test tracked the %s templates, so none can be checked\n", what)
		return 1
	}
	if never := c.Never(); len(never) > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: %s templates never rendered by any test: %v\n", what, never)
		return 1
	}
	return 0
}

// ranAll reports whether the whole package's tests ran (no -run or -skip filter), the only
// case in which a never-rendered template means a missing test.
func ranAll() bool {
	for _, a := range os.Args {
		if strings.HasPrefix(a, "-test.run") || strings.HasPrefix(a, "-test.skip") {
			return false
		}
	}
	return true
}
