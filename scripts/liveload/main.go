// Command liveload measures a live blog under load (scripts/liveload.sh runs it): against a
// running `batori serve`, it signs in as an editor, makes a story with a live blog of
// -entries updates, then has -readers simulated readers poll the blog's updates endpoint
// the way live.js does (every -poll plus up to a second, revalidating with If-None-Match)
// while the editor adds an update every -every through the newsroom's form. It reports how
// long readers took to see each update, the server's resident memory (from /proc/-pid) and
// the latency of another cached page before and during the load. Not a test: figures only.
package main

import (
	"compress/gzip"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/PuerkitoBio/goquery"
)

func main() {
	base := flag.String("base", "http://127.0.0.1:18090", "the server")
	email := flag.String("email", "editor@load.test", "an editor's e-mail; the password is in LIVELOAD_PASSWORD")
	pid := flag.Int("pid", 0, "the server's process id, for its resident memory")
	readers := flag.Int("readers", 2000, "simultaneous readers polling the blog")
	entries := flag.Int("entries", 500, "updates in the blog before the readers come")
	every := flag.Duration("every", 10*time.Second, "how often the editor adds an update")
	poll := flag.Duration("poll", 3*time.Second, "how often each reader polls (plus up to a second, as live.js)")
	duration := flag.Duration("duration", 2*time.Minute, "how long the readers read")
	other := flag.String("other", "/", "another cached page, timed before and during the load")
	flag.Parse()
	l := &load{base: strings.TrimRight(*base, "/"), pid: *pid}
	if err := l.run(*email, os.Getenv("LIVELOAD_PASSWORD"), *readers, *entries, *every, *poll, *duration, *other); err != nil {
		log.Fatal(err)
	}
}

type load struct {
	base   string
	pid    int
	editor *http.Client
	// posted[k] is when the editor sent update k.
	mu     sync.Mutex
	posted map[int]time.Time
	seen   []time.Duration
	missed atomic.Int64
	polls  atomic.Int64
	errs   atomic.Int64
	notMod atomic.Int64
}

var (
	marker     = regexp.MustCompile(`Load update (\d+)\b`)
	optionID   = regexp.MustCompile(`<option value="(\d+)"`)
	editionURL = regexp.MustCompile(`/newsroom/stories/(\d+)/edition/en$`)
)

func (l *load) run(email, password string, readers, entries int, every, poll, duration time.Duration, other string) error {
	if password == "" {
		return errors.New("set LIVELOAD_PASSWORD to the editor's password")
	}
	jar, _ := cookiejar.New(nil)
	l.editor = &http.Client{Jar: jar, Timeout: 30 * time.Second}
	if _, _, err := l.post("/newsroom/login", url.Values{"email": {email}, "password": {password}}); err != nil {
		return fmt.Errorf("sign in: %w", err)
	}
	desk, article, err := l.makeBlog()
	if err != nil {
		return err
	}
	start := time.Now()
	for k := 1; k <= entries; k++ {
		if err := l.addEntry(desk, -k); err != nil {
			return fmt.Errorf("update %d of %d: %w", k, entries, err)
		}
	}
	log.Printf("live blog %s with %d updates in %s", article, entries, time.Since(start).Round(time.Millisecond))
	updates := article + "/updates"
	l.timeOther(other, 20, nil) // warm: the first requests render and compress it
	baseline := l.timeOther(other, 200, nil)
	rssBefore := l.rss("VmRSS")

	ctx, cancel := context.WithTimeout(context.Background(), duration)
	defer cancel()
	tr := &http.Transport{MaxIdleConns: readers + 100, MaxIdleConnsPerHost: readers + 100, IdleConnTimeout: time.Minute}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	l.posted = map[int]time.Time{}
	var wg sync.WaitGroup
	var ready sync.WaitGroup
	ready.Add(readers)
	for i := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Readers arrive over one poll interval, as they would.
			time.Sleep(time.Duration(i) * poll / time.Duration(readers))
			l.reader(ctx, client, updates, poll, &ready)
		}()
	}
	ready.Wait()
	log.Printf("%d readers polling %s", readers, updates)
	var peak atomic.Int64
	go func() {
		for ctx.Err() == nil {
			peak.Store(max(peak.Load(), l.rss("VmRSS")))
			time.Sleep(500 * time.Millisecond)
		}
	}()
	underLoad := make(chan []time.Duration, 1)
	go func() { underLoad <- l.timeOther(other, 0, ctx) }()
	k := 0
	tick := time.NewTicker(every)
	for done := false; !done; {
		select {
		case <-ctx.Done():
			done = true
		case <-tick.C:
			k++
			l.mu.Lock()
			l.posted[k] = time.Now()
			l.mu.Unlock()
			if err := l.addEntry(desk, k); err != nil {
				log.Printf("update %d: %v", k, err)
			}
		}
	}
	tick.Stop()
	wg.Wait()
	during := <-underLoad

	l.mu.Lock()
	defer l.mu.Unlock()
	seen := slices.Clone(l.seen)
	slices.Sort(seen)
	within := 0
	for _, d := range seen {
		if d <= 5*time.Second {
			within++
		}
	}
	fmt.Printf("readers %d, blog of %d updates, an update every %s for %s (%d updates), polling every %s + jitter\n",
		readers, entries, every, duration, k, poll)
	fmt.Printf("polls %d (%.0f/s), 304 %d, errors %d\n", l.polls.Load(), float64(l.polls.Load())/duration.Seconds(), l.notMod.Load(), l.errs.Load())
	if len(seen) > 0 {
		fmt.Printf("time to see an update: p50 %s, p95 %s, p99 %s, max %s; within 5 s: %.2f%% of %d sightings; updates missed by a reader (out of the endpoint's window): %d\n",
			pct(seen, 50), pct(seen, 95), pct(seen, 99), seen[len(seen)-1], 100*float64(within)/float64(len(seen)), len(seen), l.missed.Load())
	}
	fmt.Printf("server RSS: %d MB before the readers, peak %d MB during, high-water mark %d MB\n", rssBefore>>10, peak.Load()>>10, l.rss("VmHWM")>>10)
	slices.Sort(baseline)
	slices.Sort(during)
	if len(baseline) > 0 && len(during) > 0 {
		fmt.Printf("%s: p50 %s, p99 %s alone; p50 %s, p99 %s under load (%d requests)\n", other,
			pct(baseline, 50), pct(baseline, 99), pct(during, 50), pct(during, 99), len(during))
	}
	return nil
}

