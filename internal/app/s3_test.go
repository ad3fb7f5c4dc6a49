package app_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/config"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/enquiries"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/media"
	"github.com/batori-news/batori/internal/news"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/site"
	"github.com/batori-news/batori/internal/testkit"
)

// withS3 points cfg's media and attachments at the bucket of srv.
func withS3(cfg config.Config, srv *testkit.S3Server) config.Config {
	cfg.S3 = config.S3{Endpoint: srv.URL, Bucket: srv.Bucket, AccessKey: "batori", SecretKey: "s3-test-secret", PathStyle: true}
	cfg.MaxBodyBytes = 10 << 20
	return cfg
}

// nodeClient is one person's browser against one node: its own cookies, redirects not followed.
type nodeClient struct {
	t    *testing.T
	base string
	hc   *http.Client
}

func newNodeClient(t *testing.T, base string) *nodeClient {
	jar, _ := cookiejar.New(nil)
	return &nodeClient{t: t, base: base, hc: &http.Client{Jar: jar, Timeout: 2 * time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// on is the same browser (cookies and all) talking to another node, as behind a load
// balancer.
func (b *nodeClient) on(base string) *nodeClient { return &nodeClient{t: b.t, base: base, hc: b.hc} }

func (b *nodeClient) do(req *http.Request) (*http.Response, []byte) {
	b.t.Helper()
	if req.Method == http.MethodPost {
		req.Header.Set("Origin", b.base)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	resp, err := b.hc.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		b.t.Fatal(err)
	}
	return resp, body
}

func (b *nodeClient) get(path string) (*http.Response, []byte) {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.base+path, nil)
	return b.do(req)
}

// page GETs path, following the redirects an article's short address gets.
func (b *nodeClient) page(path string) (*http.Response, []byte) {
	b.t.Helper()
	for range 3 {
		resp, body := b.get(path)
		if resp.StatusCode != http.StatusMovedPermanently && resp.StatusCode != http.StatusFound {
			return resp, body
		}
		path = resp.Header.Get("Location")
	}
	b.t.Fatalf("GET %s: too many redirects", path)
	return nil, nil
}

func (b *nodeClient) post(path string, form url.Values) *http.Response {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, _ := b.do(req)
	return resp
}

func (b *nodeClient) postFile(path, field, name string, data []byte, form url.Values) *http.Response {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.base+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, _ := b.do(req)
	return resp
}

func (b *nodeClient) login(email, password string) {
	b.t.Helper()
	resp := b.post("/newsroom/login", url.Values{"email": {email}, "password": {password}, "next": {"/newsroom/"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/newsroom/" {
		b.t.Fatalf("login: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

// TestTwoNodesShareStoriesAndFiles runs two nodes on one PostgreSQL and one S3 bucket, as
// behind a load balancer: a photo uploaded on node A is served by node B with the same
// headers; a story an editor publishes on A shows on B's home page within a second, and B's
// unrelated cached pages stay cached; a reader's attachment sent to B reaches the editors on
// A and nobody else.
func TestTwoNodesShareStoriesAndFiles(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s3 := testkit.StartS3(t)
	cfg := withS3(emptyConfig(t), s3)
	cfg.DatabaseURL = dbtest.NewPostgresSchema(t)
	cfg.Migrate = true
	// Every node has the same secret key, as the README's "Scaling out" says.
	cfg.SecretKey = base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))
	var nodes []*app.App
	var urls []string
	for range 2 {
		c := cfg
		c.DataDir = t.TempDir() // each node its own disk: only the database and the bucket are shared
		a, err := app.New(ctx, c, quiet)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		nodes = append(nodes, a)
		urls = append(urls, testkit.Serve(ctx, t, a.ServeListener))
	}
	a, b := nodes[0], nodes[1]

	// Prepared outside the browser: a section, an editor, a draft, and an Assamese story
	// already on the site.
	sec, err := a.News.CreateSection(ctx, news.SectionInput{Slug: "assam", Name: news.Names{EN: "Assam", AS: "অসম"}, Position: 1})
	if err != nil {
		t.Fatal(err)
	}
	const email, password = "desk@example.org", "tea-garden-monsoon-7"
	if _, err := a.People.Create(ctx, people.NewUser{Name: "Rupam Gogoi", Email: email, Password: password, Role: people.Editor}); err != nil {
		t.Fatal(err)
	}
	f := &newsroomFixture{t: t, ctx: ctx, a: a, section: sec.ID}
	other := f.story()
	f.publish(other, locale.Assamese, "গুৱাহাটীত বৰষুণ")
	story := f.story()
	draft, err := a.News.SaveEdition(ctx, news.EditionInput{StoryID: story, Lang: locale.English, Headline: "Draft headline",
		Standfirst: "Draft standfirst.", Body: "<p>Draft body.</p>"})
	if err != nil {
		t.Fatal(err)
	}

	readerB := newNodeClient(t, urls[1])
	xcache := func(path string) string {
		t.Helper()
		resp, _ := readerB.page(path)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("node B, GET %s: %d", path, resp.StatusCode)
		}
		return resp.Header.Get("X-Cache")
	}
	// B's listener connects in its own time: invalidate on A until B hears of it.
	for deadline := time.Now().Add(15 * time.Second); ; {
		// A render that overlapped an invalidation (the photo's variants, a task at start) is
		// served once and not stored: ask again until B holds the page, its own deadline.
		for cached := time.Now().Add(10 * time.Second); xcache("/as/") != "HIT"; time.Sleep(20 * time.Millisecond) {
			if time.Now().After(cached) {
				t.Fatal("node B does not cache its Assamese home page")
			}
		}
		a.Pages.Invalidate(site.HomeTag(locale.Assamese))
		heard := false
		for end := time.Now().Add(2 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
			if xcache("/as/") == "MISS" {
				heard = true
				break
			}
		}
		if heard {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("node B never heard node A's invalidations")
		}
	}

	// The editor uploads a photo on A.
	editor := newNodeClient(t, urls[0])
	editor.login(email, password)
	photo := testkit.JPEG(t, testkit.Picture(480, 320))
	if resp := editor.postFile("/newsroom/media/upload", "file", "majuli-ferry.jpg", photo, url.Values{"alt": {"A ferry at Majuli"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d", resp.StatusCode)
	}
	// Its variants are made by the "make photo variants" task on either node; made here too
	// so the test need not wait for a period. One wait, its own deadline.
	var pic media.Media
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(50 * time.Millisecond) {
		if _, err := a.Media.MakeQueuedVariants(ctx, 20); err != nil {
			t.Fatal(err)
		}
		pics, _, err := a.Media.Search(ctx, "", 10, 0)
		if err != nil || len(pics) != 1 {
			t.Fatalf("library after upload: %+v, %v", pics, err)
		}
		if pic = pics[0]; len(pic.Variants) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the uploaded photo's variants were never made")
		}
	}
	// B serves the master and every variant from the bucket, as A would from its disk.
	for _, key := range append([]string{pic.Key}, keys(pic)...) {
		resp, body := readerB.get("/media/" + key)
		if resp.StatusCode != http.StatusOK || len(body) == 0 || resp.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" ||
			resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("ETag") == "" {
			t.Fatalf("node B, /media/%s: %d, %d bytes, %v", key, resp.StatusCode, len(body), resp.Header)
		}
	}

	// B's home page and an unrelated Assamese article, cached.
	otherPath := "/as/news/" + strconv.FormatInt(other, 10)
	for _, p := range []string{"/", otherPath} {
		xcache(p)
		if got := xcache(p); got != "HIT" {
			t.Fatalf("node B does not cache %s: %q", p, got)
		}
	}

	// The editor publishes the story, with the photo, on A.
	const headline = "Ferries return to Majuli as the river falls"
	resp := editor.post("/newsroom/stories/"+strconv.FormatInt(story, 10)+"/edition/en", url.Values{
		"headline": {headline}, "standfirst": {"The first boats crossed at dawn."}, "body": {"<p>The ferries run again from Nimati ghat.</p>"},
		"section": {strconv.FormatInt(sec.ID, 10)}, "base_revision": {strconv.Itoa(draft.Revision)},
		"image_id": {strconv.FormatInt(pic.ID, 10)}, "image_alt": {"A ferry at Majuli"}, "action": {"publish"},
	})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish on node A: %d", resp.StatusCode)
	}
	// Within a second B's home page shows it: one wait, its own deadline.
	shown := false
	for end := time.Now().Add(time.Second); time.Now().Before(end); time.Sleep(10 * time.Millisecond) {
		if _, body := readerB.page("/"); strings.Contains(string(body), headline) {
			shown = true
			break
		}
	}
	if !shown {
		t.Fatal("node B's home page did not show the story published on node A within a second")
	}
	r, body := readerB.page("/news/" + strconv.FormatInt(story, 10))
	if r.StatusCode != http.StatusOK || !strings.Contains(string(body), headline) || !strings.Contains(string(body), "/media/") {
		t.Fatalf("node B's article: %d, headline or picture missing", r.StatusCode)
	}
	if got := xcache(otherPath); got != "HIT" {
		t.Errorf("node B dropped the unrelated %s: X-Cache %q", otherPath, got)
	}

	// A reader sends an enquiry with a photo to B; it is stored in the bucket, privately.
	tok, err := b.Enquiries.NewFormToken(ctx, "127.0.0.1", time.Now().Add(-time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	letter := testkit.PNG(t, testkit.Picture(300, 200))
	reader := newNodeClient(t, urls[1])
	resp = reader.postFile("/enquiry", "attachment", "bridge.png", letter, url.Values{"token": {tok}, "type": {"tip"},
		"name": {"Bina Das"}, "email": {"bina@example.org"}, "phone": {"+91 94350 00000"},
		"message": {"The bridge over the Dikhow at Sivasagar has a crack; buses still cross it every hour."}})
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "key=") {
		t.Fatalf("enquiry: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	list, _, err := a.Enquiries.List(ctx, enquiries.Filter{})
	if err != nil || len(list) != 1 {
		t.Fatalf("enquiries: %+v, %v", list, err)
	}
	en, err := a.Enquiries.Get(ctx, list[0].ID)
	if err != nil || en.Attachment == nil {
		t.Fatalf("enquiry: %+v, %v", en, err)
	}
	att := en.Attachment
	if _, err := s3.Backend.HeadObject(s3.Bucket, "enquiries/"+att.Key); err != nil {
		t.Errorf("attachment not in the bucket under enquiries/: %v", err)
	}
	attPath := "/newsroom/enquiries/" + strconv.FormatInt(list[0].ID, 10) + "/attachment"
	for _, anon := range []*nodeClient{reader, reader.on(urls[0])} {
		r, body := anon.get(attPath)
		if r.StatusCode == http.StatusOK || bytes.Contains(body, letter[:64]) {
			t.Errorf("anonymous %s: %d", attPath, r.StatusCode)
		}
		if r, _ := anon.get("/media/" + att.Key); r.StatusCode != http.StatusNotFound {
			t.Errorf("attachment under /media/: %d, want 404", r.StatusCode)
		}
	}
	for _, staff := range []*nodeClient{editor, editor.on(urls[1])} {
		r, body := staff.get(attPath)
		if r.StatusCode != http.StatusOK || !bytes.Equal(body, letter) ||
			!strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment") || r.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("editor's download on %s: %d, %d bytes, %v", staff.base, r.StatusCode, len(body), r.Header)
		}
	}
}

// keys are the keys of m's variants.
func keys(m interface{ Srcset() (string, string) }) []string {
	var out []string
	jpeg, webp := m.Srcset()
	for _, set := range []string{jpeg, webp} {
		for _, entry := range strings.Split(set, ", ") {
			if u, _, ok := strings.Cut(entry, " "); ok {
				out = append(out, strings.TrimPrefix(u, "/media/"))
			}
		}
	}
	return out
}
