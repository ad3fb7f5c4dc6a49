package translation_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/translation"
)

// fakeEngine is a provider that answers with fn and records every request.
type fakeEngine struct {
	name, model string
	html        bool
	fn          func(translation.Segment) string
	err         error

	mu       sync.Mutex
	requests []translation.Request
}

func (f *fakeEngine) Name() string  { return f.name }
func (f *fakeEngine) Model() string { return f.model }
func (f *fakeEngine) HTML() bool    { return f.html }

func (f *fakeEngine) Translate(ctx context.Context, req translation.Request) ([]string, error) {
	f.mu.Lock()
	f.requests = append(f.requests, req)
	f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	out := make([]string, len(req.Segments))
	for i, s := range req.Segments {
		out[i] = f.fn(s)
	}
	return out, nil
}

func (f *fakeEngine) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.requests)
}

func (f *fakeEngine) last() translation.Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests[len(f.requests)-1]
}

func sentTexts(req translation.Request) []string {
	var out []string
	for _, s := range req.Segments {
		out = append(out, s.Text)
	}
	return out
}

// toAssamese is a pretend engine: it puts a few words into Assamese and marks the rest, so
// tests can tell translated text apart.
func toAssamese(s translation.Segment) string {
	r := strings.NewReplacer("Guwahati", "গুৱাহাটী", "Assam", "অসম", "Congress", "কংগ্রেছ", "Dispur", "দিছপুৰ")
	return r.Replace(s.Text) + " ৷"
}

var fixedNow = time.Date(2025, 3, 14, 10, 0, 0, 0, time.UTC)

func newTranslator(d *db.DB, p translation.Provider) *translation.Translator {
	return translation.NewTranslator(p, d, translation.Options{Now: func() time.Time { return fixedNow }})
}

func TestTranslateBodyMemory(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		eng := &fakeEngine{name: "fake", model: "m1", fn: toAssamese}
		tr := newTranslator(d, eng)
		body := `<p>Rain in <b>Guwahati</b>.</p><p>Floods in Assam.</p><p>Floods in Assam.</p><pre>code</pre>`

		res, err := tr.TranslateBody(ctx, body, locale.English, locale.Assamese)
		if err != nil {
			t.Fatal(err)
		}
		want := `<p>Rain in <b>গুৱাহাটী</b>. ।</p><p>Floods in অসম. ।</p><p>Floods in অসম. ।</p><pre>code</pre>`
		if res.Body != want {
			t.Errorf("body\n%s\nwant\n%s", res.Body, want)
		}
		// One request; the repeated paragraph goes once.
		if eng.calls() != 1 || !slices.Equal(sentTexts(eng.last()), []string{"Rain in ⟦1⟧Guwahati⟦/1⟧.", "Floods in Assam."}) {
			t.Errorf("requests %d, last %q", eng.calls(), sentTexts(eng.last()))
		}
		chars := utf8.RuneCountInString("Rain in ⟦1⟧Guwahati⟦/1⟧.") + utf8.RuneCountInString("Floods in Assam.")
		if res.Sent != 2 || res.CacheHits != 0 || res.CharsSent != chars {
			t.Errorf("sent %d, hits %d, chars %d; want 2, 0, %d", res.Sent, res.CacheHits, res.CharsSent, chars)
		}
		// The glossary terms of the request go with it.
		var terms []string
		for _, g := range eng.last().Glossary {
			terms = append(terms, g.Source+"="+g.Target)
		}
		slices.Sort(terms)
		if !slices.Equal(terms, []string{"Assam=অসম", "Guwahati=গুৱাহাটী"}) {
			t.Errorf("request glossary %v", terms)
		}

		// The same body again: everything from memory, nothing sent, nothing counted.
		again, err := tr.TranslateBody(ctx, body, locale.English, locale.Assamese)
		if err != nil {
			t.Fatal(err)
		}
		if eng.calls() != 1 || again.Body != res.Body || again.Sent != 0 || again.CharsSent != 0 || again.CacheHits != 3 {
			t.Errorf("second translation: calls %d, sent %d, chars %d, hits %d", eng.calls(), again.Sent, again.CharsSent, again.CacheHits)
		}

		// Editing one paragraph sends that paragraph alone.
		edited := strings.Replace(body, "Rain in", "Heavy rain in", 1)
		res, err = tr.TranslateBody(ctx, edited, locale.English, locale.Assamese)
		if err != nil {
			t.Fatal(err)
		}
		if eng.calls() != 2 || !slices.Equal(sentTexts(eng.last()), []string{"Heavy rain in ⟦1⟧Guwahati⟦/1⟧."}) || res.CacheHits != 2 {
			t.Errorf("after an edit: calls %d, sent %q, hits %d", eng.calls(), sentTexts(eng.last()), res.CacheHits)
		}

		// Another model of the same engine, or the other direction, is another memory.
		other := &fakeEngine{name: "fake", model: "m2", fn: toAssamese}
		if _, err := newTranslator(d, other).TranslateBody(ctx, body, locale.English, locale.Assamese); err != nil {
			t.Fatal(err)
		}
		if other.calls() != 1 {
			t.Errorf("model m2 answered from m1's memory")
		}

		// Usage: characters actually sent, by provider and month.
		rows, err := translation.NewUsage(d).List(ctx)
		if err != nil {
			t.Fatal(err)
		}
		wantChars := int64(chars + utf8.RuneCountInString("Heavy rain in ⟦1⟧Guwahati⟦/1⟧.") + chars)
		if len(rows) != 1 || rows[0].Provider != "fake" || rows[0].Chars != wantChars || rows[0].Requests != 3 || rows[0].Segments != 5 ||
			!rows[0].Month.Equal(time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)) {
			t.Errorf("usage %+v, want fake 2025-03 %d chars, 3 requests, 5 segments", rows, wantChars)
		}
		n, err := translation.NewMemory(d).Size(ctx)
		if err != nil || n != 5 {
			t.Errorf("memory holds %d segments (%v), want 5", n, err)
		}
	})
}

