package wpimport

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/batori-news/batori/internal/comments"
	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/pages"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/redirects"
)

// Stores are what an import writes to.
type Stores struct {
	DB        *db.DB
	News      *news.Store
	Pages     *pages.Store
	People    *people.Store
	Media     *media.Library
	Redirects *redirects.Store
}

// Options tune an import.
type Options struct {
	// Uploads is the local copy of the old site's wp-content/uploads; empty imports no
	// pictures.
	Uploads string
	// Language is the language of posts that no Polylang taxonomy names and whose text is not
	// mostly in Bengali script (which makes them Assamese).
	Language locale.Lang
	// DryRun reads and converts everything and writes nothing.
	DryRun bool
	// Zone is the old site's time zone, for drafts' dates (WordPress leaves their GMT date
	// empty); nil is Asia/Kolkata.
	Zone *time.Location
	// Progress, when set, is told how far the import has got (bytes of the file read in
	// this pass, the pass, and items done).
	Progress func(pass int, bytesRead int64, items int)
}

// Summary is what an import did.
type Summary struct {
	// Counts are per kind: posts, editions joined, pages, attachments, comments, sections,
	// tags, authors, redirects, unchanged, updated.
	Counts map[string]int
	// Warnings are problems that did not stop an item (a missing picture, HTML the sanitiser
	// dropped), each naming the item and its line.
	Warnings []string
	// Skipped are items not imported, each with its reason.
	Skipped []string
	// Stopped is set when the file could not be read to its end (broken XML): what came
	// before was imported; fix the file and run the import again to go on.
	Stopped error
}

func (s *Summary) warn(format string, args ...any) {
	s.Warnings = append(s.Warnings, fmt.Sprintf(format, args...))
}
func (s *Summary) skip(format string, args ...any) {
	s.Skipped = append(s.Skipped, fmt.Sprintf(format, args...))
}

// Run imports the export that open opens (it is read twice: pictures first, then the rest).
// A file that is not a WXR is refused before anything is written.
func Run(ctx context.Context, st Stores, open func() (io.ReadCloser, error), opt Options) (*Summary, error) {
	if opt.Zone == nil {
		opt.Zone = locale.IndiaZone()
	}
	if opt.Language == "" {
		opt.Language = locale.English
	}
	im := &importer{st: st, opt: opt, sum: &Summary{Counts: map[string]int{}},
		pics:     &picIndex{byIDs: map[int64]picture{}, byFiles: map[string]int64{}, kids: map[int64][]int64{}},
		sections: map[string]int64{}, catParent: map[string]string{}, catTerm: map[string]int64{}, tags: map[string]int64{}, authors: map[string]int64{},
		langs: map[string]locale.Lang{}, dryPages: map[string]int64{}, fields: map[string]int{}, san: news.NewSanitizer()}
	// A dry run checks each post as the import would (and writes nothing): what it reports
	// skipped is what the import skips.
	im.news = st.News.Importer()
	// A broken file stops both passes at the same place: pass 2 imports what came before.
	if err := im.pass(ctx, open, 1); err != nil {
		return im.sum, err
	}
	if err := im.pass(ctx, open, 2); err != nil {
		return im.sum, err
	}
	if err := im.attachmentRedirects(ctx); err != nil {
		return im.sum, err
	}
	if err := im.rewriteLinks(ctx); err != nil {
		return im.sum, err
	}
	im.reportFields()
	if !opt.DryRun {
		if err := im.news.Finished(ctx); err != nil {
			return im.sum, err
		}
	}
	return im.sum, nil
}

// maxFields bounds how many custom field names an import keeps count of.
const maxFields = 200

// noteFields counts the item's custom fields that nothing reads: WordPress's own (_wp_...,
// _edit_lock...) are not news; a plugin's (an SEO title, a view count) are lost, which the
// summary says once.
func (im *importer) noteFields(it *Item) {
	for _, m := range it.Meta {
		switch k := m.Key; {
		case strings.HasPrefix(k, "_wp_"), strings.HasPrefix(k, "_wpml_"), strings.HasPrefix(k, "_oembed_"),
			k == "_thumbnail_id", k == "_edit_last", k == "_edit_lock", k == "_pingme", k == "_encloseme":
		default:
			if _, ok := im.fields[k]; ok || len(im.fields) < maxFields {
				im.fields[k]++
			}
		}
	}
}

func (im *importer) reportFields() {
	if len(im.fields) == 0 {
		return
	}
	keys := make([]string, 0, len(im.fields))
	for k := range im.fields {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if im.fields[keys[i]] != im.fields[keys[j]] {
			return im.fields[keys[i]] > im.fields[keys[j]]
		}
		return keys[i] < keys[j]
	})
	list := make([]string, len(keys))
	for i, k := range keys {
		list[i] = fmt.Sprintf("%s (%d)", k, im.fields[k])
	}
	im.sum.warn("custom fields not imported, with how many posts and pages had them: %s", strings.Join(list, ", "))
}

type importer struct {
	st   Stores
	opt  Options
	sum  *Summary
	news *news.Importer
	san  *news.Sanitizer
	site string
	// hosts are the old site's host names, whose links are rewritten.
	hosts map[string]bool
	pics  *picIndex
	// attachments remembers attachment pages for their redirects once posts have homes.
	attachments []attachment
	sections    map[string]int64 // category slug → section id (top-level categories)
	catParent   map[string]string
	catTerm     map[string]int64 // category slug → its tag id (child categories)
	tags        map[string]int64
	authors     map[string]int64
	langs       map[string]locale.Lang
	dryPages    map[string]int64 // a dry run's pages by language and slug
	// fields counts the posts and pages with each custom field Batori has no place for
	// (a plugin's), for one message at the end.
	fields     map[string]int
	defaultSec int64
	// linked are editions whose bodies link to the old site.
	linked []int64
	// batch are posts waiting to be written together; batchLinks says which link the old
	// site.
	batch      []news.ImportInput
	batchLinks []bool
	items      int
}

