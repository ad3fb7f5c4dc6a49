package enquiries_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
	"github.com/batori-news/batori/internal/enquiries"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/mail"
	"github.com/batori-news/batori/internal/testkit"
)

var referenceRE = regexp.MustCompile(`^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$`)

func TestSubmitStoresEnquiryWithItsMail(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, clk := newStore(t, d)
		outbox := mail.NewOutbox(d)
		in := tip(1)
		in.Lang = locale.Assamese
		in.Name = "  Anjali   Bora "
		in.Message = "Water is rising\r\nnear Neamatighat. "
		calls := 0
		e, dup, err := st.Submit(ctx, in, func(tx *db.Tx, e enquiries.Enquiry) error {
			calls++
			if e.ID == 0 || e.Reference == "" {
				t.Errorf("then got an unsaved enquiry %+v", e)
			}
			_, err := outbox.EnqueueTx(ctx, tx, mail.Message{To: e.Email, Subject: "Received " + e.Reference, Text: "Thank you."})
			return err
		})
		if err != nil || dup || calls != 1 {
			t.Fatalf("Submit = %v, dup %v, then called %d times", err, dup, calls)
		}
		if !referenceRE.MatchString(e.Reference) {
			t.Errorf("reference %q", e.Reference)
		}
		got, err := st.Get(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := enquiries.Enquiry{
			ID: e.ID, Reference: e.Reference, Kind: enquiries.NewsTip, Status: enquiries.StatusNew, Lang: locale.Assamese,
			Name: "Anjali Bora", Email: "reader1@example.org", Phone: "+91 98640 12345", Message: "Water is rising\nnear Neamatighat.",
			ClientAddr: "10.0.0.2", CreatedAt: clk.Now(), UpdatedAt: clk.Now(),
		}
		if got != want {
			t.Errorf("stored\n%+v\nwant\n%+v", got, want)
		}
		for name, find := range map[string]func() (enquiries.Enquiry, error){
			"ByKey":       func() (enquiries.Enquiry, error) { return st.ByKey(ctx, in.Key) },
			"ByReference": func() (enquiries.Enquiry, error) { return st.ByReference(ctx, e.Reference) },
		} {
			if got, err := find(); err != nil || got.ID != e.ID {
				t.Errorf("%s = %d, %v", name, got.ID, err)
			}
		}
		items, _, err := outbox.List(ctx, mail.ListFilter{})
		if err != nil || len(items) != 1 || items[0].Subject != "Received "+e.Reference {
			t.Errorf("outbox %v %v", items, err)
		}
		if _, err := st.Get(ctx, e.ID+1); !errors.Is(err, enquiries.ErrNotFound) {
			t.Errorf("Get unknown = %v", err)
		}
		if _, err := st.ByKey(ctx, ""); !errors.Is(err, enquiries.ErrNotFound) {
			t.Errorf("ByKey empty = %v", err)
		}
	})
}

func TestSubmitTwiceStoresOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := newStore(t, d)
		outbox := mail.NewOutbox(d)
		queue := func(tx *db.Tx, e enquiries.Enquiry) error {
			_, err := outbox.EnqueueTx(ctx, tx, mail.Message{To: e.Email, Subject: "Received " + e.Reference, Text: "Thank you."})
			return err
		}
		first, dup, err := st.Submit(ctx, tip(1), queue)
		if err != nil || dup {
			t.Fatal(err, dup)
		}
		again := tip(1)
		again.Message = "A retried form carries the same key whatever it says."
		second, dup, err := st.Submit(ctx, again, queue)
		if err != nil || !dup || second.ID != first.ID || second.Reference != first.Reference {
			t.Fatalf("second Submit = %+v, dup %v, %v", second, dup, err)
		}

		// A double click: the same form many times at once.
		in := tip(2)
		in.File = &enquiries.Upload{Name: "photo.jpg", Data: testkit.JPEG(t, testkit.Picture(64, 48))}
		var wg sync.WaitGroup
		ids := make([]int64, 16)
		errs := make([]error, 16)
		for i := range ids {
			wg.Go(func() {
				e, _, err := st.Submit(ctx, in, queue)
				ids[i], errs[i] = e.ID, err
			})
		}
		wg.Wait()
		for i := range ids {
			if errs[i] != nil || ids[i] != ids[0] {
				t.Errorf("submission %d: id %d, err %v; want id %d", i, ids[i], errs[i], ids[0])
			}
		}
		if n := count(t, d, "enquiries"); n != 2 {
			t.Errorf("%d enquiries stored, want 2", n)
		}
		if n := count(t, d, "outbox"); n != 2 {
			t.Errorf("%d mails queued, want 2", n)
		}
		files, _ := os.ReadDir(st.Dir())
		if len(files) != 1 {
			t.Errorf("%d files in the attachment folder, want the one stored", len(files))
		}
	})
}