func TestTranslateBodyWarnings(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		// An engine that loses the closing placeholder, spells Congress with Bengali র, and
		// leaves Dispur in English.
		eng := &fakeEngine{name: "clumsy", model: "1", fn: func(s translation.Segment) string {
			out := strings.Replace(s.Text, "⟦/1⟧", "", 1)
			return strings.NewReplacer("Congress", "কংগ্রেছ").Replace(out)
		}}
		tr := newTranslator(d, eng)
		body := `<p>The <a href="/c">Congress</a> met in Dispur.</p><p>No markup here.</p>`
		res, err := tr.TranslateBody(ctx, body, locale.English, locale.Assamese)
		if err != nil {
			t.Fatal(err)
		}
		if want := `<p>The কংগ্রেছ met in Dispur.</p><p>No markup here.</p>`; res.Body != want {
			t.Errorf("body %s, want %s", res.Body, want)
		}
		if eng.calls() != 2 || !slices.Equal(sentTexts(eng.last()), []string{"The Congress met in Dispur."}) {
			t.Errorf("calls %d, fallback sent %q", eng.calls(), sentTexts(eng.last()))
		}
		got := map[translation.WarningKind][]string{}
		for _, w := range res.Warnings {
			got[w.Kind] = append(got[w.Kind], w.Segment+":"+w.Term.Source)
		}
		want := map[translation.WarningKind][]string{
			translation.WarnMarkup:    {"s1:"},
			translation.WarnBengaliRa: {"s1:"},
			translation.WarnGlossary:  {"s1:Congress", "s1:Dispur"},
		}
		for k, v := range want {
			slices.Sort(got[k])
			if !slices.Equal(got[k], v) {
				t.Errorf("%s warnings %v, want %v", k, got[k], v)
			}
		}

		// Answers from memory give the same result and warnings, with no request at all.
		again, err := tr.TranslateBody(ctx, body, locale.English, locale.Assamese)
		if err != nil {
			t.Fatal(err)
		}
		if eng.calls() != 2 || again.Body != res.Body || len(again.Warnings) != len(res.Warnings) {
			t.Errorf("from memory: calls %d, body %s, %d warnings", eng.calls(), again.Body, len(again.Warnings))
		}
	})
}