// reader polls the updates endpoint until ctx ends, noting when it first sees each update.
func (l *load) reader(ctx context.Context, c *http.Client, path string, poll time.Duration, ready *sync.WaitGroup) {
	etag, newest := "", 0
	first := true
	for ctx.Err() == nil {
		req, _ := http.NewRequestWithContext(ctx, "GET", l.base+path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		if etag != "" {
			req.Header.Set("If-None-Match", etag)
		}
		res, err := c.Do(req)
		now := time.Now()
		if err != nil {
			if ctx.Err() == nil {
				l.errs.Add(1)
			}
		} else {
			l.polls.Add(1)
			switch res.StatusCode {
			case http.StatusNotModified:
				l.notMod.Add(1)
			case http.StatusOK:
				etag = res.Header.Get("Etag")
				body, _ := io.ReadAll(gunzip(res))
				ks := map[int]bool{}
				top := 0
				for _, m := range marker.FindAllStringSubmatch(string(body), -1) {
					k, _ := strconv.Atoi(m[1])
					ks[k] = true
					top = max(top, k)
				}
				if !first {
					l.mu.Lock()
					for k := newest + 1; k <= top; k++ {
						if at, ok := l.posted[k]; ok {
							if ks[k] {
								l.seen = append(l.seen, now.Sub(at))
							} else {
								l.missed.Add(1)
							}
						}
					}
					l.mu.Unlock()
				}
				newest = max(newest, top)
			default:
				l.errs.Add(1)
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
		}
		if first {
			first = false
			ready.Done()
		}
		select {
		case <-ctx.Done():
		case <-time.After(poll + rand.N(time.Second)):
		}
	}
}

// makeBlog creates, publishes and starts a live story; it returns its desk and reader paths.
func (l *load) makeBlog() (desk, article string, err error) {
	_, page, err := l.get("/newsroom/stories/new")
	if err != nil {
		return "", "", err
	}
	m := optionID.FindStringSubmatch(page)
	if m == nil {
		return "", "", errors.New("no section to file the story in: seed the site first")
	}
	final, _, err := l.post("/newsroom/stories", url.Values{"section": {m[1]}, "lang": {"en"},
		"headline": {"Counting day: results as they come in"}, "body": {"<p>Results from every constituency, as they come in.</p>"}})
	if err != nil {
		return "", "", err
	}
	id := editionURL.FindStringSubmatch(final)
	if id == nil {
		return "", "", fmt.Errorf("creating the story led to %s", final)
	}
	edit := "/newsroom/stories/" + id[1] + "/edition/en"
	res, err := l.editor.Get(l.base + edit)
	if err != nil {
		return "", "", err
	}
	doc, err := goquery.NewDocumentFromReader(res.Body)
	res.Body.Close()
	if err != nil {
		return "", "", err
	}
	form := url.Values{}
	doc.Find("form.desk-form").Find("input, textarea, select").Each(func(_ int, s *goquery.Selection) {
		name, ok := s.Attr("name")
		typ := s.AttrOr("type", "")
		if !ok || typ == "submit" || typ == "file" || ((typ == "checkbox" || typ == "radio") && s.AttrOr("checked", "x") == "x") {
			return
		}
		switch goquery.NodeName(s) {
		case "textarea":
			form.Add(name, s.Text())
		case "select":
			form.Add(name, s.Find("option[selected]").AttrOr("value", s.Find("option").First().AttrOr("value", "")))
		default:
			form.Add(name, s.AttrOr("value", ""))
		}
	})
	form.Set("action", "publish")
	_, published, err := l.post(edit, form)
	if err != nil {
		return "", "", fmt.Errorf("publish: %w", err)
	}
	if !strings.Contains(published, "desk-status-published") {
		return "", "", fmt.Errorf("the story was not published:\n%.2000s", published)
	}
	desk = edit + "/live"
	if _, _, err := l.post(desk+"/start", nil); err != nil {
		return "", "", fmt.Errorf("start the live blog: %w", err)
	}
	// The newsroom links /news/{id}, which redirects to the story's canonical address.
	res, err = http.Get(l.base + "/news/" + id[1])
	if err != nil {
		return "", "", err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return "", "", fmt.Errorf("the reader's page answers %d", res.StatusCode)
	}
	return desk, res.Request.URL.Path, nil
}

// addEntry posts update k (negative for the preloaded ones) from the desk's form.
func (l *load) addEntry(desk string, k int) error {
	text := fmt.Sprintf("Load update %d: counting continues in constituency %d, with %d rounds of %d done.", k, (k*7)%126+1, k%14, 14)
	if k < 0 {
		text = fmt.Sprintf("Earlier update %d: counting continues in constituency %d.", -k, (-k*7)%126+1)
	}
	_, _, err := l.post(desk, url.Values{"body": {text}})
	return err
}

// timeOther times n requests (or, with ctx, requests until ctx ends, 20 a second) of a
// cached page.
func (l *load) timeOther(path string, n int, ctx context.Context) []time.Duration {
	c := &http.Client{Timeout: 30 * time.Second}
	var out []time.Duration
	for i := 0; ctx != nil || i < n; i++ {
		if ctx != nil && ctx.Err() != nil {
			break
		}
		start := time.Now()
		req, _ := http.NewRequest("GET", l.base+path, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		res, err := c.Do(req)
		if err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			out = append(out, time.Since(start))
		}
		if ctx != nil {
			time.Sleep(50 * time.Millisecond)
		}
	}
	return out
}

func (l *load) get(path string) (string, string, error) {
	res, err := l.editor.Get(l.base + path)
	if err != nil {
		return "", "", err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		return "", "", fmt.Errorf("GET %s: %d", path, res.StatusCode)
	}
	return res.Request.URL.Path, string(b), nil
}

func (l *load) post(path string, form url.Values) (string, string, error) {
	res, err := l.editor.PostForm(l.base+path, form)
	if err != nil {
		return "", "", err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		return "", "", fmt.Errorf("POST %s: %d", path, res.StatusCode)
	}
	return res.Request.URL.Path, string(b), nil
}

// rss reads a memory figure (VmRSS, VmHWM) of the server from /proc, in kB.
func (l *load) rss(field string) int64 {
	if l.pid == 0 {
		return 0
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(l.pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

func pct(sorted []time.Duration, p int) time.Duration {
	return sorted[min(len(sorted)-1, len(sorted)*p/100)].Round(10 * time.Microsecond)
}

// gunzip is res's body, decompressed when the server sent it gzipped.
func gunzip(res *http.Response) io.Reader {
	if res.Header.Get("Content-Encoding") != "gzip" {
		return res.Body
	}
	z, err := gzip.NewReader(res.Body)
	if err != nil {
		return strings.NewReader("")
	}
	return z
}
