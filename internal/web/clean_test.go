package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/web"
)

func TestCleanInput(t *testing.T) {
	var reached int
	h := web.Chain(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reached++
		if err := r.ParseMultipartForm(1 << 20); err == nil {
			if err := web.CleanForm(r); err != nil {
				pages.Render(w, r, err)
				return
			}
		}
		w.Write([]byte("ok"))
	}), web.CleanInput(pages.Render))
	multi := func(field, value, filename string) (string, string) {
		var b bytes.Buffer
		mw := multipart.NewWriter(&b)
		if filename != "" {
			fw, _ := mw.CreateFormFile(field, filename)
			fw.Write([]byte(value))
		} else {
			mw.WriteField(field, value)
		}
		mw.Close()
		return mw.FormDataContentType(), b.String()
	}
	mct, mbody := multi("name", "a\x00b", "")
	fct, fbody := multi("file", "data", "pic\xff.jpg")
	okct, okbody := multi("name", "অসম", "")
	for _, c := range []struct {
		method, url, ct, body string
		want                  int
	}{
		{"GET", "/ok/%E0%A6%85?q=%E0%A6%85", "", "", 200},
		{"GET", "/bad/%ff", "", "", 404},
		{"GET", "/bad/%00", "", "", 404},
		{"GET", "/?q=%c0%af", "", "", 400},
		{"GET", "/?%00=1", "", "", 400},
		{"GET", "/?q=%zz", "", "", 200}, // a pair the handler never sees
		{"POST", "/", "application/x-www-form-urlencoded", "a=%E0%A6%85", 200},
		{"POST", "/", "application/x-www-form-urlencoded", "a=%ff", 400},
		{"POST", "/", "application/json", `{"a":"\\u0000 is text"}`, 200},
		{"POST", "/", "application/json", `{"a":"x\u0000"}`, 400},
		{"POST", "/", "application/json; charset=utf-8", "{\"a\":\"\xff\"}", 400},
		{"POST", "/", mct, mbody, 400},
		{"POST", "/", fct, fbody, 400},
		{"POST", "/", okct, okbody, 200},
	} {
		req := httptest.NewRequest(c.method, "http://x"+c.url, strings.NewReader(c.body))
		if c.ct != "" {
			req.Header.Set("Content-Type", c.ct)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != c.want {
			t.Errorf("%s %s %.40q = %d, want %d", c.method, c.url, c.body, rec.Code, c.want)
		}
	}
}
