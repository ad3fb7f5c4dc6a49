package app_test

import (
	"bytes"
	"context"
	"fmt"
	"image/color"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/config"
	"github.com/batori-news/batori/internal/testkit"
)

// burstSize is how many readers send the Enquiry form at the same moment.
const burstSize = 1000

// enquiryApp builds the whole app on cfg with a desk address for enquiry notices.
func enquiryApp(t *testing.T, cfg config.Config) *app.App {
	t.Helper()
	a, err := app.New(context.Background(), cfg, quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	site, err := a.Settings.Site(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	site.EnquiryEmail = "desk@batori.test"
	if err := a.Settings.SaveSite(context.Background(), site); err != nil {
		t.Fatal(err)
	}
	return a
}

// reader is one person at their own address: every loopback address is 127.x.y.z, so each
// reader in the burst connects from an address of their own, as readers on the Internet do,
// and the production rate limits apply unchanged.
func reader(n int) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(readerAddr(n))}, Timeout: 30 * time.Second}
	return &http.Client{
		Transport:     &http.Transport{DialContext: d.DialContext, DisableKeepAlives: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Timeout:       2 * time.Minute,
	}
}

// readerAddr is reader n's address, which the forms shown to them are bound to.
func readerAddr(n int) string {
	return net.IPv4(127, 1, byte(n/250), byte(n%250+1)).String()
}

// formKey is the one-time key inside a form token ("issued.key.signature").
func formKey(token string) string {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return ""
	}
	return parts[1]
}

