package search_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/search"
)

// The benchmarks fill a database with BATORI_SEARCH_BENCH_N synthetic stories (default 2,000),
// each with an English and an Assamese edition, and measure queries of one and two words in
// each language and the index's upkeep per published story. Latency percentiles are reported
// as p50-ms and p99-ms:
//
//	BATORI_SEARCH_BENCH_N=100000 CI=true go test ./internal/search/ -run '^$' -bench . -benchtime 200x -timeout 2h

// benchCorpus is a filled database and the words its stories were written with.
type benchCorpus struct {
	d     *db.DB
	ix    *search.Index
	vocab map[locale.Lang][]string
	ids   []int64
}

var (
	benchMu      sync.Mutex
	benchCorpora = map[db.Dialect]*benchCorpus{}
)

func benchN() int {
	if n, err := strconv.Atoi(os.Getenv("BATORI_SEARCH_BENCH_N")); err == nil && n > 0 {
		return n
	}
	return 2000
}

// vocabulary makes n synthetic words: English-like from Latin syllables, Assamese-like from
// consonants with vowel signs (and sometimes a conjunct), so the index sees marks and viramas.
func vocabulary(lang locale.Lang, n int, r *rand.Rand) []string {
	seen := map[string]bool{}
	var out []string
	latin := []string{"ka", "ri", "mo", "tan", "sel", "bu", "dor", "ve", "li", "gha", "pu", "ram", "sor", "ne", "ti", "lak", "jo", "han"}
	cons := []rune("কখগঘচছজঝটঠডঢতথদধনপফবভমযৰলশসহ")
	signs := []string{"", "া", "ি", "ী", "ু", "ূ", "ে", "ৈ", "ো", "ৌ"}
	for len(out) < n {
		var b strings.Builder
		for range 2 + r.IntN(3) {
			if lang == locale.English {
				b.WriteString(latin[r.IntN(len(latin))])
				continue
			}
			b.WriteRune(cons[r.IntN(len(cons))])
			if r.IntN(8) == 0 {
				b.WriteString("্")
				b.WriteRune(cons[r.IntN(len(cons))])
			}
			b.WriteString(signs[r.IntN(len(signs))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// text writes n words drawn from vocab by Zipf's law, Assamese words sometimes with an ending.
func text(vocab []string, z *rand.Zipf, r *rand.Rand, n int, lang locale.Lang) string {
	endings := []string{"ত", "ৰ", "লৈ", "ক", "বোৰ", "টো"}
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(vocab[z.Uint64()])
		if lang == locale.Assamese && r.IntN(4) == 0 {
			b.WriteString(endings[r.IntN(len(endings))])
		}
	}
	return b.String()
}

// keep is a TB whose cleanups wait for TestMain, so that a corpus lives for the whole run
// and its database is still removed at the end.
type keep struct{ testing.TB }

var kept []func()

func (keep) Cleanup(f func()) { kept = append(kept, f) }

func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(kept) - 1; i >= 0; i-- {
		kept[i]()
	}
	os.Exit(code)
}

// corpus returns the filled database of dialect, filling it the first time. With
// BATORI_SEARCH_BENCH_KEEP set to a folder, the database is kept between runs (a SQLite file
// in that folder, a PostgreSQL schema named after N) and filled only when it holds no stories,
// so that a change to the queries can be measured again without filling 100,000 stories anew.
func corpus(b *testing.B, dialect db.Dialect) *benchCorpus {
	benchMu.Lock()
	defer benchMu.Unlock()
	if c := benchCorpora[dialect]; c != nil {
		return c
	}
	ctx := context.Background()
	n := benchN()
	d := openBench(b, dialect, n)
	r := rand.New(rand.NewPCG(1, 2))
	c := &benchCorpus{d: d, ix: search.New(d), vocab: map[locale.Lang][]string{}}
	zipf := map[locale.Lang]*rand.Zipf{}
	for _, l := range locale.Langs() {
		c.vocab[l] = vocabulary(l, 30000, r)
		zipf[l] = rand.NewZipf(r, 1.07, 2, uint64(len(c.vocab[l])-1))
	}
	ids, err := db.IDs(ctx, d, "SELECT id FROM stories ORDER BY id")
	if err != nil {
		b.Fatal(err)
	}
	if len(ids) > 0 {
		// Kept from an earlier run; Backfill below finishes an index left half made.
		b.Logf("%s: %d stories kept from an earlier run", dialect, len(ids))
		c.ids, n = ids, 0
	}
	now := time.Now().UTC()
	var section int64
	if n > 0 {
		err = d.InTx(ctx, func(tx *db.Tx) error {
			var err error
			section, err = tx.InsertID(ctx, "INSERT INTO sections (slug, name_en, name_as, created_at) VALUES ('bench', 'Bench', 'বেঞ্চ', ?)", now)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	start := time.Now()
	for done := 0; done < n; {
		batch := min(1000, n-done)
		err := d.InTx(ctx, func(tx *db.Tx) error {
			ids, err := tx.ReserveIDs(ctx, "stories", batch)
			if err != nil {
				return err
			}
			var stories, editions []any
			for i, id := range ids {
				at := now.Add(-time.Duration(r.IntN(3*365*24)) * time.Hour)
				stories = append(stories, id, section, at)
				for _, l := range locale.Langs() {
					body := "<p>" + text(c.vocab[l], zipf[l], r, 300, l) + "</p>"
					editions = append(editions, id, string(l), fmt.Sprintf("s-%d", done+i),
						text(c.vocab[l], zipf[l], r, 8, l), text(c.vocab[l], zipf[l], r, 20, l), body, string(news.Published), 1, at, at, at)
				}
			}
			c.ids = append(c.ids, ids...)
			if err := tx.InsertRows(ctx, "stories", []string{"id", "section_id", "created_at"}, stories); err != nil {
				return err
			}
			return tx.InsertRows(ctx, "editions", []string{"story_id", "lang", "slug", "headline", "standfirst", "body", "status", "revision",
				"published_at", "modified_at", "created_at"}, editions)
		})
		if err != nil {
			b.Fatal(err)
		}
		done += batch
	}
	loaded := time.Since(start)
	start = time.Now()
	for {
		k, err := c.ix.Backfill(ctx, 1000)
		if err != nil {
			b.Fatal(err)
		}
		if k == 0 {
			break
		}
	}
	if dialect == db.Postgres && n > 0 {
		// As autovacuum would soon after a load this size: statistics, and the GIN index's
		// pending list merged (until then the planner rightly avoids the index).
		for _, t := range []string{"search_docs", "editions", "stories"} {
			if _, err := d.Exec(ctx, "VACUUM ANALYZE "+t); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.Logf("%s: %d stories written in %s, indexed in %s", dialect, n, loaded.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	benchCorpora[dialect] = c
	return c
}

// openBench opens the benchmark's database: a fresh one, or the one kept in
// BATORI_SEARCH_BENCH_KEEP.
func openBench(b *testing.B, dialect db.Dialect, n int) *db.DB {
	dir := os.Getenv("BATORI_SEARCH_BENCH_KEEP")
	if dir == "" {
		return dbtest.Open(keep{b}, dialect)
	}
	ctx := context.Background()
	var d *db.DB
	var err error
	if dialect == db.SQLite {
		d, err = db.OpenSQLiteFile(ctx, fmt.Sprintf("%s/search-bench-%d.db", dir, n))
	} else {
		schema := fmt.Sprintf("search_bench_%d", n)
		var admin *db.DB
		if admin, err = db.Open(ctx, db.Options{URL: dbtest.PostgresURL()}); err != nil {
			b.Fatal(err)
		}
		_, err = admin.Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+schema)
		admin.Close()
		if err != nil {
			b.Fatal(err)
		}
		u, perr := url.Parse(dbtest.PostgresURL())
		if perr != nil {
			b.Fatal(perr)
		}
		q := u.Query()
		q.Set("search_path", schema)
		q.Set("synchronous_commit", "off")
		u.RawQuery = q.Encode()
		d, err = db.Open(ctx, db.Options{URL: u.String()})
	}
	if err != nil {
		b.Fatal(err)
	}
	keep{b}.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	return d
}

func BenchmarkSearch(b *testing.B) {
	for _, dialect := range dbtest.Dialects {
		b.Run(string(dialect), func(b *testing.B) {
			c := corpus(b, dialect)
			// Words a reader remembers (names, places) are neither the commonest nor the rarest;
			// "common" takes the twenty commonest words, in nearly every story, as the worst case.
			kinds := []struct {
				name     string
				from, to int
			}{{"typical", 100, 10000}, {"common", 0, 20}}
			for _, lang := range locale.Langs() {
				for _, kind := range kinds {
					for _, words := range []int{1, 2} {
						b.Run(fmt.Sprintf("%s/%s/%dword", lang, kind.name, words), func(b *testing.B) {
							r := rand.New(rand.NewPCG(3, uint64(words)))
							var took []time.Duration
							cpu0 := cpuTime()
							for b.Loop() {
								var parts []string
								for range words {
									parts = append(parts, c.vocab[lang][kind.from+r.IntN(kind.to-kind.from)])
								}
								q, err := search.ParseQuery(strings.Join(parts, " "))
								if err != nil {
									b.Fatal(err)
								}
								t0 := time.Now()
								if _, err := c.ix.Search(context.Background(), q, search.Filter{Lang: lang}, 10, 0); err != nil {
									b.Fatal(err)
								}
								took = append(took, time.Since(t0))
							}
							report(b, took, cpu0)
						})
					}
				}
			}
		})
	}
}

// BenchmarkIndexUpkeep measures writing one published story's documents (both editions) in a
// transaction of its own, as a publication does.
func BenchmarkIndexUpkeep(b *testing.B) {
	for _, dialect := range dbtest.Dialects {
		b.Run(string(dialect), func(b *testing.B) {
			c := corpus(b, dialect)
			ctx := context.Background()
			var took []time.Duration
			cpu0 := cpuTime()
			i := 0
			for b.Loop() {
				id := c.ids[i%len(c.ids)]
				i++
				t0 := time.Now()
				err := c.d.InTx(ctx, func(tx *db.Tx) error {
					return c.ix.Follow(ctx, tx, []any{news.StoryPublished{Listing: news.Listing{StoryID: id, Lang: locale.English}},
						news.StoryPublished{Listing: news.Listing{StoryID: id, Lang: locale.Assamese}}})
				})
				if err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(t0))
			}
			report(b, took, cpu0)
		})
	}
}

// cpuTime is the CPU time this process has used: on a machine shared with other work, the
// wall-clock percentiles mostly measure waiting for a core, while this counts the work (of
// SQLite, which runs in the process; PostgreSQL's own work is in its server).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// report adds the median and 99th percentile of took, in milliseconds, and the CPU time per
// operation since cpu0.
func report(b *testing.B, took []time.Duration, cpu0 time.Duration) {
	if len(took) == 0 {
		return
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(len(took)), "cpu-ms/op")
	slices.Sort(took)
	at := func(p float64) float64 {
		return float64(took[min(len(took)-1, int(p*float64(len(took))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}