type attachment struct {
	id, parent int64
	link, guid string
	mediaKey   string
}

type picIndex struct {
	byIDs   map[int64]picture
	byFiles map[string]int64
	kids    map[int64][]int64
}

func (p *picIndex) byID(id int64) (picture, bool) { pic, ok := p.byIDs[id]; return pic, ok }
func (p *picIndex) byFile(name string) (picture, bool) {
	id, ok := p.byFiles[name]
	if !ok {
		return picture{}, false
	}
	return p.byID(id)
}
func (p *picIndex) children(parent int64) []int64 { return p.kids[parent] }

func (im *importer) pass(ctx context.Context, open func() (io.ReadCloser, error), pass int) error {
	f, err := open()
	if err != nil {
		return err
	}
	defer f.Close()
	r := NewReader(f)
	last := time.Now()
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		var ie *ItemError
		if errors.As(err, &ie) {
			if pass == 2 {
				im.sum.skip("%s", ie.Error())
			}
			continue
		}
		var se *SyntaxError
		if errors.As(err, &se) {
			if pass == 1 && im.site == "" {
				// Nothing usable before the break: refuse the file whole.
				return fmt.Errorf("%w", se)
			}
			im.sum.Stopped = se
			if pass == 2 {
				return im.flush(ctx)
			}
			return nil
		}
		if err != nil {
			return err
		}
		if err := im.record(ctx, rec, pass); err != nil {
			return err
		}
		if im.opt.Progress != nil && time.Since(last) > 200*time.Millisecond {
			im.opt.Progress(pass, r.BytesRead(), im.items)
			last = time.Now()
		}
	}
	if im.opt.Progress != nil {
		im.opt.Progress(pass, r.BytesRead(), im.items)
	}
	if pass == 2 {
		return im.flush(ctx)
	}
	return nil
}

