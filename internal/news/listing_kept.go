package news

import (
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/memo"
)

// KeepLists makes the store keep, for each filter of published editions, its count and the
// boundaries of the pages read so far, until g is forgotten (the owner forgets it whenever a
// publication may have changed a list) or for at most maxAge (what no event tells: another
// process writing the same SQLite file). Counting a section of thousands of stories walks
// each of them; a page deep in a list walks every edition before it, unless the page before
// it was read in the same generation, when it starts where that page ended (keyset
// pagination behind the same page numbers). Call it before the store is used.
func (s *Store) KeepLists(g *memo.Gen, maxAge time.Duration) {
	s.lists = &listMemo{gen: g, maxAge: maxAge}
}

// listMemo holds counts and page boundaries of published lists for one generation.
type listMemo struct {
	gen    *memo.Gen
	maxAge time.Duration

	mu     sync.Mutex
	at     uint64    // the generation held
	since  time.Time // when it was started
	counts map[Filter]int
	// bounds are, by filter, the known page boundaries in offset order: where the list
	// stands after its first offset editions.
	bounds map[Filter][]bound
	n      int // entries held in counts and bounds together
	// whole are lists read whole, by key (a home page's lists, an article's related
	// stories): a fresh render of those pages then reads no list again until a change.
	// held counts their teasers, which maxKeptTeasers bounds.
	whole map[string][][]Teaser
	held  int
	// articles are published articles read whole (PublishedArticle), by story and language;
	// bytes counts their bodies, which maxKeptBytes bounds.
	articles map[articleKey]Article
	bytes    int
	// banners are the breaking banners by language as stored (KeptBanner checks their end
	// on every read); lives the live blogs of editions, ErrNotFound included (most have none).
	banners map[locale.Lang]*Banner
	lives   map[int64]keptLive
}

type keptLive struct {
	blog LiveBlog
	err  error
}

type articleKey struct {
	story int64
	lang  locale.Lang
}

// bound is a list's position after its first offset editions: the last of them.
type bound struct {
	offset    int
	published time.Time
	edition   int64
}

// maxListEntries bounds the counts and boundaries held; past it the memo starts over.
const maxListEntries = 20000

// maxKeptBytes bounds the articles kept (their bodies and a kilobyte each for the rest);
// past it the memo starts over.
const maxKeptBytes = 8 << 20

// maxKeptTeasers bounds the teasers of the lists kept whole (a few hundred bytes each, a
// couple of megabytes in all); past it the memo starts over.
const maxKeptTeasers = 8000

// current empties the memo when its generation is over and returns the generation held;
// called with mu held.
func (m *listMemo) current(now time.Time) uint64 {
	gen := m.gen.Current()
	if m.at != gen || now.Sub(m.since) >= m.maxAge || m.counts == nil || m.n >= maxListEntries || m.held >= maxKeptTeasers ||
		m.bytes >= maxKeptBytes {
		m.at, m.since, m.n, m.held, m.bytes = gen, now, 0, 0, 0
		m.counts, m.bounds = map[Filter]int{}, map[Filter][]bound{}
		m.whole = map[string][][]Teaser{}
		m.articles = map[articleKey]Article{}
		m.banners, m.lives = map[locale.Lang]*Banner{}, map[int64]keptLive{}
	}
	return gen
}

func (m *listMemo) count(ctx context.Context, f Filter, count func(context.Context, Filter) (int, error)) (int, error) {
	m.mu.Lock()
	gen := m.current(time.Now())
	n, ok := m.counts[f]
	m.mu.Unlock()
	if ok {
		return n, nil
	}
	n, err := count(ctx, f)
	if err != nil {
		return 0, err
	}
	m.mu.Lock()
	// Kept only if no change was heard while counting.
	if m.current(time.Now()) == gen && m.gen.Current() == gen {
		m.counts[f] = n
		m.n++
	}
	m.mu.Unlock()
	return n, nil
}

// nearest returns the known boundary of f closest before offset (ok false when none) and the
// generation it belongs to.
func (m *listMemo) nearest(f Filter, offset int) (b bound, ok bool, gen uint64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	gen = m.current(time.Now())
	for _, x := range m.bounds[f] {
		if x.offset > offset {
			break
		}
		b, ok = x, true
	}
	return b, ok, gen
}

// remember records that f's first offset editions end with last, read in generation gen.
func (m *listMemo) remember(f Filter, offset int, last Teaser, gen uint64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.current(time.Now()) != gen || m.gen.Current() != gen {
		return // the list may have changed while it was read
	}
	list := m.bounds[f]
	i, found := slices.BinarySearchFunc(list, offset, func(b bound, o int) int { return b.offset - o })
	if found {
		return
	}
	m.bounds[f] = slices.Insert(list, i, bound{offset: offset, published: last.PublishedAt, edition: last.EditionID})
	m.n++
}