func TestTranslateText(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		eng := &fakeEngine{name: "fake", model: "1", html: true, fn: toAssamese}
		tr := newTranslator(d, eng)
		res, err := tr.TranslateText(ctx, "  Floods in Assam <again>  ", locale.English, locale.Assamese)
		if err != nil {
			t.Fatal(err)
		}
		if res.Body != "Floods in অসম <again> ।" || res.Sent != 1 {
			t.Errorf("TranslateText = %+v", res)
		}
		if s := eng.last().Segments[0]; s.IsHTML || s.Text != "Floods in Assam <again>" {
			t.Errorf("sent %+v", s)
		}
		// A paragraph with the same text shares the memory; as HTML it is another entry.
		if _, err := tr.TranslateText(ctx, "Floods in Assam <again>", locale.English, locale.Assamese); err != nil || eng.calls() != 1 {
			t.Errorf("headline again: calls %d, %v", eng.calls(), err)
		}
		if _, err := tr.TranslateBody(ctx, "<p>Floods in Assam &lt;again&gt;</p>", locale.English, locale.Assamese); err != nil || eng.calls() != 2 {
			t.Errorf("HTML paragraph: calls %d, %v", eng.calls(), err)
		}
		if res, err := tr.TranslateText(ctx, " ", locale.English, locale.Assamese); err != nil || res.Body != "" || eng.calls() != 2 {
			t.Errorf("blank text: %+v, %v", res, err)
		}
	})
}

func TestTranslatorErrors(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := newTranslator(d, nil).TranslateBody(ctx, "<p>x</p>", locale.English, locale.Assamese); !errors.Is(err, translation.ErrNotConfigured) {
			t.Errorf("no provider: %v", err)
		}
		quota := &translation.ProviderError{Provider: "fake", Status: 429, Message: "daily limit", Kind: translation.ErrQuota}
		eng := &fakeEngine{name: "fake", model: "1", err: fmt.Errorf("translate: %w", quota)}
		_, err := newTranslator(d, eng).TranslateBody(ctx, "<p>Assam</p>", locale.English, locale.Assamese)
		if !errors.Is(err, translation.ErrQuota) {
			t.Errorf("quota error came back as %v", err)
		}
		// Nothing remembered or counted for a failed request.
		if rows, _ := translation.NewUsage(d).List(ctx); len(rows) != 0 {
			t.Errorf("usage counted for a failure: %+v", rows)
		}
		_, err = newTranslator(d, &miscount{&fakeEngine{name: "short", model: "1"}}).TranslateBody(ctx, "<p>a</p><p>b</p>", locale.English, locale.Assamese)
		if !errors.Is(err, translation.ErrBadResponse) {
			t.Errorf("wrong count: %v", err)
		}
	})
}

func identitySeg(s translation.Segment) string { return s.Text }

// miscount answers one translation too few.
type miscount struct{ *fakeEngine }

func (m *miscount) Translate(ctx context.Context, req translation.Request) ([]string, error) {
	return []string{"only one"}, nil
}

// FuzzTranslateBodyIdentity: through the whole translator (memory included), an engine that
// answers with its input gives back the sanitised body in canonical form, for text and HTML
// engines alike, and a second run is served from memory.
func FuzzTranslateBodyIdentity(f *testing.F) {
	for _, s := range []string{story, "<p>a <b>b</b> c</p>", "<p>অসমৰ <em>গুৱাহাটী</em></p>", "<p>⟦1⟧</p>"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	d := dbtest.Open(f, db.SQLite)
	san := news.NewSanitizer()
	f.Fuzz(func(t *testing.T, body string, htmlMode bool) {
		in := san.Body(body)
		// The translator sends NFC text and gives Assamese-style punctuation; the identity
		// holds for text already in that form.
		if !utf8.ValidString(in) || translation.NormalizeSource(in) != in || strings.ContainsRune(in, '\u09F7') {
			t.Skip("not normalised text")
		}
		want, err := translation.CanonicalHTML(in)
		if err != nil {
			t.Skip(err)
		}
		eng := &fakeEngine{name: "identity", model: fmt.Sprint(htmlMode), html: htmlMode, fn: identitySeg}
		tr := newTranslator(d, eng)
		res, err := tr.TranslateBody(context.Background(), in, locale.English, locale.English)
		if err != nil {
			t.Fatal(err)
		}
		if res.Body != want {
			t.Errorf("identity changed %q:\n got %q\nwant %q", in, res.Body, want)
		}
		for _, w := range res.Warnings {
			if w.Kind == translation.WarnMarkup {
				t.Errorf("identity mangled %s of %q", w.Segment, in)
			}
		}
		again, err := tr.TranslateBody(context.Background(), in, locale.English, locale.English)
		if err != nil || again.Body != want || again.Sent != 0 {
			t.Errorf("second run: sent %d, %v", again.Sent, err)
		}
	})
}