func TestSubmitRolledBack(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := newStore(t, d)
		in := tip(1)
		in.File = &enquiries.Upload{Name: "letter.pdf", Data: pdfBytes()}
		boom := errors.New("mail could not be queued")
		_, _, err := st.Submit(ctx, in, func(tx *db.Tx, e enquiries.Enquiry) error { return boom })
		if !errors.Is(err, boom) {
			t.Fatalf("Submit = %v", err)
		}
		if n := count(t, d, "enquiries"); n != 0 {
			t.Errorf("%d enquiries after a failed submission", n)
		}
		if files, _ := os.ReadDir(st.Dir()); len(files) != 0 {
			t.Errorf("attachment left behind: %v", files)
		}
		// The form's key is still free, and the failure did not count against the limits.
		if _, dup, err := st.Submit(ctx, in, nil); err != nil || dup {
			t.Fatalf("Submit after a failure = %v, dup %v", err, dup)
		}
		var hits int
		if err := d.QueryRow(ctx, "SELECT hits FROM form_limits WHERE key LIKE 'enquiry-email:%'").Scan(&hits); err != nil || hits != 1 {
			t.Errorf("hits %d, %v", hits, err)
		}
	})
}

func TestSubmitValidation(t *testing.T) {
	long := strings.Repeat("অ", enquiries.MaxMessage+1)
	png := testkit.PNG(t, testkit.Picture(40, 30))
	tests := []struct {
		name string
		edit func(in *enquiries.NewEnquiry)
		want map[string]fielderr.Code
	}{
		{"empty", func(in *enquiries.NewEnquiry) { *in = enquiries.NewEnquiry{Key: in.Key} },
			map[string]fielderr.Code{"type": "required", "name": "required", "email": "required", "message": "required"}},
		{"unknown type", func(in *enquiries.NewEnquiry) { in.Kind = "complaint" }, map[string]fielderr.Code{"type": "not_allowed"}},
		{"blank name", func(in *enquiries.NewEnquiry) { in.Name = " \t " }, map[string]fielderr.Code{"name": "required"}},
		{"long name", func(in *enquiries.NewEnquiry) { in.Name = strings.Repeat("x", 121) }, map[string]fielderr.Code{"name": "too_long"}},
		{"display name", func(in *enquiries.NewEnquiry) { in.Email = "Anjali <a@example.org>" }, map[string]fielderr.Code{"email": "invalid_email"}},
		{"no domain dot", func(in *enquiries.NewEnquiry) { in.Email = "a@localhost" }, map[string]fielderr.Code{"email": "invalid_email"}},
		{"not an address", func(in *enquiries.NewEnquiry) { in.Email = "anjali at example.org" }, map[string]fielderr.Code{"email": "invalid_email"}},
		{"phone letters", func(in *enquiries.NewEnquiry) { in.Phone = "call me" }, map[string]fielderr.Code{"phone": "invalid_phone"}},
		{"phone short", func(in *enquiries.NewEnquiry) { in.Phone = "12345" }, map[string]fielderr.Code{"phone": "invalid_phone"}},
		{"message short", func(in *enquiries.NewEnquiry) { in.Message = "Help" }, map[string]fielderr.Code{"message": "too_short"}},
		{"message long", func(in *enquiries.NewEnquiry) { in.Message = long }, map[string]fielderr.Code{"message": "too_long"}},
		{"file on general", func(in *enquiries.NewEnquiry) {
			in.Kind = "general"
			in.File = &enquiries.Upload{Name: "a.pdf", Data: pdfBytes()}
		}, map[string]fielderr.Code{"attachment": "file_tips_only"}},
		{"text file", func(in *enquiries.NewEnquiry) {
			in.File = &enquiries.Upload{Name: "photo.jpg", Data: []byte("just some text pretending to be a photo")}
		}, map[string]fielderr.Code{"attachment": "file_type"}},
		{"fake jpeg", func(in *enquiries.NewEnquiry) {
			in.File = &enquiries.Upload{Name: "photo.jpg", Data: append([]byte{0xFF, 0xD8, 0xFF, 0xE0}, bytes.Repeat([]byte("x"), 200)...)}
		}, map[string]fielderr.Code{"attachment": "file_type"}},
		{"truncated png", func(in *enquiries.NewEnquiry) {
			// A whole header with the picture cut off: a viewer could not open it.
			in.File = &enquiries.Upload{Name: "chart.png", Data: png[:len(png)-20]}
		}, map[string]fielderr.Code{"attachment": "file_damaged"}},
		{"html", func(in *enquiries.NewEnquiry) {
			in.File = &enquiries.Upload{Name: "tip.pdf", Data: []byte("<html><script>alert(1)</script></html>")}
		}, map[string]fielderr.Code{"attachment": "file_type"}},
		{"empty file", func(in *enquiries.NewEnquiry) { in.File = &enquiries.Upload{Name: "a.pdf"} }, map[string]fielderr.Code{"attachment": "file_empty"}},
		{"too large", func(in *enquiries.NewEnquiry) {
			in.File = &enquiries.Upload{Name: "a.pdf", Data: append(pdfBytes(), make([]byte, enquiries.MaxAttachmentBytes)...)}
		}, map[string]fielderr.Code{"attachment": "file_too_large"}},
		{"cut short", func(in *enquiries.NewEnquiry) {
			in.File = &enquiries.Upload{Name: "a.pdf", Data: pdfBytes(), TooLarge: true}
		}, map[string]fielderr.Code{"attachment": "file_too_large"}},
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		st, _ := newStore(t, d)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := tip(1)
				tt.edit(&in)
				_, _, err := st.Submit(context.Background(), in, nil)
				verr, ok := fielderr.As(err)
				if !ok {
					t.Fatalf("Submit = %v, want a validation error", err)
				}
				if len(verr.Fields) != len(tt.want) {
					t.Errorf("fields %v, want %v", verr.Fields, tt.want)
				}
				for k, v := range tt.want {
					if verr.Code(k) != v {
						t.Errorf("%s: %q, want %q (all: %v)", k, verr.Code(k), v, verr.Fields)
					}
				}
			})
		}
		if n := count(t, d, "enquiries"); n != 0 {
			t.Errorf("%d enquiries stored from invalid input", n)
		}
		// Assamese digits in a phone number are digits.
		in := tip(2)
		in.Phone = "৯৮৬৪০ ১২৩৪৫"
		if _, _, err := st.Submit(context.Background(), in, nil); err != nil {
			t.Errorf("Assamese phone: %v", err)
		}
	})
}

