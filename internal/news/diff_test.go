package news_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
)

// rebuild returns the two texts a diff was made from: its equal and deleted runs, and its
// equal and inserted runs.
func rebuild(ops []news.DiffOp) (a, b string) {
	var ab, bb strings.Builder
	for _, op := range ops {
		switch op.Kind {
		case "equal":
			ab.WriteString(op.Text)
			bb.WriteString(op.Text)
		case "delete":
			ab.WriteString(op.Text)
		case "insert":
			bb.WriteString(op.Text)
		}
	}
	return ab.String(), bb.String()
}

// checkDiff fails the test unless ops rebuild a and b exactly and are well formed: known
// kinds, no empty runs, no two neighbouring runs of the same kind.
func checkDiff(t *testing.T, a, b string, ops []news.DiffOp) {
	t.Helper()
	if ra, rb := rebuild(ops); ra != a || rb != b {
		t.Errorf("ops rebuild\n%q\n%q\nwant\n%q\n%q", ra, rb, a, b)
	}
	for i, op := range ops {
		if op.Kind != "equal" && op.Kind != "insert" && op.Kind != "delete" {
			t.Errorf("op %d has kind %q", i, op.Kind)
		}
		if op.Text == "" {
			t.Errorf("op %d (%s) is empty", i, op.Kind)
		}
		if i > 0 && ops[i-1].Kind == op.Kind {
			t.Errorf("ops %d and %d are both %s", i-1, i, op.Kind)
		}
	}
}

func TestDiffWords(t *testing.T) {
	eq := func(s string) news.DiffOp { return news.DiffOp{Kind: "equal", Text: s} }
	ins := func(s string) news.DiffOp { return news.DiffOp{Kind: "insert", Text: s} }
	del := func(s string) news.DiffOp { return news.DiffOp{Kind: "delete", Text: s} }
	cases := []struct {
		name string
		a, b string
		want []news.DiffOp
	}{
		{"both empty", "", "", nil},
		{"equal", "Flood waters rise in Dhemaji.", "Flood waters rise in Dhemaji.", []news.DiffOp{eq("Flood waters rise in Dhemaji.")}},
		{"equal with breaks", "One.\n\nTwo.\n", "One.\n\nTwo.\n", []news.DiffOp{eq("One.\n\nTwo.\n")}},
		{"from nothing", "", "New story", []news.DiffOp{ins("New story")}},
		{"to nothing", "Old story", "", []news.DiffOp{del("Old story")}},
		{"insertion in the middle", "Flood waters rise in Dhemaji", "Flood waters rise fast in Dhemaji",
			[]news.DiffOp{eq("Flood waters rise "), ins("fast "), eq("in Dhemaji")}},
		{"deletion in the middle", "Flood waters rise fast in Dhemaji", "Flood waters rise in Dhemaji",
			[]news.DiffOp{eq("Flood waters rise "), del("fast "), eq("in Dhemaji")}},
		{"words replaced", "Twelve villages were cut off", "Twenty villages were cut off",
			[]news.DiffOp{del("Twelve "), ins("Twenty "), eq("villages were cut off")}},
		{"paragraph inserted", "First para.\n\nSecond para.", "First para.\n\nNew para.\n\nSecond para.",
			[]news.DiffOp{eq("First para.\n\n"), ins("New para.\n\n"), eq("Second para.")}},
		{"paragraph deleted", "First para.\n\nNew para.\n\nSecond para.", "First para.\n\nSecond para.",
			[]news.DiffOp{eq("First para.\n\n"), del("New para.\n\n"), eq("Second para.")}},
		// A paragraph break is a change even where the words are the same.
		{"paragraph split", "One two", "One\n\ntwo", []news.DiffOp{del("One "), ins("One\n\n"), eq("two")}},
		{"assamese words inserted", "ধেমাজিত বান। মানুহ সুৰক্ষিত।", "ধেমাজিত ভয়াবহ বান। মানুহ সুৰক্ষিত।",
			[]news.DiffOp{eq("ধেমাজিত "), ins("ভয়াবহ "), eq("বান। মানুহ সুৰক্ষিত।")}},
		{"assamese ending replaced", "মাজুলীত বানপানী পৰিস্থিতি গুৰুতৰ", "মাজুলীত বানপানী পৰিস্থিতি অলপ উন্নত",
			[]news.DiffOp{eq("মাজুলীত বানপানী পৰিস্থিতি "), del("গুৰুতৰ"), ins("অলপ উন্নত")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := news.DiffWords(c.a, c.b)
			if !slices.Equal(got, c.want) {
				t.Errorf("DiffWords =\n%q\nwant\n%q", got, c.want)
			}
			checkDiff(t, c.a, c.b, got)
		})
	}
}

// TestDiffWordsLarge checks that texts too large for the word table are shown replaced whole,
// quickly, and that a long text against a short one is diffed in reasonable time.
func TestDiffWordsLarge(t *testing.T) {
	words := func(n int, w string) string { return strings.Repeat(w+" ", n) }
	cases := []struct {
		name string
		a, b string
	}{
		{"both over the bound", words(3000, "flood"), words(3000, "relief")},
		{"equal over the bound", words(3000, "flood"), words(3000, "flood")},
		{"huge", words(100_000, "flood"), words(100_000, "বানপানী")},
		// Long bodies (half the most an edition may hold) against an empty first revision
		// or one word.
		{"long body from nothing", "", words(40_000, "flood")},
		{"long body to nothing", words(40_000, "flood"), ""},
		{"long body against one word", "flood", words(40_000, "flood")},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			ops := news.DiffWords(c.a, c.b)
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("DiffWords took %v", took)
			}
			checkDiff(t, c.a, c.b, ops)
		})
	}
}