func (im *importer) record(ctx context.Context, rec Record, pass int) error {
	switch {
	case rec.Channel != nil:
		im.site = strings.TrimRight(firstNonEmpty(rec.Channel.BaseSiteURL, rec.Channel.BaseBlogURL, rec.Channel.Link), "/")
		im.hosts = map[string]bool{}
		for _, u := range []string{rec.Channel.BaseSiteURL, rec.Channel.BaseBlogURL, rec.Channel.Link} {
			if p, err := url.Parse(u); err == nil && p.Host != "" {
				im.hosts[strings.ToLower(p.Host)] = true
				im.hosts["www."+strings.TrimPrefix(strings.ToLower(p.Host), "www.")] = true
				im.hosts[strings.TrimPrefix(strings.ToLower(p.Host), "www.")] = true
			}
		}
	case pass == 1 && rec.Item != nil && rec.Item.PostType == "attachment":
		im.items++
		return im.attachment(ctx, rec.Item)
	case pass == 1:
		return nil
	}
	if rec.Item != nil {
		for _, r := range rec.Item.Repairs {
			im.sum.warn("%s: %s", where(rec.Item), r)
		}
	}
	switch {
	case rec.Author != nil:
		return im.author(ctx, rec.Author)
	case rec.Term != nil:
		return im.term(ctx, rec.Term)
	case rec.Item != nil:
		if rec.Item.PostType != "attachment" {
			im.items++
		}
		return im.item(ctx, rec.Item)
	}
	return nil
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// where names an item in messages.
func where(it *Item) string {
	t := strings.TrimSpace(html.UnescapeString(it.Title))
	if t == "" {
		t = "(no title)"
	}
	return fmt.Sprintf("line %d, %s %d %q", it.Line, it.PostType, it.PostID, t)
}

// known returns what an item became in an earlier run, with its checksum.
func (im *importer) known(ctx context.Context, kind string, id int64) (target int64, sum string, ok bool, err error) {
	err = im.st.DB.QueryRow(ctx, "SELECT target_id, checksum FROM wp_items WHERE site = ? AND kind = ? AND wp_id = ?", im.site, kind, id).Scan(&target, &sum)
	if errors.Is(err, db.ErrNoRows) {
		return 0, "", false, nil
	}
	return target, sum, err == nil, err
}

// knownItem is known for a post or page, found by its id or else by its GUID (an export
// of the same site after a move that renumbered its posts).
func (im *importer) knownItem(ctx context.Context, kind string, it *Item) (target int64, sum string, ok bool, err error) {
	target, sum, ok, err = im.known(ctx, kind, it.PostID)
	if ok || err != nil || it.GUID == "" {
		return target, sum, ok, err
	}
	err = im.st.DB.QueryRow(ctx, "SELECT target_id, checksum FROM wp_items WHERE site = ? AND kind = ? AND guid = ?", im.site, kind, it.GUID).Scan(&target, &sum)
	if errors.Is(err, db.ErrNoRows) {
		return 0, "", false, nil
	}
	return target, sum, err == nil, err
}

func remember(ctx context.Context, tx *db.Tx, site, kind string, id int64, guid string, target int64, lang locale.Lang, sum string) error {
	_, err := tx.Exec(ctx, `INSERT INTO wp_items (site, kind, wp_id, guid, target_id, lang, checksum, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (site, kind, wp_id) DO UPDATE SET guid = excluded.guid, target_id = excluded.target_id, lang = excluded.lang, checksum = excluded.checksum`,
		site, kind, id, guid, target, string(lang), sum, time.Now().UTC())
	return err
}

// rememberOutside is remember in a transaction of its own.
func (im *importer) rememberOutside(ctx context.Context, kind string, id int64, target int64) error {
	if im.opt.DryRun {
		return nil
	}
	return im.st.DB.InTx(ctx, func(tx *db.Tx) error { return remember(ctx, tx, im.site, kind, id, "", target, "", "") })
}

func (im *importer) redirect(ctx context.Context, tx *db.Tx, from, to string) error {
	if from == "" || to == "" {
		return nil
	}
	if u, err := url.Parse(from); err == nil && u.Host != "" {
		if !im.hosts[strings.ToLower(u.Host)] {
			return nil
		}
		from = u.RequestURI()
	}
	im.sum.Counts["redirects"]++
	if im.opt.DryRun {
		return nil
	}
	return redirects.Put(ctx, tx, from, to, "wordpress", time.Now())
}

func (im *importer) redirectOutside(ctx context.Context, pairs ...string) error {
	if im.opt.DryRun {
		for i := 0; i+1 < len(pairs); i += 2 {
			im.redirect(ctx, nil, pairs[i], pairs[i+1])
		}
		return nil
	}
	return im.st.DB.InTx(ctx, func(tx *db.Tx) error {
		for i := 0; i+1 < len(pairs); i += 2 {
			if err := im.redirect(ctx, tx, pairs[i], pairs[i+1]); err != nil {
				return err
			}
		}
		return nil
	})
}

// ---- pictures (pass 1) ----

var reCredit = regexp.MustCompile(`s:6:"credit";s:[0-9]+:"([^"]*)"`)

func (im *importer) attachment(ctx context.Context, it *Item) error {
	rel := it.MetaValue("_wp_attached_file")
	if rel == "" {
		if i := strings.Index(it.AttachmentURL, "/uploads/"); i >= 0 {
			rel = it.AttachmentURL[i+len("/uploads/"):]
		}
	}
	a := attachment{id: it.PostID, parent: it.Parent, link: it.Link, guid: it.GUID}
	defer func() { im.attachments = append(im.attachments, a) }()
	if im.opt.Uploads == "" {
		return nil
	}
	if rel == "" || strings.Contains(rel, "..") {
		im.sum.warn("%s: no file named", where(it))
		return nil
	}
	if id, _, ok, err := im.known(ctx, "attachment", it.PostID); err != nil {
		return err
	} else if ok {
		m, err := im.st.Media.Get(ctx, id)
		if err == nil {
			im.addPic(it, rel, picture{MediaID: m.ID, Key: m.Key, Width: m.Width, Height: m.Height, Alt: m.Alt, Caption: m.Caption, Credit: m.Credit})
			a.mediaKey = m.Key
			im.sum.Counts["unchanged"]++
			return nil
		}
	}
	data, err := os.ReadFile(filepath.Join(im.opt.Uploads, filepath.FromSlash(rel)))
	if err != nil {
		im.sum.warn("%s: picture %s is missing from the uploads folder", where(it), rel)
		return nil
	}
	meta := media.Meta{
		Alt:     truncate(it.MetaValue("_wp_attachment_image_alt"), media.MaxAlt),
		Caption: strings.TrimSpace(stripTags(html.UnescapeString(it.Excerpt))),
	}
	if m := reCredit.FindStringSubmatch(it.MetaValue("_wp_attachment_metadata")); m != nil {
		meta.Credit = m[1]
	}
	im.sum.Counts["attachments"]++
	if im.opt.DryRun {
		im.addPic(it, rel, picture{MediaID: it.PostID, Key: "0.jpg", Alt: meta.Alt})
		return nil
	}
	m, err := im.st.Media.AddImage(ctx, path.Base(rel), data)
	if err != nil {
		im.sum.Counts["attachments"]--
		im.sum.skip("%s: %s is not a picture Batori takes (%v)", where(it), rel, err)
		return nil
	}
	if err := im.st.Media.Update(ctx, m.ID, meta); err != nil {
		if _, bad := fielderr.As(err); !bad {
			return err
		}
		im.sum.warn("%s: alt text, caption or credit too long; left out", where(it))
	} else {
		m.Alt, m.Caption, m.Credit = meta.Alt, meta.Caption, meta.Credit
	}
	a.mediaKey = m.Key
	im.addPic(it, rel, picture{MediaID: m.ID, Key: m.Key, Width: m.Width, Height: m.Height, Alt: m.Alt, Caption: m.Caption, Credit: m.Credit})
	return im.rememberOutside(ctx, "attachment", it.PostID, m.ID)
}

func (im *importer) addPic(it *Item, rel string, p picture) {
	im.pics.byIDs[it.PostID] = p
	im.pics.byFiles[baseFile(rel)] = it.PostID
	if it.Parent != 0 {
		im.pics.kids[it.Parent] = append(im.pics.kids[it.Parent], it.PostID)
	}
}

func truncate(s string, n int) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// ---- header: authors and terms ----

func (im *importer) author(ctx context.Context, a *Author) error {
	name := firstNonEmpty(html.UnescapeString(a.DisplayName), strings.TrimSpace(a.FirstName+" "+a.LastName), a.Login)
	slug := asciiSlug(a.Login, "author-"+strconv.FormatInt(a.ID, 10))
	im.sum.Counts["authors"]++
	if im.opt.DryRun {
		im.authors[a.Login] = a.ID
		return nil
	}
	var userID int64
	if strings.Contains(a.Email, "@") {
		var err error
		if userID, err = im.st.People.ImportAccount(ctx, a.Email, name); err != nil {
			return fmt.Errorf("author %s: %w", a.Login, err)
		}
	}
	names := news.Names{EN: name}
	if hasBengali(name) {
		names.AS = name
	}
	id, err := im.news.Author(ctx, slug, names, news.Names{}, userID)
	if err != nil {
		return fmt.Errorf("author %s: %w", a.Login, err)
	}
	im.authors[a.Login] = id
	return im.redirectOutside(ctx, "/author/"+a.Login+"/", "/author/"+slug, "/?author="+strconv.FormatInt(a.ID, 10), "/author/"+slug)
}

// asciiSlug is s as a section, tag or author slug (lower-case ASCII letters, digits and
// hyphens), or fallback when s has none of those (an Assamese name).
func asciiSlug(s, fallback string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
	}
	out := b.String()
	if len(out) > 60 {
		out = strings.Trim(out[:60], "-")
	}
	if out == "" {
		return fallback
	}
	return out
}