// submission is reader n's filled-in form: every tenth a news tip with a photo (sent as
// multipart), the others plain forms of every kind.
func submission(t *testing.T, base, token string, n int) *http.Request {
	t.Helper()
	kinds := []string{"tip", "correction", "advertising", "general"}
	fields := url.Values{
		"token": {token}, "type": {kinds[n%4]}, "name": {fmt.Sprintf("Reader %d", n)},
		"email":   {fmt.Sprintf("reader%d@example.org", n)},
		"message": {fmt.Sprintf("Message %d: the ferry from Nimati to Majuli did not sail this morning.", n)},
	}
	var req *http.Request
	if n%10 == 0 {
		fields.Set("type", "tip")
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		for k, vs := range fields {
			mw.WriteField(k, vs[0])
		}
		fw, _ := mw.CreateFormFile("attachment", fmt.Sprintf("ferry-%d.png", n))
		fw.Write(testkit.PNG(t, testkit.Solid(24, 16, color.RGBA{byte(n), byte(n >> 8), 90, 255})))
		mw.Close()
		req, _ = http.NewRequest(http.MethodPost, base+"/enquiry", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
	} else {
		req, _ = http.NewRequest(http.MethodPost, base+"/enquiry", strings.NewReader(fields.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Origin", base)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return req
}

// answer is what the server said to one submission.
type answer struct {
	status   int
	location string
	err      error
}

func send(client *http.Client, req *http.Request) answer {
	res, err := client.Do(req)
	if err != nil {
		return answer{err: err}
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return answer{status: res.StatusCode, location: res.Header.Get("Location")}
}

// TestEnquiryBurstLosesNothing sends a thousand enquiries at once through the real router
// over loopback, some of them twice at the same moment (a double click), and checks that
// every enquiry the server acknowledged is stored exactly once with its two mails, that
// the answers and the rows agree, and that all of it is still there after the app is closed
// and opened again on the same data folder or schema, as after a restart.
func TestEnquiryBurstLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("burst test")
	}
	for name, mk := range configs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			cfg := mk(t)
			cfg.Migrate, cfg.MaxBodyBytes = true, 10<<20
			a := enquiryApp(t, cfg)
			srv := httptest.NewServer(a.Handler())

			// Forms fetched a minute ago, as readers fill them in.
			tokens := make([]string, burstSize)
			for i := range tokens {
				tok, err := a.Enquiries.NewFormToken(ctx, readerAddr(i), time.Now().Add(-time.Minute))
				if err != nil {
					t.Fatal(err)
				}
				tokens[i] = tok
			}
			requests := make([]*http.Request, burstSize)
			doubles := map[int]*http.Request{}
			for i := range requests {
				requests[i] = submission(t, srv.URL, tokens[i], i)
				if i%40 == 7 {
					doubles[i] = submission(t, srv.URL, tokens[i], i)
				}
			}

			answers, doubleAnswers, took := fireBurst(requests, doubles)

			acked := map[string]string{} // form key -> acknowledgement address
			statuses := map[int]int{}
			failed := 0
			for i, ans := range answers {
				statuses[ans.status]++
				switch {
				case ans.err != nil:
					failed++
					t.Errorf("reader %d: %v", i, ans.err)
				case ans.status >= 200 && ans.status < 400:
					acked[formKey(tokens[i])] = ans.location
					if want := "/enquiry/sent?key=" + url.QueryEscape(formKey(tokens[i])); ans.location != want {
						t.Errorf("reader %d acknowledged at %q, want %q", i, ans.location, want)
					}
				default:
					failed++
					t.Errorf("reader %d: status %d", i, ans.status)
				}
			}
			for i, ans := range doubleAnswers {
				if ans.err != nil || ans.status != http.StatusSeeOther || ans.location != answers[i].location {
					t.Errorf("double click of reader %d: %d %q %v; first answer %q", i, ans.status, ans.location, ans.err, answers[i].location)
				}
			}

			// Every acknowledged enquiry is stored exactly once, with nothing else beside it.
			stored := map[string]int64{}
			rows, err := a.DB.Query(ctx, "SELECT idem_key, id FROM enquiries")
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var key string
				var id int64
				if err := rows.Scan(&key, &id); err != nil {
					t.Fatal(err)
				}
				if _, dup := stored[key]; dup {
					t.Errorf("key %s stored twice", key)
				}
				stored[key] = id
			}
			rows.Close()
			for key := range acked {
				if _, ok := stored[key]; !ok {
					t.Errorf("acknowledged enquiry %s was not stored", key)
				}
			}
			if len(stored) != len(acked) {
				t.Errorf("%d enquiries stored for %d acknowledged", len(stored), len(acked))
			}

			// Each has its acknowledgement and its desk notice, queued with it.
			mails := map[string]string{}
			rows, err = a.DB.Query(ctx, "SELECT dedupe_key, to_addr FROM outbox")
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var key, to string
				if err := rows.Scan(&key, &to); err != nil {
					t.Fatal(err)
				}
				mails[key] = to
			}
			rows.Close()
			for _, id := range stored {
				if to := mails[fmt.Sprintf("enquiry-ack-%d", id)]; !strings.HasSuffix(to, "@example.org") {
					t.Errorf("enquiry %d: acknowledgement to %q", id, to)
				}
				if to := mails[fmt.Sprintf("enquiry-desk-%d", id)]; to != "desk@batori.test" {
					t.Errorf("enquiry %d: desk notice to %q", id, to)
				}
			}
			if len(mails) != 2*len(stored) {
				t.Errorf("%d mails queued for %d enquiries", len(mails), len(stored))
			}
			files, _ := os.ReadDir(filepath.Join(cfg.DataDir, "enquiries"))
			if len(files) != burstSize/10 {
				t.Errorf("%d attachment files, want %d", len(files), burstSize/10)
			}
			t.Logf("%s: %d readers (+%d double clicks) at once in %s (%.0f/s); answers %v, %d failed; %d acknowledged, %d stored, %d mails queued, %d attachments",
				name, burstSize, len(doubles), took.Round(time.Millisecond), float64(burstSize+len(doubles))/took.Seconds(),
				statuses, failed, len(acked), len(stored), len(mails), len(files))

			// A restart: the server and the database close; a new app opens the same data.
			srv.Close()
			if err := a.Close(); err != nil {
				t.Fatal(err)
			}
			b := enquiryApp(t, cfg)
			var n, m int
			if err := b.DB.QueryRow(ctx, "SELECT COUNT(*) FROM enquiries").Scan(&n); err != nil {
				t.Fatal(err)
			}
			if err := b.DB.QueryRow(ctx, "SELECT COUNT(*) FROM outbox").Scan(&m); err != nil {
				t.Fatal(err)
			}
			if n != len(acked) || m != len(mails) {
				t.Errorf("after reopening: %d enquiries and %d mails, want %d and %d", n, m, len(acked), len(mails))
			}
			withFile := 0
			for key := range acked {
				e, err := b.Enquiries.ByKey(ctx, key)
				if err != nil {
					t.Errorf("acknowledged enquiry %s lost in the restart: %v", key, err)
					continue
				}
				if e.Attachment != nil {
					_, f, err := b.Enquiries.OpenAttachment(ctx, e.ID)
					if err != nil {
						t.Errorf("attachment of %s lost: %v", e.Reference, err)
						continue
					}
					f.Close()
					withFile++
				}
			}
			if withFile != burstSize/10 {
				t.Errorf("%d attachments after reopening, want %d", withFile, burstSize/10)
			}
			// The acknowledgement pages still answer after the restart.
			srv2 := httptest.NewServer(b.Handler())
			defer srv2.Close()
			for i := 0; i < burstSize; i += 97 {
				ans := send(reader(i), mustGet(t, srv2.URL+answers[i].location))
				if ans.status != http.StatusOK {
					t.Errorf("acknowledgement %d after restart: %d", i, ans.status)
				}
			}
		})
	}
}