func FuzzDiffWords(f *testing.F) {
	seeds := [][2]string{
		{"", ""},
		{"Flood waters rise", "Flood waters rise fast"},
		{"  leading space", "leading  space  "},
		{"One.\n\nTwo.", "One.\r\n\tTwo."},
		{"ধেমাজিত বান।", "ধেমাজিত ভয়াবহ বান।"},
		{"a b a b a", "b a b a b"},
		{"\xff\xfe broken utf-8", "broken \xc3 utf-8"},
		{"non\u00a0breaking space", "non breaking\u3000space"},
	}
	for _, s := range seeds {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		ops := news.DiffWords(a, b)
		checkDiff(t, a, b, ops)
		// Short enough for the word table: equal texts are one equal run.
		if a == b && len(a) < 4000 {
			if want := []news.DiffOp{{Kind: "equal", Text: a}}; a != "" && !slices.Equal(ops, want) {
				t.Errorf("equal texts gave %q", ops)
			}
		}
	})
}

func TestRevisionPair(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		n := newTeam(t, d)
		e := n.draft(n.reporter, "Rev one")
		other := n.draft(n.other, "Another story")
		times := []time.Time{e.ModifiedAt}
		for _, h := range []string{"Rev two", "Rev three"} {
			times = append(times, n.clock.Advance(time.Hour))
			in := input(n.edition(e.ID))
			in.Headline = h
			if _, err := n.store.SaveAs(n.ctx, n.reporter, in); err != nil {
				t.Fatal(err)
			}
		}
		heads := []string{"Rev one", "Rev two", "Rev three"}
		for _, c := range []struct{ a, b int }{{1, 3}, {3, 1}, {2, 3}, {2, 2}} {
			ra, rb, err := n.store.RevisionPair(n.ctx, e.ID, c.a, c.b)
			if err != nil {
				t.Fatalf("pair %d, %d: %v", c.a, c.b, err)
			}
			for _, x := range []struct {
				r news.Revision
				n int
			}{{ra, c.a}, {rb, c.b}} {
				if x.r.Number != x.n || x.r.Headline != heads[x.n-1] || x.r.UserID != n.reporter.UserID || !x.r.CreatedAt.Equal(times[x.n-1]) {
					t.Errorf("pair %d, %d: revision %+v, want number %d %q", c.a, c.b, x.r, x.n, heads[x.n-1])
				}
			}
		}
		for _, c := range []struct {
			edition int64
			a, b    int
		}{{e.ID, 1, 4}, {e.ID, 4, 1}, {e.ID, 0, 1}, {e.ID, -1, 2}, {other.ID, 1, 2}, {9999, 1, 1}} {
			if _, _, err := n.store.RevisionPair(n.ctx, c.edition, c.a, c.b); !errors.Is(err, news.ErrNotFound) {
				t.Errorf("edition %d pair %d, %d: err = %v, want ErrNotFound", c.edition, c.a, c.b, err)
			}
		}
	})
}

// TestRevisionText checks that a revision's text keeps one blank line between blocks, so a
// diff shows paragraphs, and never runs the words of two blocks or lines together.
func TestRevisionText(t *testing.T) {
	cases := []struct {
		name string
		body string
		want string
	}{
		{"paragraphs", "<p>Water rose.</p><p>Boats came.</p>", "Water rose.\n\nBoats came."},
		{"heading and list", "<h2>Relief</h2><ul><li>Rice</li><li>Dal</li></ul>", "Relief\n\nRice\n\nDal"},
		{"inline markup", "<p>The <strong>ASDMA</strong> said <em>so</em> &amp; more.</p>", "The ASDMA said so & more."},
		{"quote", "<blockquote>Help came.</blockquote><p>Said Rina.</p>", "Help came.\n\nSaid Rina."},
		{"assamese", "<p>ধেমাজিত বান।</p><p>মানুহ সুৰক্ষিত।</p>", "ধেমাজিত বান।\n\nমানুহ সুৰক্ষিত।"},
		{"self-closed line break", "<p>Line one<br/>line two</p>", "Line one\n\nline two"},
		// What the newsroom's editor and the sanitiser actually produce.
		{"line break", "<p>Line one<br>line two</p>", "Line one\n\nline two"},
		{"unclosed paragraphs", "<p>One<p>Two", "One\n\nTwo"},
		{"unclosed list items", "<ul><li>Rice<li>Dal</ul>", "Rice\n\nDal"},
		{"rule", "<p>One</p><hr><p>Two</p>", "One\n\nTwo"},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		n := newTeam(t, d)
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				n := n.on(t)
				e, err := n.store.CreateDraft(n.ctx, n.reporter, news.DraftInput{SectionID: n.sec.ID,
					Edition: news.EditionInput{Lang: locale.English, Headline: "Flood", Standfirst: "Boats carry rice.", Body: c.body}})
				if err != nil {
					t.Fatal(err)
				}
				r, _, err := n.store.RevisionPair(n.ctx, e.ID, 1, 1)
				if err != nil {
					t.Fatal(err)
				}
				if got, want := r.Text(), "Flood\n\nBoats carry rice.\n\n"+c.want; got != want {
					t.Errorf("text of %q (stored %q) =\n%q\nwant\n%q", c.body, r.Body, got, want)
				}
			})
		}
	})
}

// TestRevisionTextWithoutStandfirst checks that a missing standfirst leaves no empty
// paragraph between the headline and the body.
func TestRevisionTextWithoutStandfirst(t *testing.T) {
	r := news.Revision{Headline: "বানপানী", Body: "<p>নাও আহিল।</p>"}
	if got, want := r.Text(), "বানপানী\n\nনাও আহিল।"; got != want {
		t.Errorf("text = %q, want %q", got, want)
	}
}
