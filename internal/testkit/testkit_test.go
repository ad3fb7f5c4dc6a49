package testkit_test

import (
	"bytes"
	"context"
	"errors"
	"image/color"
	"image/jpeg"
	"image/png"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/smtp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/testkit"
)

func TestClock(t *testing.T) {
	start := time.Date(2025, time.March, 3, 10, 0, 0, 0, time.UTC)
	c := testkit.NewClock(start)
	if got := c.Now(); !got.Equal(start) {
		t.Fatalf("Now = %v, want %v", got, start)
	}
	if got := c.Advance(time.Hour); !got.Equal(start.Add(time.Hour)) || !c.Now().Equal(got) {
		t.Fatalf("Advance = %v, Now = %v", got, c.Now())
	}
	c.Set(start)
	if !c.Now().Equal(start) {
		t.Fatalf("after Set, Now = %v", c.Now())
	}

	r := testkit.RunningClock()
	r.Advance(time.Hour)
	if d := time.Until(r.Now()); d < 59*time.Minute || d > 61*time.Minute {
		t.Fatalf("a running clock advanced by an hour is %v ahead", d)
	}
}

// pages is a template set that rendered all but never.
type pages []string

func (p pages) NeverRendered() []string { return slices.Clone(p) }

func TestRenderCheckNever(t *testing.T) {
	var c testkit.RenderCheck
	if got := c.Never(); len(got) != 0 {
		t.Fatalf("no sets: Never = %v", got)
	}
	c.Track(pages{"login", "users", "verify"})
	c.Track(pages{"users", "verify", "setup"})
	c.Track(pages{"verify", "users"})
	if got := c.Never(); !slices.Equal(got, []string{"users", "verify"}) {
		t.Fatalf("Never = %v, want the pages no set rendered: [users verify]", got)
	}
}

func TestSMTPServerAwait(t *testing.T) {
	s := testkit.StartSMTP(t)
	msg := "From: =?utf-8?q?Batori_Desk?= <desk@batori.test>\r\n" +
		"To: reader@example.org\r\n" +
		"Subject: " + mime.BEncoding.Encode("utf-8", "আপোনাৰ মতামত") + " received\r\n" +
		"MIME-Version: 1.0\r\n" +
		"Content-Type: multipart/alternative; boundary=b1\r\n\r\n" +
		"--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
		"Read it at https://batori.test/news/12/flood=\r\n-relief today.\r\n" +
		"--b1\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Read it</p>\r\n" +
		"--b1--\r\n"
	addr := net.JoinHostPort(s.Host, strconv.Itoa(s.Port))
	if err := smtp.SendMail(addr, nil, "desk@batori.test", []string{"reader@example.org"}, []byte(msg)); err != nil {
		t.Fatal(err)
	}
	m := s.Await(t, time.Now().Add(10*time.Second), "reader@example.org", "received")
	if m.Subject != "আপোনাৰ মতামত received" || m.From != "Batori Desk <desk@batori.test>" {
		t.Errorf("headers decoded as subject %q from %q", m.Subject, m.From)
	}
	if got := m.Link(t, "/news/"); got != "https://batori.test/news/12/flood-relief" {
		t.Errorf("Link = %q, want the quoted-printable URL joined", got)
	}
	if m.HTML != "<p>Read it</p>" || len(m.Other) != 0 {
		t.Errorf("HTML %q, other parts %v", m.HTML, m.Other)
	}
	if err := smtp.SendMail(addr, nil, "desk@batori.test", []string{"nobody@example.org"}, []byte(msg)); err == nil {
		t.Error("a mail to nobody@ was accepted")
	}
	if n := len(s.Received()); n != 1 {
		t.Errorf("%d mails received, want 1", n)
	}
}

func TestServeStopsAtTheEnd(t *testing.T) {
	stopped := make(chan struct{})
	t.Run("serve", func(t *testing.T) {
		base := testkit.Serve(context.Background(), t, func(ctx context.Context, ln net.Listener) error {
			srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("ok")) })}
			defer close(stopped)
			go func() {
				<-ctx.Done()
				srv.Close()
			}()
			if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			return nil
		})
		if !strings.HasPrefix(base, "http://127.0.0.1:") {
			t.Fatalf("base URL %q", base)
		}
		resp, err := http.Get(base)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	})
	select {
	case <-stopped:
	default:
		t.Fatal("the server still runs after its test ended")
	}
}

func TestPictures(t *testing.T) {
	img, err := jpeg.Decode(bytes.NewReader(testkit.JPEG(t, testkit.Picture(40, 20))))
	if err != nil || img.Bounds().Dx() != 40 || img.Bounds().Dy() != 20 {
		t.Fatalf("JPEG decodes as %v, %v", img.Bounds(), err)
	}
	if r, g, b, _ := img.At(2, 2).RGBA(); r>>8 < 200 || g>>8 > 60 || b>>8 > 60 {
		t.Errorf("top-left pixel (%d,%d,%d) is not the red marker", r>>8, g>>8, b>>8)
	}
	a := testkit.PNG(t, testkit.Solid(4, 3, colorOf(1)))
	b := testkit.PNG(t, testkit.Solid(4, 3, colorOf(2)))
	if bytes.Equal(a, b) {
		t.Error("solid pictures of different colours encode alike")
	}
	if _, err := png.Decode(bytes.NewReader(a)); err != nil {
		t.Error(err)
	}
}

func colorOf(n uint8) color.Color { return color.RGBA{n, 30, 90, 255} }

func TestLogBuffer(t *testing.T) {
	var l testkit.LogBuffer
	log := l.Logger(slog.LevelWarn)
	log.Info("quiet")
	log.Warn("loud", "n", 1)
	if got := l.String(); strings.Contains(got, "quiet") || !strings.Contains(got, "msg=loud n=1") || l.Len() != len(got) {
		t.Errorf("log holds %q", got)
	}
}
