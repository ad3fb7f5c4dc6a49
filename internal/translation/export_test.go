package translation

// Hooks for the tests of package translation_test, which import packages (news) that may one
// day import this one.

// CanonicalHTML exposes canonicalHTML.
func CanonicalHTML(body string) (string, error) { return canonicalHTML(body) }

// SplitSegments returns the segments of body as the translator would send them.
func SplitSegments(body string, htmlMode bool) ([]Segment, error) {
	d, err := splitHTML(body, htmlMode, nil)
	if err != nil {
		return nil, err
	}
	segs := make([]Segment, len(d.runs))
	for i, r := range d.runs {
		segs[i] = Segment{ID: r.id, Text: r.wire, IsHTML: r.isHTML}
	}
	return segs, nil
}

// RoundTrip translates body with answer standing in for an engine, segment by segment, as
// TranslateBody does without the memory: a mangled segment is asked again as plain text. It
// returns the HTML and the IDs of the mangled segments.
func RoundTrip(body string, htmlMode bool, answer func(Segment) string) (string, []string, error) {
	d, err := splitHTML(body, htmlMode, nil)
	if err != nil {
		return "", nil, err
	}
	var mangled []string
	for _, r := range d.runs {
		if err := r.apply(answer(Segment{ID: r.id, Text: r.wire, IsHTML: r.isHTML})); err != nil {
			mangled = append(mangled, r.id)
			f := r.fallback()
			var outs []string
			for _, s := range f.segments() {
				outs = append(outs, answer(s))
			}
			f.apply(outs)
		}
	}
	return d.render(), mangled, nil
}
