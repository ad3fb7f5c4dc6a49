// Package seed fills a site with a synthetic newspaper of any size for load tests and
// benchmarks (`batori seed --articles N`): stories in English and Assamese built from word
// lists, spread over sections, tags and authors, with pictures shared among them and readers'
// comments. It writes through the bulk functions of the packages owning the tables.
package seed

import (
	"context"
	"fmt"
	"html"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/comments"
	"github.com/batori-news/batori/internal/demo"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/news"
)

// Stores are what the seed writes to.
type Stores struct {
	News     *news.Store
	Comments *comments.Store
	Media    *media.Library
}

// Options say how much to make.
type Options struct {
	// Articles is the number of stories.
	Articles int
	// Seed makes the same newspaper each time it is given (0 means 1).
	Seed uint64
	// Now is when the newest story is published; zero means time.Now. Stories go back from it
	// a quarter of an hour apart.
	Now time.Time
	// Batch is the number of stories written per transaction (0 means 5,000).
	Batch int
}

// Result counts what Run wrote.
type Result struct {
	Stories, Editions, Comments int
}

// authorsWanted is the size of the synthetic newsroom, the demo's reporters included.
const authorsWanted = 30

// Run writes opt.Articles synthetic stories beside whatever the site holds: sections, tags and
// authors are taken by slug or created, pictures are the demo's, each stored once.
func Run(ctx context.Context, st Stores, opt Options) (Result, error) {
	if opt.Articles <= 0 {
		return Result{}, fmt.Errorf("the number of articles must be positive, not %d", opt.Articles)
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if opt.Seed == 0 {
		opt.Seed = 1
	}
	if opt.Batch <= 0 {
		opt.Batch = 5000
	}
	g, err := newGenerator(ctx, st, opt)
	if err != nil {
		return Result{}, err
	}
	// Words are made for the next batch while the database writes this one.
	type batch struct {
		stories  []news.BulkStory
		comments []comments.BulkComment // StoryID holds the index into stories until written
	}
	batches := make(chan batch, 1)
	go func() {
		defer close(batches)
		for start := 0; start < opt.Articles; start += opt.Batch {
			var b batch
			for i := start; i < min(opt.Articles, start+opt.Batch); i++ {
				s, cs := g.story(i)
				base := len(b.comments)
				for _, c := range cs {
					c.StoryID = int64(len(b.stories))
					if c.Reply >= 0 {
						c.Reply += base
					}
					b.comments = append(b.comments, c)
				}
				b.stories = append(b.stories, s)
			}
			select {
			case batches <- b:
			case <-ctx.Done():
				return
			}
		}
	}()
	var res Result
	for b := range batches {
		ids, err := st.News.BulkInsert(ctx, b.stories)
		if err != nil {
			return res, err
		}
		for i := range b.comments {
			b.comments[i].StoryID = ids[b.comments[i].StoryID]
		}
		if err := st.Comments.BulkInsert(ctx, b.comments); err != nil {
			return res, err
		}
		res.Stories += len(b.stories)
		for _, s := range b.stories {
			res.Editions += len(s.Editions)
		}
		res.Comments += len(b.comments)
	}
	return res, ctx.Err()
}

type picture struct {
	id           int64
	alt, caption pair
	credit       string
}

type generator struct {
	opt      Options
	sections []int64
	tags     []int64
	authors  []int64
	pictures []picture
}

func newGenerator(ctx context.Context, st Stores, opt Options) (*generator, error) {
	c, err := demo.Load()
	if err != nil {
		return nil, err
	}
	g := &generator{opt: opt}
	existing, err := st.News.Sections(ctx)
	if err != nil {
		return nil, err
	}
	bySlug := map[string]int64{}
	for _, s := range existing {
		bySlug[s.Slug] = s.ID
	}
	for i, s := range c.Sections {
		id, ok := bySlug[s.Slug]
		if !ok {
			sec, err := st.News.CreateSection(ctx, news.SectionInput{Slug: s.Slug, Name: news.Names{EN: s.NameEN, AS: s.NameAS}, Position: len(existing) + i + 1})
			if err != nil {
				return nil, err
			}
			id = sec.ID
		}
		g.sections = append(g.sections, id)
	}
	tags := make([]demo.Tag, 0, len(c.Tags)+len(places))
	tags = append(tags, c.Tags...)
	for _, p := range places {
		tags = append(tags, demo.Tag{Slug: locale.Slug(p.en, 80), NameEN: p.en, NameAS: p.as})
	}
	for _, t := range tags {
		tag, err := st.News.TagBySlug(ctx, t.Slug)
		if err == news.ErrNotFound {
			tag, err = st.News.CreateTag(ctx, t.Slug, news.Names{EN: t.NameEN, AS: t.NameAS})
		}
		if err != nil {
			return nil, fmt.Errorf("tag %s: %w", t.Slug, err)
		}
		g.tags = append(g.tags, tag.ID)
	}
	var portraits []int64
	for _, a := range c.Authors {
		p, err := demo.Portrait(a)
		if err != nil {
			return nil, err
		}
		m, err := st.Media.AddPrepared(ctx, a.Slug+".jpg", p)
		if err != nil {
			return nil, err
		}
		portraits = append(portraits, m.ID)
	}
	authors := make([]news.AuthorInput, 0, authorsWanted)
	for i, a := range c.Authors {
		authors = append(authors, news.AuthorInput{Slug: a.Slug, Name: news.Names{EN: a.NameEN, AS: a.NameAS},
			Bio: news.Names{EN: a.BioEN, AS: a.BioAS}, PhotoID: portraits[i]})
	}
	for i := 0; len(authors) < authorsWanted; i++ {
		f, s := firstNames[i%len(firstNames)], surnames[(i*7+3)%len(surnames)]
		name := news.Names{EN: f.en + " " + s.en, AS: f.as + " " + s.as}
		in := news.AuthorInput{Slug: locale.Slug(name.EN, 80), Name: name,
			Bio: news.Names{EN: name.EN + ", correspondent in " + places[i%len(places)].en + ".",
				AS: name.AS + ", " + places[i%len(places)].as + "ৰ সংবাদদাতা।"}}
		if i%3 == 0 {
			in.PhotoID = portraits[i%len(portraits)]
		}
		authors = append(authors, in)
	}
	for _, in := range authors {
		a, err := st.News.AuthorBySlug(ctx, in.Slug)
		if err == news.ErrNotFound {
			a, err = st.News.CreateAuthor(ctx, in)
		}
		if err != nil {
			return nil, fmt.Errorf("author %s: %w", in.Slug, err)
		}
		g.authors = append(g.authors, a.ID)
	}
	seen := map[string]bool{}
	for _, s := range c.Stories {
		if s.Image == nil || seen[s.Image.Dir()] || len(g.pictures) == 12 {
			continue
		}
		seen[s.Image.Dir()] = true
		p, err := demo.StoryPicture(s.Image)
		if err != nil {
			return nil, err
		}
		m, err := st.Media.AddPrepared(ctx, s.Image.Scene+".jpg", p)
		if err != nil {
			return nil, err
		}
		g.pictures = append(g.pictures, picture{id: m.ID, alt: pair{s.Image.AltEN, s.Image.AltAS},
			caption: pair{s.Image.CaptionEN, s.Image.CaptionAS}, credit: s.Image.Credit})
	}
	return g, nil
}

// story makes story i (0 is the oldest) and its comments; a comment's Reply indexes the
// returned list.
func (g *generator) story(i int) (news.BulkStory, []comments.BulkComment) {
	r := rand.New(rand.NewPCG(g.opt.Seed, uint64(i)))
	published := g.opt.Now.Add(-time.Duration(g.opt.Articles-1-i) * 15 * time.Minute)
	s := news.BulkStory{SectionID: g.sections[r.IntN(len(g.sections))], Featured: r.IntN(40) == 0}
	for range 1 + r.IntN(3) {
		t := g.tags[r.IntN(len(g.tags))]
		if !containsID(s.TagIDs, t) {
			s.TagIDs = append(s.TagIDs, t)
		}
	}
	authors := []int64{g.authors[r.IntN(len(g.authors))]}
	if r.IntN(8) == 0 {
		if a := g.authors[r.IntN(len(g.authors))]; a != authors[0] {
			authors = append(authors, a)
		}
	}
	var pic *picture
	if r.IntN(4) != 0 {
		pic = &g.pictures[r.IntN(len(g.pictures))]
	}
	place, subject, action, day := places[r.IntN(len(places))], subjects[r.IntN(len(subjects))], actions[r.IntN(len(actions))], days[r.IntN(len(days))]
	langs := []locale.Lang{locale.English, locale.Assamese}
	switch n := r.IntN(20); {
	case n < 3:
		langs = langs[:1]
	case n < 5:
		langs = langs[1:]
	}
	paragraphs := 4 + r.IntN(9)
	for _, lang := range langs {
		en := lang == locale.English
		text := func(p pair) string {
			if en {
				return p.en
			}
			return p.as
		}
		e := news.BulkEdition{Lang: lang, AuthorIDs: authors, PublishedAt: published.Add(time.Duration(r.IntN(30)) * time.Minute)}
		if en {
			e.Headline = place.en + ": " + upperFirst(subject.en) + " " + action.en
		} else {
			e.Headline = place.as + "ত " + subject.as + " " + action.as
		}
		e.Standfirst = text(standfirsts[r.IntN(len(standfirsts))])
		var b strings.Builder
		for p := range paragraphs {
			b.WriteString("<p>")
			if p == 0 {
				if en {
					b.WriteString(html.EscapeString(upperFirst(subject.en) + " in " + place.en + " " + action.en + " " + day.en + "."))
				} else {
					b.WriteString(html.EscapeString(place.as + "ত " + subject.as + " " + day.as + " " + action.as + "।"))
				}
			}
			for k := range 2 + r.IntN(4) {
				if p > 0 || k > 0 {
					b.WriteByte(' ')
				}
				s := strings.ReplaceAll(text(remarks[r.IntN(len(remarks))]), "{n}", number(2+r.IntN(90), en))
				b.WriteString(html.EscapeString(s))
			}
			b.WriteString("</p>")
		}
		e.Body = b.String()
		if pic != nil {
			e.ImageID, e.ImageAlt, e.ImageCaption, e.ImageCredit = pic.id, text(pic.alt), text(pic.caption), pic.credit
		}
		s.Editions = append(s.Editions, e)
	}
	var cs []comments.BulkComment
	if r.IntN(3) == 0 {
		for k := range 1 + r.IntN(6) {
			e := s.Editions[r.IntN(len(s.Editions))]
			f, sn := firstNames[r.IntN(len(firstNames))], surnames[r.IntN(len(surnames))]
			c := comments.BulkComment{Lang: e.Lang, Reply: -1, Email: strings.ToLower(f.en+"."+sn.en) + "@example.org",
				CreatedAt: e.PublishedAt.Add(time.Duration(1+k*37) * time.Minute)}
			if e.Lang == locale.English {
				c.Name, c.Body = f.en+" "+sn.en, opinions[r.IntN(len(opinions))].en
			} else {
				c.Name, c.Body = f.as+" "+sn.as, opinions[r.IntN(len(opinions))].as
			}
			// Now and then a reply to the first comment in the same language.
			if k > 0 && cs[0].Lang == c.Lang && cs[0].Reply < 0 && r.IntN(3) == 0 {
				c.Reply = 0
			}
			cs = append(cs, c)
		}
	}
	return s, cs
}

func containsID(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func upperFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// number writes n in Latin or Assamese digits.
func number(n int, en bool) string {
	s := strconv.Itoa(n)
	if en {
		return s
	}
	var b strings.Builder
	for _, d := range s {
		b.WriteRune('০' + d - '0')
	}
	return b.String()
}