func TestAttachments(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, _ := newStore(t, d)
		tests := []struct {
			name, file, ctype string
			data              []byte
		}{
			{"jpeg", "flood at Neamatighat.JPG", "image/jpeg", testkit.JPEG(t, testkit.Picture(120, 80))},
			{"png", "chart.png", "image/png", testkit.PNG(t, testkit.Picture(40, 30))},
			{"webp", "screen.webp", "image/webp", testkit.WebP(t, testkit.Picture(50, 40))},
			{"pdf", "নথি.pdf", "application/pdf", pdfBytes()},
		}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				in := tip(i)
				in.File = &enquiries.Upload{Name: tt.file, Data: tt.data}
				e, _, err := st.Submit(ctx, in, nil)
				if err != nil {
					t.Fatal(err)
				}
				a := e.Attachment
				wantName := tt.file
				if a == nil || a.ContentType != tt.ctype || a.Bytes != int64(len(tt.data)) || a.Name != wantName {
					t.Fatalf("attachment %+v", a)
				}
				if strings.Contains(a.Key, "fake") || !regexp.MustCompile(`^[0-9a-f]{32}\.(jpg|png|webp|pdf)$`).MatchString(a.Key) {
					t.Errorf("stored under %q", a.Key)
				}
				got, f, err := st.OpenAttachment(ctx, e.ID)
				if err != nil {
					t.Fatal(err)
				}
				defer f.Close()
				body, _ := io.ReadAll(f)
				if got != *a || !bytes.Equal(body, tt.data) {
					t.Errorf("opened %+v, %d bytes", got, len(body))
				}
				if filepath.Dir(f.Name()) != st.Dir() {
					t.Errorf("file at %s, want under %s", f.Name(), st.Dir())
				}
			})
		}
		e, _, err := st.Submit(ctx, tip(10), nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := st.OpenAttachment(ctx, e.ID); !errors.Is(err, enquiries.ErrNoAttachment) {
			t.Errorf("OpenAttachment without one = %v", err)
		}
		if _, _, err := st.OpenAttachment(ctx, e.ID+100); !errors.Is(err, enquiries.ErrNotFound) {
			t.Errorf("OpenAttachment of nothing = %v", err)
		}
	})
}