func mustGet(t *testing.T, u string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// TestEnquiryMailDelivered sends an enquiry to the running server and waits for the
// reader's acknowledgement and the desk's notice at a real SMTP server.
func TestEnquiryMailDelivered(t *testing.T) {
	for name, mk := range configs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			mb := testkit.StartSMTP(t)
			cfg := mk(t)
			cfg.Migrate, cfg.MaxBodyBytes = true, 10<<20
			cfg.SMTPHost, cfg.SMTPPort, cfg.SMTPTLS, cfg.SMTPFrom = mb.Host, mb.Port, "none", "Batori <newsroom@batori.test>"
			a := enquiryApp(t, cfg)
			base := testkit.Serve(ctx, t, a.ServeListener)
			tok, err := a.Enquiries.NewFormToken(ctx, readerAddr(1), time.Now().Add(-time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			ans := send(reader(1), submission(t, base, tok, 3))
			if ans.status != http.StatusSeeOther {
				t.Fatalf("submission answered %d", ans.status)
			}
			e, err := a.Enquiries.ByKey(ctx, formKey(tok))
			if err != nil {
				t.Fatal(err)
			}
			deadline := time.Now().Add(30 * time.Second)
			desk := mb.Await(t, deadline, "desk@batori.test", e.Reference)
			if !strings.Contains(desk.Text, "Reader 3") || !strings.Contains(desk.Text, "/newsroom/enquiries/") {
				t.Errorf("desk notice:\n%s", desk.Text)
			}
			ack := mb.Await(t, deadline, "reader3@example.org", e.Reference)
			if strings.Contains(ack.Text, "ferry") {
				t.Errorf("acknowledgement repeats the reader's words:\n%s", ack.Text)
			}
		})
	}
}

// fireBurst sends every request at once, each from its own reader's address, and the doubles
// (a second click of the same form) alongside their firsts; it returns the answers in order,
// the doubles' answers, and how long the burst took.
func fireBurst(requests []*http.Request, doubles map[int]*http.Request) ([]answer, map[int]*answer, time.Duration) {
	answers := make([]answer, len(requests))
	doubleAnswers := make(map[int]*answer, len(doubles))
	for i := range doubles {
		doubleAnswers[i] = &answer{}
	}
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range requests {
		client := reader(i)
		wg.Go(func() {
			<-start
			answers[i] = send(client, requests[i])
		})
		if req, ok := doubles[i]; ok {
			wg.Go(func() {
				<-start
				*doubleAnswers[i] = send(client, req)
			})
		}
	}
	began := time.Now()
	close(start)
	wg.Wait()
	return answers, doubleAnswers, time.Since(began)
}