// lists returns the lists kept under key (ok false when none) and the generation they would
// be kept in. The lists are shared: callers must not modify their teasers.
func (m *listMemo) lists(key string) (lists [][]Teaser, ok bool, gen uint64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	gen = m.current(time.Now())
	lists, ok = m.whole[key]
	return clipped(lists), ok, gen
}

// keep keeps lists under key, read in generation gen: unless a change was heard since.
func (m *listMemo) keep(key string, lists [][]Teaser, gen uint64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.current(time.Now()) != gen || m.gen.Current() != gen {
		return // a list may have changed while it was read
	}
	if _, ok := m.whole[key]; ok {
		return
	}
	m.whole[key] = clipped(lists)
	for _, l := range lists {
		m.held += len(l)
	}
	m.held++ // an empty list is kept too, and counts
}

// clipped is a copy of lists whose lists have no room past their length, so that a caller
// appending to one gets an array of its own instead of writing into the kept one.
func clipped(lists [][]Teaser) [][]Teaser {
	if lists == nil {
		return nil
	}
	out := make([][]Teaser, len(lists))
	for i, l := range lists {
		out[i] = slices.Clip(l)
	}
	return out
}

// KeptArticle is PublishedArticle, kept (see KeepLists) until any change is heard: a fresh
// render of an article page then reads nothing of the story again. The article is shared:
// callers must not modify what its slices hold.
func (s *Store) KeptArticle(ctx context.Context, storyID int64, lang locale.Lang) (Article, error) {
	if s.lists == nil {
		return s.PublishedArticle(ctx, storyID, lang)
	}
	return kept(s.lists, func(m *listMemo) map[articleKey]Article { return m.articles }, articleKey{storyID, lang}, func() (Article, int, error) {
		a, err := s.PublishedArticle(ctx, storyID, lang)
		a.Authors, a.Tags, a.Editions, a.Translators = slices.Clip(a.Authors), slices.Clip(a.Tags), slices.Clip(a.Editions), slices.Clip(a.Translators)
		return a, len(a.Body) + 1024, err
	})
}

// kept returns what table (one of the memo's maps) holds under key, or reads it with read
// and keeps it there, unless a change was heard while it was read. read also says what the
// value weighs in bytes, which maxKeptBytes bounds (0 for the small ones).
func kept[K comparable, V any](m *listMemo, table func(*listMemo) map[K]V, key K, read func() (V, int, error)) (V, error) {
	m.mu.Lock()
	gen := m.current(time.Now())
	v, ok := table(m)[key]
	m.mu.Unlock()
	if ok {
		return v, nil
	}
	v, weight, err := read()
	if err != nil {
		return v, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.current(time.Now()) == gen && m.gen.Current() == gen {
		table(m)[key] = v
		m.n++
		m.bytes += weight
	}
	return v, nil
}

// KeptBanner is BannerIn, kept (see KeepLists) until any change is heard: setting, removing
// or ending a banner and editing its story are changes. Its end is checked on every read, as
// BannerIn checks it.
func (s *Store) KeptBanner(ctx context.Context, lang locale.Lang) (*Banner, error) {
	if s.lists == nil {
		return s.BannerIn(ctx, lang)
	}
	b, err := kept(s.lists, func(m *listMemo) map[locale.Lang]*Banner { return m.banners }, lang, func() (*Banner, int, error) {
		b, err := s.BannerIn(ctx, lang)
		return b, 0, err
	})
	if err != nil || b == nil || (!b.Until.IsZero() && !s.clock().Before(b.Until)) {
		return nil, err
	}
	return b, nil
}

// KeptLiveBlog is LiveBlogOf, kept (see KeepLists) until any change is heard (starting and
// ending a blog are changes); ErrNotFound, an edition that has never been live, is kept too.
func (s *Store) KeptLiveBlog(ctx context.Context, editionID int64) (LiveBlog, error) {
	if s.lists == nil {
		return s.LiveBlogOf(ctx, editionID)
	}
	l, err := kept(s.lists, func(m *listMemo) map[int64]keptLive { return m.lives }, editionID, func() (keptLive, int, error) {
		b, err := s.LiveBlogOf(ctx, editionID)
		if err != nil && !errors.Is(err, ErrNotFound) {
			return keptLive{}, 0, err
		}
		return keptLive{b, err}, 0, nil
	})
	if err != nil {
		return LiveBlog{}, err
	}
	return l.blog, l.err
}