func TestRateLimits(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, clk := newStore(t, d)
		st.WithLimits(enquiries.Limits{PerAddress: 3, PerEmail: 2, Window: time.Hour})
		from := func(n int, addr, email string) error {
			in := tip(n)
			in.ClientAddr, in.Email = addr, email
			_, _, err := st.Submit(ctx, in, nil)
			return err
		}
		var rl *enquiries.RateLimitError
		for i := range 2 {
			if err := from(i, "203.0.113.9", "same@example.org"); err != nil {
				t.Fatal(err)
			}
		}
		if err := from(2, "203.0.113.10", "SAME@example.org"); !errors.As(err, &rl) || rl.Scope != "enquiry-email" || rl.RetryAfter != time.Hour {
			t.Fatalf("third from one e-mail = %v", err)
		}
		if err := from(3, "203.0.113.9", "other@example.org"); err != nil {
			t.Fatal(err)
		}
		if err := from(4, "203.0.113.9", "third@example.org"); !errors.As(err, &rl) || rl.Scope != "enquiry-address" {
			t.Fatalf("fourth from one address = %v", err)
		}
		// IPv6 clients are limited by their /64.
		for i := range 3 {
			if err := from(10+i, "2001:db8:1:2::"+string(rune('a'+i)), "v6-"+string(rune('a'+i))+"@example.org"); err != nil {
				t.Fatal(err)
			}
		}
		if err := from(20, "2001:db8:1:2:ffff::1", "v6-z@example.org"); !errors.As(err, &rl) || rl.Scope != "enquiry-address" {
			t.Fatalf("fourth from one /64 = %v", err)
		}
		clk.Advance(30 * time.Minute)
		if err := from(21, "203.0.113.9", "fourth@example.org"); !errors.As(err, &rl) || rl.RetryAfter != 30*time.Minute {
			t.Fatalf("within the window = %v", err)
		}
		clk.Advance(31 * time.Minute)
		if err := from(22, "203.0.113.9", "same@example.org"); err != nil {
			t.Fatalf("after the window: %v", err)
		}

		// Concurrent submissions from one address cannot all slip under the limit.
		var wg sync.WaitGroup
		var mu sync.Mutex
		stored, limited := 0, 0
		for i := range 12 {
			wg.Go(func() {
				err := from(100+i, "198.51.100.7", "burst"+string(rune('a'+i))+"@example.org")
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					stored++
				case errors.As(err, new(*enquiries.RateLimitError)):
					limited++
				default:
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if stored != 3 || limited != 9 {
			t.Errorf("burst from one address: %d stored, %d limited; want 3 and 9", stored, limited)
		}
	})
}

func TestFormTokens(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		st, clk := newStore(t, d)
		token, err := st.NewFormToken(ctx, "127.0.0.1", clk.Now())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.CheckFormToken(ctx, token, "127.0.0.1"); !errors.Is(err, enquiries.ErrFormTooFast) {
			t.Errorf("at once: %v", err)
		}
		clk.Advance(enquiries.MinFillTime)
		key, err := st.CheckFormToken(ctx, token, "127.0.0.1")
		if err != nil || len(key) != 22 {
			t.Fatalf("after the fill time: %q, %v", key, err)
		}
		// Another node on the same database shares the secret.
		other := enquiries.NewStore(d, st.Dir()).WithClock(clk.Now)
		if k, err := other.CheckFormToken(ctx, token, "127.0.0.1"); err != nil || k != key {
			t.Errorf("other node: %q, %v", k, err)
		}
		second, _ := st.NewFormToken(ctx, "127.0.0.1", clk.Now().Add(-time.Minute))
		if k, err := st.CheckFormToken(ctx, second, "127.0.0.1"); err != nil || k == key {
			t.Errorf("second form's key %q (first %q), %v", k, key, err)
		}
		for _, bad := range []string{"", "x", token + "x", strings.Replace(token, ".", ".A", 1), "1." + key + "." + token[strings.LastIndexByte(token, '.')+1:]} {
			if _, err := st.CheckFormToken(ctx, bad, "127.0.0.1"); !errors.Is(err, enquiries.ErrFormInvalid) {
				t.Errorf("CheckFormToken(%q) = %v", bad, err)
			}
		}
		clk.Advance(enquiries.MaxFormAge)
		if k, err := st.CheckFormToken(ctx, token, "127.0.0.1"); !errors.Is(err, enquiries.ErrFormExpired) || k != key {
			t.Errorf("two hours later: %q, %v", k, err)
		}
		// A token shown to one reader is refused from any other address.
		if _, err := st.CheckFormToken(ctx, second, "203.0.113.50"); !errors.Is(err, enquiries.ErrFormInvalid) {
			t.Errorf("token from another address = %v", err)
		}
		// A database made elsewhere signs differently.
		stranger, _ := newStore(t, dbtest.Open(t, d.Dialect))
		if _, err := stranger.CheckFormToken(ctx, second, "127.0.0.1"); !errors.Is(err, enquiries.ErrFormInvalid) {
			t.Errorf("token of another site = %v", err)
		}
	})
}