// Categories: top-level categories become sections (the menu); a child category becomes a
// tag, and its posts go to the section of its top-level ancestor. The old archive addresses
// of both redirect to their new pages.
func (im *importer) term(ctx context.Context, t *Term) error {
	name := strings.TrimSpace(t.Name)
	switch t.Taxonomy {
	case "category":
		im.catParent[t.Slug] = t.Parent
		names := namesOf(name)
		if t.Parent == "" {
			id, slug, err := im.section(ctx, t.Slug, names, t.ID)
			if err != nil {
				return err
			}
			im.sections[t.Slug] = id
			return im.redirectOutside(ctx, "/category/"+t.Slug+"/", "/section/"+slug, "/?cat="+strconv.FormatInt(t.ID, 10), "/section/"+slug)
		}
		id, slug, err := im.tag(ctx, t.Slug, names, t.ID)
		if err != nil {
			return err
		}
		im.catTerm[t.Slug] = id
		return im.redirectOutside(ctx, "/category/"+im.catPath(t.Slug)+"/", "/tag/"+slug, "/?cat="+strconv.FormatInt(t.ID, 10), "/tag/"+slug)
	case "post_tag":
		id, slug, err := im.tag(ctx, t.Slug, namesOf(name), t.ID)
		if err != nil {
			return err
		}
		im.tags[t.Slug] = id
		return im.redirectOutside(ctx, "/tag/"+t.Slug+"/", "/tag/"+slug, "/?tag="+t.Slug, "/tag/"+slug)
	case "language":
		switch {
		case strings.HasPrefix(strings.ToLower(t.Slug), "as") || hasBengali(name) || strings.Contains(strings.ToLower(name), "assam"):
			im.langs[t.Slug] = locale.Assamese
		case strings.HasPrefix(strings.ToLower(t.Slug), "en") || strings.Contains(strings.ToLower(name), "english"):
			im.langs[t.Slug] = locale.English
		default:
			im.sum.warn("language %q (%s) is neither English nor Assamese; its posts take --language", t.Slug, name)
		}
	}
	return nil
}

// catPath is a category's archive path: its ancestors' slugs and its own.
func (im *importer) catPath(slug string) string {
	parts := []string{slug}
	for p, n := im.catParent[slug], 0; p != "" && n < 20; p, n = im.catParent[p], n+1 {
		parts = append([]string{p}, parts...)
	}
	return strings.Join(parts, "/")
}

// rootSection is the section of a category: its top-level ancestor's.
func (im *importer) rootSection(slug string) (int64, bool) {
	for n := 0; n < 20; n++ {
		p, ok := im.catParent[slug]
		if !ok {
			return 0, false
		}
		if p == "" {
			id, ok := im.sections[slug]
			return id, ok
		}
		slug = p
	}
	return 0, false
}

func namesOf(name string) news.Names {
	if hasBengali(name) {
		return news.Names{EN: name, AS: name}
	}
	return news.Names{EN: name, AS: name}
}

func (im *importer) section(ctx context.Context, wpSlug string, names news.Names, id int64) (int64, string, error) {
	slug := asciiSlug(wpSlug, "section-"+strconv.FormatInt(id, 10))
	im.sum.Counts["sections"]++
	if im.opt.DryRun {
		return id, slug, nil
	}
	if s, err := im.st.News.SectionBySlug(ctx, slug); err == nil {
		im.sum.Counts["sections"]--
		return s.ID, slug, nil
	}
	pos, err := im.st.News.NextSectionPosition(ctx)
	if err != nil {
		return 0, "", err
	}
	s, err := im.st.News.CreateSection(ctx, news.SectionInput{Slug: slug, Name: names, Position: pos})
	if err != nil {
		return 0, "", fmt.Errorf("category %s: %w", wpSlug, err)
	}
	return s.ID, slug, nil
}

func (im *importer) tag(ctx context.Context, wpSlug string, names news.Names, id int64) (int64, string, error) {
	slug := asciiSlug(wpSlug, "tag-"+strconv.FormatInt(id, 10))
	im.sum.Counts["tags"]++
	if im.opt.DryRun {
		return id, slug, nil
	}
	if t, err := im.st.News.TagBySlug(ctx, slug); err == nil {
		im.sum.Counts["tags"]--
		return t.ID, slug, nil
	}
	t, err := im.st.News.CreateTag(ctx, slug, names)
	if err != nil {
		return 0, "", fmt.Errorf("tag %s: %w", wpSlug, err)
	}
	return t.ID, slug, nil
}

