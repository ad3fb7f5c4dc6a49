package app_test

import (
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/app"
	"github.com/batori-news/batori/internal/testkit"
)

// TestSIGKILLDuringBurst builds batori, serves a demo site with it, and kills the process
// with SIGKILL in the middle of a burst of enquiries (a tenth with photos) and comments from
// readers at their own addresses. After a restart every acknowledged write is there exactly
// once, SQLite's integrity check passes, and once the files are an hour old the janitor
// leaves no file that no row refers to.
func TestSIGKILLDuringBurst(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills a real server")
	}
	bin := filepath.Join(t.TempDir(), "batori")
	build := exec.Command("go", "build", "-o", bin, "github.com/batori-news/batori/cmd/batori")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	for name, mk := range configs(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			cfg := mk(t)
			cfg.Migrate = true
			// The test's own handle on the same site, for form tokens and for counting rows.
			a, err := app.New(ctx, cfg, quiet)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			story := seedStory(ctx, t, a)
			start := func() (*exec.Cmd, string) {
				t.Helper()
				ln := testkit.Listen(t)
				addr := ln.Addr().String()
				ln.Close()
				args := []string{"serve", "--addr", addr, "--data", cfg.DataDir, "--max-body-bytes", "10485760"}
				if cfg.DatabaseURL != "" {
					args = append(args, "--database-url", cfg.DatabaseURL)
				}
				cmd := exec.Command(bin, args...)
				cmd.Env = append(os.Environ(), "BATORI_LOG_FORMAT=text")
				cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
				base := "http://" + addr
				deadline := time.Now().Add(60 * time.Second)
				for {
					resp, err := http.Get(base + "/readyz")
					if err == nil {
						resp.Body.Close()
						if resp.StatusCode == 200 {
							return cmd, base
						}
					}
					if time.Now().After(deadline) {
						t.Fatalf("batori serve did not become ready: %v", err)
					}
					time.Sleep(100 * time.Millisecond)
				}
			}
			cmd, base := start()

			const n = 400
			form := fetchCommentForm(t, base, story)
			tokens := make([]string, n)
			for i := range tokens {
				if tokens[i], err = a.Enquiries.NewFormToken(ctx, readerAddr(i), time.Now().Add(-time.Minute)); err != nil {
					t.Fatal(err)
				}
			}
			if wait := time.Until(form.issued.Add(commentFillTime)); wait > 0 {
				time.Sleep(wait)
			}
			var mu sync.Mutex
			ackedEnquiries := map[string]bool{}
			ackedComments := map[string]bool{}
			var answered, enqOK, comOK atomic.Int64
			var wg sync.WaitGroup
			gate := make(chan struct{})
			for i := range n {
				client := reader(i)
				wg.Go(func() {
					<-gate
					var req *http.Request
					if i%2 == 0 {
						req = submission(t, base, tokens[i], i)
					} else {
						req = form.post(t, base, i)
					}
					ans := send(client, req)
					answered.Add(1)
					if ans.err != nil || ans.status != http.StatusSeeOther {
						return // cut off by the kill, or refused: not acknowledged
					}
					mu.Lock()
					if i%2 == 0 {
						enqOK.Add(1)
						ackedEnquiries[formKey(tokens[i])] = true
					} else {
						comOK.Add(1)
						ackedComments[burstMarker(i)] = true
					}
					mu.Unlock()
				})
			}
			close(gate)
			// The kill comes once some of each kind were acknowledged, with most still to come.
			for (enqOK.Load() < 10 || comOK.Load() < 10) && answered.Load() < n {
				time.Sleep(time.Millisecond)
			}
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
			wg.Wait()
			t.Logf("%s: killed after %d answers; %d enquiries and %d comments acknowledged", name, answered.Load(), len(ackedEnquiries), len(ackedComments))

			// An hour passes (for the files' ages), then the server starts again.
			old := time.Now().Add(-2 * time.Hour)
			for _, dir := range []string{a.Enquiries.Dir(), filepath.Join(cfg.DataDir, "media")} {
				entries, _ := os.ReadDir(dir)
				for _, e := range entries {
					os.Chtimes(filepath.Join(dir, e.Name()), old, old)
				}
			}
			_, base = start()
			if resp, err := http.Get(base + "/readyz"); err != nil || resp.StatusCode != 200 {
				t.Fatalf("restarted server not ready: %v", err)
			}

			found := map[string]int{}
			rows, err := a.DB.Query(ctx, "SELECT idem_key, attachment_key FROM enquiries")
			if err != nil {
				t.Fatal(err)
			}
			referenced := map[string]bool{}
			for rows.Next() {
				var k, f string
				rows.Scan(&k, &f)
				found[k]++
				if f != "" {
					referenced[f] = true
				}
			}
			rows.Close()
			lost, twice := 0, 0
			for k := range ackedEnquiries {
				switch found[k] {
				case 0:
					lost++
				case 1:
				default:
					twice++
				}
			}
			bodies := map[string]int{}
			crows, err := a.DB.Query(ctx, "SELECT body FROM comments WHERE story_id = ?", story.StoryID)
			if err != nil {
				t.Fatal(err)
			}
			for crows.Next() {
				var b string
				crows.Scan(&b)
				if m := commentMarker.FindString(b); m != "" {
					bodies[m]++
				}
			}
			crows.Close()
			for m := range ackedComments {
				switch bodies[m] {
				case 0:
					lost++
				case 1:
				default:
					twice++
				}
			}
			if lost > 0 || twice > 0 {
				t.Errorf("%d acknowledged writes lost, %d stored twice", lost, twice)
			}
			t.Logf("%s: found %d enquiries (%d acknowledged) and %d burst comments (%d acknowledged) after the restart",
				name, len(found), len(ackedEnquiries), len(bodies), len(ackedComments))
			if cfg.DatabaseURL == "" {
				var check string
				if err := a.DB.QueryRow(ctx, "PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
					t.Errorf("integrity check: %q %v", check, err)
				}
			}
			// The janitor ran at start: no temporary file, no attachment without its row.
			waitJanitor := time.Now().Add(30 * time.Second)
			for {
				var stray []string
				entries, _ := os.ReadDir(a.Enquiries.Dir())
				for _, e := range entries {
					if strings.HasPrefix(e.Name(), ".") || !referenced[e.Name()] {
						stray = append(stray, e.Name())
					}
				}
				if len(stray) == 0 {
					break
				}
				if time.Now().After(waitJanitor) {
					t.Errorf("files left after the janitor: %v", stray)
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			for k := range referenced {
				if _, err := os.Stat(filepath.Join(a.Enquiries.Dir(), k)); err != nil {
					t.Errorf("attachment %s of a stored enquiry is missing: %v", k, err)
				}
			}
		})
	}
}
