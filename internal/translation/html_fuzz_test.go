package translation_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/translation"
)

// FuzzRoundTripRaw is FuzzIdentity on bodies the sanitiser never saw (a body imported or
// stored before the policy changed reaches the translator as it is): foreign content (SVG,
// MathML), tables, forms, templates, comments and raw-text elements. Segmenting never panics,
// segments are numbered s1, s2… in order, and an engine answering with its input gives back
// the body's canonical form with no segment mangled, in both modes.
func FuzzRoundTripRaw(f *testing.F) {
	for _, s := range []string{
		"<svg><title>t</title><text>svg <b>text</b></text></svg><p>after</p>",
		"<math><mi>x</mi></math> loose <em>text</em>",
		"<table><tr><td>cell <b>one</b><td>two</table>",
		"<template><p>inert</p></template><p>x</p>",
		"<script>var a = '⟦1⟧';</script><p>⟦1/⟧ text</p>",
		"<!-- c --><p>a<!-- in -->b</p>",
		"<textarea><b>not bold</b></textarea><select><option>opt</select>",
		"<p>a<font color=red>b<p>c</font>d",
		"<a href=x>one<a href=y>two</a></a>",
		"<span translate=no>keep</span> translate <span class='a notranslate b'>keep</span>",
		"<ruby>漢<rt>kan</rt></ruby> অসম",
		"<p>\u00a0 \t\n</p><p>১২৩ — 4</p>",
		"<form><input value=x><button>b</button></form>",
		"<noscript><p>n</p></noscript><plaintext><b>",
	} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, body string, htmlMode bool) {
		want, err := translation.CanonicalHTML(body)
		if err != nil {
			t.Skip(err)
		}
		segs, err := translation.SplitSegments(body, htmlMode)
		if err != nil {
			t.Fatalf("canonical form made but segmenting failed: %v", err)
		}
		for i, s := range segs {
			if s.ID != fmt.Sprintf("s%d", i+1) || s.IsHTML != htmlMode || strings.TrimSpace(s.Text) != s.Text {
				t.Errorf("segment %d of %q: %+v", i, body, s)
			}
		}
		got, mangled, err := translation.RoundTrip(body, htmlMode, identity)
		if err != nil {
			t.Fatal(err)
		}
		if mangled != nil {
			t.Errorf("identity mangled %v of %q", mangled, body)
		}
		if got != want {
			t.Errorf("identity changed %q:\n got %q\nwant %q", body, got, want)
		}
	})
}