func TestNormalizeReference(t *testing.T) {
	for in, want := range map[string]string{
		"K7QM-4XPD": "K7QM-4XPD", " k7qm 4xpd ": "K7QM-4XPD", "k7qm4xpd": "K7QM-4XPD",
		"K7QM-4XP": "", "K7QM-4XPO": "", "K7QM-4XPD-2": "", "": "", "ক৭QM-4XPD": "",
	} {
		if got := enquiries.NormalizeReference(in); got != want {
			t.Errorf("NormalizeReference(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestEnquiriesSurviveReopening(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, err := db.Open(ctx, db.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	st := subscribe(d, enquiries.NewStore(d, filepath.Join(dir, "enquiries")))
	in := tip(1)
	in.File = &enquiries.Upload{Name: "a.png", Data: testkit.PNG(t, testkit.Picture(20, 20))}
	e, _, err := st.Submit(ctx, in, nil)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()

	d, err = db.Open(ctx, db.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	st = subscribe(d, enquiries.NewStore(d, filepath.Join(dir, "enquiries")))
	got, f, err := st.OpenAttachment(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if again, err := st.ByKey(ctx, in.Key); err != nil || again.Reference != e.Reference || got.Key != e.Attachment.Key {
		t.Errorf("after reopening: %+v, %v", again, err)
	}
}