func (im *importer) defaultSection(ctx context.Context) (int64, error) {
	if im.defaultSec != 0 {
		return im.defaultSec, nil
	}
	id, _, err := im.section(ctx, "news", news.Names{EN: "News", AS: "বাতৰি"}, 0)
	im.defaultSec = id
	return id, err
}

// ---- items (pass 2) ----

// hasBengali reports whether s has any letter of the Bengali script.
func hasBengali(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Bengali, r) {
			return true
		}
	}
	return false
}

// mostlyBengali reports whether most letters of s (tags aside) are in the Bengali script.
func mostlyBengali(s string) bool {
	s = stripTags(s)
	var beng, other int
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Bengali, r):
			beng++
		case unicode.IsLetter(r):
			other++
		}
	}
	return beng > other
}

// wpTime reads a WordPress date ("2024-05-01 10:30:00"); the zero date WordPress writes for
// drafts is zero.
func wpTime(s string, loc *time.Location) time.Time {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasPrefix(s, "0000") {
		return time.Time{}
	}
	t, err := time.ParseInLocation("2006-01-02 15:04:05", s, loc)
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

func (im *importer) dates(it *Item) (published, modified time.Time) {
	published = wpTime(it.PostDateGMT, time.UTC)
	if published.IsZero() {
		published = wpTime(it.PostDate, im.opt.Zone)
	}
	modified = wpTime(it.ModifiedGMT, time.UTC)
	if modified.IsZero() {
		modified = wpTime(it.Modified, im.opt.Zone)
	}
	return published, modified
}

func checksum(it *Item, extra string) string {
	h := sha256.New()
	for _, s := range []string{it.Title, it.Content, it.Excerpt, it.Status, it.PostName, it.PostDateGMT, it.PostDate, it.ModifiedGMT, extra} {
		io.WriteString(h, s)
		h.Write([]byte{0})
	}
	for _, t := range it.Terms {
		io.WriteString(h, t.Domain+"\x00"+t.Slug+"\x00")
	}
	for _, m := range it.Meta {
		if m.Key == "_thumbnail_id" {
			io.WriteString(h, m.Value)
		}
	}
	for _, c := range it.Comments {
		fmt.Fprintf(h, "%d\x00%s\x00%s\x00", c.ID, c.Approved, c.Content)
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

func (im *importer) item(ctx context.Context, it *Item) error {
	switch it.Status {
	case "trash":
		im.sum.skip("%s: in the trash", where(it))
		return nil
	case "auto-draft", "inherit":
		return nil
	}
	switch it.PostType {
	case "post":
		im.noteFields(it)
		return im.post(ctx, it)
	case "page":
		im.noteFields(it)
		return im.page(ctx, it)
	case "attachment":
		return nil
	case "nav_menu_item", "revision", "custom_css", "customize_changeset", "oembed_cache", "user_request", "wp_global_styles", "wp_navigation", "wp_template", "wp_template_part", "wp_font_family", "wp_font_face":
		im.sum.Counts["site parts skipped"]++
		return nil
	}
	im.sum.skip("%s: the post type %q is not imported", where(it), it.PostType)
	return nil
}

func (im *importer) langOf(it *Item) locale.Lang {
	for _, t := range it.Terms {
		if t.Domain == "language" {
			if l, ok := im.langs[t.Slug]; ok {
				return l
			}
		}
	}
	// WPML's language custom field, when its exporter wrote it.
	switch l := strings.ToLower(it.MetaValue("_wpml_language")); {
	case strings.HasPrefix(l, "as"):
		return locale.Assamese
	case strings.HasPrefix(l, "en"):
		return locale.English
	}
	if mostlyBengali(it.Title + " " + it.Content) {
		return locale.Assamese
	}
	return im.opt.Language
}

func (im *importer) status(it *Item) (news.Status, bool) {
	switch it.Status {
	case "publish":
		return news.Published, true
	case "future":
		return news.Scheduled, true
	case "pending":
		return news.Submitted, true
	case "draft", "private":
		return news.Draft, true
	}
	return "", false
}

// convert makes the edition's body, reporting what could not be kept.
func (im *importer) convert(it *Item) string {
	res := convertBody(it.Content, it.PostID, im.pics)
	for _, m := range res.Missing {
		im.sum.warn("%s: picture %s was not imported (missing from the uploads folder or not in the export)", where(it), m)
	}
	names := make([]string, 0, len(res.Shortcodes))
	for n := range res.Shortcodes {
		names = append(names, "["+n+"]")
	}
	sort.Strings(names)
	if len(names) > 0 {
		im.sum.warn("%s: shortcodes without an equivalent removed (their text kept): %s", where(it), strings.Join(names, ", "))
	}
	if d := dropped(res.HTML, im.san.Body(res.HTML)); d != "" {
		im.sum.warn("%s: the sanitiser removed %s", where(it), d)
	}
	return res.HTML
}

func (im *importer) linksOld(body string) bool {
	for h := range im.hosts {
		if strings.Contains(body, "//"+h) {
			return true
		}
	}
	return strings.Contains(body, `href="/?p=`) || strings.Contains(body, `href="/?page_id=`)
}

func (im *importer) post(ctx context.Context, it *Item) error {
	status, ok := im.status(it)
	if !ok {
		im.sum.skip("%s: the status %q is not imported", where(it), it.Status)
		return nil
	}
	lang := im.langOf(it)
	group := translationGroup(it)
	sum := checksum(it, string(lang))
	prevEdition, prevSum, seen, err := im.knownItem(ctx, "post", it)
	if err != nil {
		return err
	}
	if seen && prevSum == sum {
		im.sum.Counts["unchanged"]++
		return nil
	}
	var section int64
	var tagIDs []int64
	for _, t := range it.Terms {
		switch t.Domain {
		case "category":
			if id, ok := im.rootSection(t.Slug); ok && section == 0 {
				section = id
			}
			if id, ok := im.catTerm[t.Slug]; ok {
				tagIDs = append(tagIDs, id)
			} else if id, ok := im.sections[t.Slug]; ok && id != section {
				// A second top-level category: kept as a tag of the same name.
				tid, _, err := im.tag(ctx, t.Slug, namesOf(t.Name), id)
				if err != nil {
					return err
				}
				tagIDs = append(tagIDs, tid)
			}
		case "post_tag":
			if id, ok := im.tags[t.Slug]; ok {
				tagIDs = append(tagIDs, id)
			}
		}
	}
	if section == 0 {
		if section, err = im.defaultSection(ctx); err != nil {
			return err
		}
	}
	var authorIDs []int64
	if id, ok := im.authors[it.Creator]; ok {
		authorIDs = append(authorIDs, id)
	} else if it.Creator != "" {
		im.sum.warn("%s: its author %q is not in the export's authors; no byline", where(it), it.Creator)
	}
	body := im.convert(it)
	headline := strings.TrimSpace(html.UnescapeString(it.Title))
	if headline == "" {
		headline = "Untitled"
		im.sum.warn("%s: no title; imported as %q", where(it), headline)
	}
	published, modified := im.dates(it)
	in := news.ImportInput{SectionID: section, Featured: it.Sticky, TagIDs: tagIDs, Status: status, CreatedAt: published,
		Edition: news.EditionInput{Lang: lang, Slug: it.PostName, Headline: headline, AuthorIDs: authorIDs,
			Standfirst: truncate(stripTags(html.UnescapeString(it.Excerpt)), 1000), Body: body}}
	if status == news.Published || status == news.Scheduled {
		in.PublishedAt = published
		if status == news.Published && modified.Sub(published) > time.Minute {
			in.UpdatedAt = modified
		}
	}
	if thumb := atoi(it.MetaValue("_thumbnail_id")); thumb != 0 {
		if p, ok := im.pics.byID(thumb); ok && p.Key != "0.jpg" {
			in.Edition.ImageID, in.Edition.ImageAlt, in.Edition.ImageCaption, in.Edition.ImageCredit = p.MediaID, p.Alt, p.Caption, p.Credit
		} else if !ok {
			im.sum.warn("%s: its featured picture (attachment %d) was not imported", where(it), thumb)
		}
	}
	if it.Status == "private" {
		im.sum.warn("%s: private on the old site; imported as a draft", where(it))
	}
	if err := im.news.Check(&in); err != nil {
		if _, bad := fielderr.As(err); bad {
			im.sum.skip("%s: %v", where(it), err)
			return nil
		}
		return err
	}
	im.sum.Counts["posts"]++
	if seen {
		im.sum.Counts["updated"]++
	}
	if im.opt.DryRun {
		im.sum.Counts["comments"] += countComments(it)
		return nil
	}
	// The story: the one this post's earlier run made, else its translation group's (which
	// an earlier post of the same batch may have made: asked inside the transaction).
	in.Prepare = func(tx *db.Tx, in *news.ImportInput) error {
		if seen {
			var story int64
			if err := tx.QueryRow(ctx, "SELECT story_id FROM editions WHERE id = ?", prevEdition).Scan(&story); err == nil {
				in.StoryID = story
			}
		}
		if in.StoryID == 0 && group != "" {
			var story int64
			err := tx.QueryRow(ctx, "SELECT target_id FROM wp_items WHERE site = ? AND kind = ? AND wp_id = 0", im.site, "group:"+group).Scan(&story)
			if err != nil && !errors.Is(err, db.ErrNoRows) {
				return err
			}
			if err == nil {
				in.StoryID = story
				im.sum.Counts["editions joined"]++
			}
		}
		if in.StoryID == 0 {
			return nil
		}
		// A story joined keeps the first edition's section and lead flag, adding this one's
		// tags.
		var featured bool
		if err := tx.QueryRow(ctx, "SELECT section_id, featured FROM stories WHERE id = ?", in.StoryID).Scan(&in.SectionID, &featured); err != nil {
			return err
		}
		in.Featured = in.Featured || featured
		rows, err := tx.Query(ctx, "SELECT tag_id FROM story_tags WHERE story_id = ?", in.StoryID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return err
			}
			in.TagIDs = append(in.TagIDs, id)
		}
		return rows.Err()
	}
	in.Also = func(tx *db.Tx, storyID, editionID int64) error {
		if err := remember(ctx, tx, im.site, "post", it.PostID, it.GUID, editionID, lang, sum); err != nil {
			return err
		}
		if group != "" {
			if err := remember(ctx, tx, im.site, "group:"+group, 0, "", storyID, "", ""); err != nil {
				return err
			}
		}
		to := "/news/" + strconv.FormatInt(storyID, 10) + "/" + url.PathEscape(in.Edition.Slug)
		if lang == locale.Assamese {
			to = "/as" + to
		}
		if status == news.Published {
			for _, from := range append([]string{it.Link, "/?p=" + strconv.FormatInt(it.PostID, 10)}, oldSlugLinks(it)...) {
				if err := im.redirect(ctx, tx, from, to); err != nil {
					return err
				}
			}
			if it.GUID != "" && it.GUID != it.Link && redirects.Key(pathOf(it.GUID)) != redirects.Key("/?p="+strconv.FormatInt(it.PostID, 10)) {
				if err := im.redirect(ctx, tx, it.GUID, to); err != nil {
					return err
				}
			}
		}
		return im.comments(ctx, tx, it, storyID, lang)
	}
	im.batch = append(im.batch, in)
	im.batchLinks = append(im.batchLinks, im.linksOld(body))
	if len(im.batch) >= batchSize {
		return im.flush(ctx)
	}
	return nil
}

// batchSize is how many posts share one transaction: one disk sync for all of them.
const batchSize = 200

// flush writes the posts waiting in the batch.
func (im *importer) flush(ctx context.Context) error {
	if len(im.batch) == 0 {
		return nil
	}
	ids, err := im.news.ImportBatch(ctx, im.batch)
	if err != nil {
		return err
	}
	for i, id := range ids {
		if im.batchLinks[i] {
			im.linked = append(im.linked, id.EditionID)
		}
	}
	im.batch, im.batchLinks = im.batch[:0], im.batchLinks[:0]
	return nil
}

// oldSlugLinks are the addresses a post had under its earlier slugs: WordPress keeps each in
// a _wp_old_slug custom field and redirects the permalink with it to the post.
func oldSlugLinks(it *Item) []string {
	u, err := url.Parse(it.Link)
	if err != nil || it.PostName == "" {
		return nil
	}
	segs := strings.Split(u.Path, "/")
	at := -1
	for i, s := range segs {
		if s == it.PostName {
			at = i
		}
	}
	if at < 0 {
		return nil // a ?p= link, or a structure without the slug
	}
	var out []string
	for _, m := range it.Meta {
		if old := decodeSlug(strings.TrimSpace(m.Value)); m.Key == "_wp_old_slug" && old != "" && old != it.PostName && !strings.Contains(old, "/") {
			segs[at] = old
			out = append(out, (&url.URL{Path: strings.Join(segs, "/")}).EscapedPath())
		}
	}
	return out
}

// pathOf is the path and query of an address.
func pathOf(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	return p.RequestURI()
}

// translationGroup names the item's translation group: Polylang's post_translations term,
// or WPML's translation group id (its _wpml_trid custom field).
func translationGroup(it *Item) string {
	for _, t := range it.Terms {
		if t.Domain == "post_translations" {
			return t.Slug
		}
	}
	if trid := strings.TrimSpace(it.MetaValue("_wpml_trid")); trid != "" {
		return "wpml-" + trid
	}
	return ""
}

func countComments(it *Item) int {
	n := 0
	for _, c := range it.Comments {
		if keepComment(c) {
			n++
		}
	}
	return n
}

func keepComment(c Comment) bool {
	return (c.Type == "" || c.Type == "comment") && (c.Approved == "1" || c.Approved == "0")
}

// comments imports an item's comments: approved and pending ones (pingbacks, spam and trash
// are left out), each reply attached to its top-level comment, since Batori's threads are
// one level deep.
func (im *importer) comments(ctx context.Context, tx *db.Tx, it *Item, storyID int64, lang locale.Lang) error {
	byID := map[int64]Comment{}
	for _, c := range it.Comments {
		byID[c.ID] = c
	}
	top := func(c Comment) int64 {
		id := c.ID
		for n := 0; n < 100; n++ {
			p, ok := byID[byID[id].Parent]
			if byID[id].Parent == 0 || !ok {
				return id
			}
			id = p.ID
		}
		return id
	}
	list := append([]Comment(nil), it.Comments...)
	sort.SliceStable(list, func(i, j int) bool {
		ti, tj := top(list[i]) == list[i].ID, top(list[j]) == list[j].ID
		if ti != tj {
			return ti
		}
		return list[i].DateGMT+list[i].Date < list[j].DateGMT+list[j].Date
	})
	ids := map[int64]int64{}
	for _, c := range list {
		if !keepComment(c) {
			continue
		}
		at := wpTime(c.DateGMT, time.UTC)
		if at.IsZero() {
			at = wpTime(c.Date, im.opt.Zone)
		}
		status := comments.Pending
		if c.Approved == "1" {
			status = comments.Approved
		}
		var parent int64
		if t := top(c); t != c.ID {
			parent = ids[t]
		}
		id, err := comments.Import(ctx, tx, comments.Imported{
			Key: "wp:" + im.site + ":" + strconv.FormatInt(c.ID, 10), StoryID: storyID, Lang: lang, ParentID: parent,
			Name: html.UnescapeString(c.Author), Email: c.AuthorEmail, Body: commentText(c.Content), Status: status, At: at,
		})
		if err != nil {
			return fmt.Errorf("comment %d: %w", c.ID, err)
		}
		ids[c.ID] = id
		im.sum.Counts["comments"]++
	}
	return nil
}

// commentText is a comment's plain text: WordPress keeps a little HTML in comments.
func commentText(s string) string {
	s = strings.NewReplacer("<br>", "\n", "<br />", "\n", "</p>", "\n\n").Replace(s)
	return strings.TrimSpace(html.UnescapeString(stripTags(s)))
}

func (im *importer) page(ctx context.Context, it *Item) error {
	status := pages.Draft
	switch it.Status {
	case "publish":
		status = pages.Published
	case "draft", "pending", "private", "future":
	default:
		im.sum.skip("%s: the status %q is not imported", where(it), it.Status)
		return nil
	}
	lang := im.langOf(it)
	sum := checksum(it, string(lang))
	prev, prevSum, seen, err := im.knownItem(ctx, "page", it)
	if err != nil {
		return err
	}
	if seen && prevSum == sum {
		im.sum.Counts["unchanged"]++
		return nil
	}
	title := strings.TrimSpace(html.UnescapeString(it.Title))
	if title == "" {
		title = "Untitled"
	}
	body := im.convert(it)
	im.sum.Counts["pages"]++
	if im.opt.DryRun {
		// Two pages of the export at one address, as the import would find them (pages
		// already on the site are not asked).
		key := string(lang) + " " + locale.Slug(firstNonEmpty(it.PostName, title), 80)
		if other, ok := im.dryPages[key]; ok && other != it.PostID {
			im.sum.warn("%s: its address is another page's; imported at /page/%s", where(it), locale.Slug(firstNonEmpty(it.PostName, title), 70)+"-"+strconv.FormatInt(it.PostID, 10))
		}
		im.dryPages[key] = it.PostID
		return nil
	}
	in := pages.Input{Lang: lang, Slug: it.PostName, Title: title, Body: body, Status: status}
	group := translationGroup(it)
	if published, _ := im.dates(it); status == pages.Published {
		in.At = published
	}
	if seen {
		if e, err := im.st.Pages.Edition(ctx, prev); err == nil {
			in.PageID, in.BaseRevision = e.PageID, e.Revision
			im.sum.Counts["updated"]++
		}
	}
	if in.PageID == 0 && group != "" {
		if id, _, ok, err := im.known(ctx, "pagegroup:"+group, 0); err != nil {
			return err
		} else if ok {
			in.PageID = id
			if e, err := im.st.Pages.EditionOf(ctx, id, lang); err == nil {
				in.BaseRevision = e.Revision
			}
		}
	}
	e, err := im.st.Pages.Save(ctx, in)
	if fielderr.CodeOf(err, "slug") == fielderr.Taken {
		in.Slug = locale.Slug(firstNonEmpty(it.PostName, title), 70) + "-" + strconv.FormatInt(it.PostID, 10)
		im.sum.warn("%s: its address is another page's; imported at /page/%s", where(it), in.Slug)
		e, err = im.st.Pages.Save(ctx, in)
	}
	if _, bad := fielderr.As(err); bad {
		im.sum.Counts["pages"]--
		im.sum.skip("%s: %v", where(it), err)
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w", where(it), err)
	}
	return im.st.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := remember(ctx, tx, im.site, "page", it.PostID, it.GUID, e.ID, lang, sum); err != nil {
			return err
		}
		if group != "" {
			if err := remember(ctx, tx, im.site, "pagegroup:"+group, 0, "", e.PageID, "", ""); err != nil {
				return err
			}
		}
		if status != pages.Published {
			return nil
		}
		to := "/page/" + url.PathEscape(e.Slug)
		if lang == locale.Assamese {
			to = "/as" + to
		}
		for _, from := range []string{it.Link, "/?page_id=" + strconv.FormatInt(it.PostID, 10), "/?p=" + strconv.FormatInt(it.PostID, 10)} {
			if err := im.redirect(ctx, tx, from, to); err != nil {
				return err
			}
		}
		return nil
	})
}

// attachmentRedirects sends an attachment's page to its post's new home, or to the picture.
func (im *importer) attachmentRedirects(ctx context.Context) error {
	for _, a := range im.attachments {
		to := ""
		if a.parent != 0 && im.st.Redirects != nil && !im.opt.DryRun {
			if t, ok, err := im.st.Redirects.Find(ctx, "/?p="+strconv.FormatInt(a.parent, 10)); err != nil {
				return err
			} else if ok {
				to = t
			}
		}
		if to == "" && a.mediaKey != "" {
			to = "/media/" + a.mediaKey
		}
		if to == "" {
			continue
		}
		if err := im.redirectOutside(ctx, a.link, to, "/?attachment_id="+strconv.FormatInt(a.id, 10), to); err != nil {
			return err
		}
	}
	return nil
}

var reHref = regexp.MustCompile(`href="([^"]*)"( rel="nofollow")?`)

// rewriteLinks points the links between imported posts at their new addresses.
func (im *importer) rewriteLinks(ctx context.Context) error {
	if im.opt.DryRun {
		return nil
	}
	for _, id := range im.linked {
		e, err := im.st.News.Edition(ctx, id)
		if err != nil {
			return err
		}
		changed := false
		body := reHref.ReplaceAllStringFunc(e.Body, func(m string) string {
			u, err := url.Parse(html.UnescapeString(reHref.FindStringSubmatch(m)[1]))
			if err != nil || u.Host != "" && !im.hosts[strings.ToLower(u.Host)] || u.Host == "" && !strings.HasPrefix(u.Path, "/") {
				return m
			}
			to, ok, err := im.st.Redirects.Find(ctx, u.RequestURI())
			if err != nil || !ok {
				return m
			}
			changed = true
			return `href="` + html.EscapeString(to) + `"`
		})
		if changed {
			if err := im.news.SetBody(ctx, id, body); err != nil {
				return err
			}
			im.sum.Counts["links rewritten"]++
		}
	}
	return nil
}
