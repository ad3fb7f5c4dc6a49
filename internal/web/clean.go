package web

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// CleanInput refuses requests carrying bytes that are not text before any handler (and so
// any query) sees them: a path that is not UTF-8 or holds NUL is an address that does not
// exist (404); such a query string, or a form or JSON body holding them, is a bad request
// (400). PostgreSQL would refuse those bytes with an error and SQLite would store them; both
// databases now see the same thing, nothing. Multipart forms are read by their handlers,
// which check them with CleanForm.
func CleanInput(fail RenderError) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !Text(r.URL.Path) {
				fail(w, r, ErrNotFound)
				return
			}
			if r.URL.RawQuery != "" && !cleanQuery(r.URL.RawQuery) {
				fail(w, r, ErrInvalidText)
				return
			}
			if r.Body != nil && r.Body != http.NoBody && (r.Method == http.MethodPost || r.Method == http.MethodPut || r.Method == http.MethodPatch) {
				ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
				form := ct == "application/x-www-form-urlencoded"
				if form || ct == "application/json" || strings.HasSuffix(ct, "+json") {
					// Read and put back, so that handlers parse the body under their own
					// limits as if nobody had looked.
					body, err := io.ReadAll(r.Body)
					r.Body.Close()
					if err != nil {
						fail(w, r, bodyError(err))
						return
					}
					if form && !cleanQuery(string(body)) || !form && !cleanJSON(body) {
						fail(w, r, ErrInvalidText)
						return
					}
					r.Body = io.NopCloser(bytes.NewReader(body))
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

func bodyError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return err
	}
	return ErrBadRequest
}

// Text reports whether s is UTF-8 text without NUL: what both databases store alike.
func Text(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}

// CleanValues reports whether every key and value of a form is Text.
func CleanValues(v url.Values) bool {
	for k, vs := range v {
		if !Text(k) {
			return false
		}
		for _, s := range vs {
			if !Text(s) {
				return false
			}
		}
	}
	return true
}

// CleanForm checks a parsed form, multipart included (field values and file names), and
// returns ErrInvalidText when any of it is not Text.
func CleanForm(r *http.Request) error {
	if !CleanValues(r.Form) || !CleanValues(r.PostForm) {
		return ErrInvalidText
	}
	if r.MultipartForm != nil {
		if !CleanValues(r.MultipartForm.Value) {
			return ErrInvalidText
		}
		for k, fs := range r.MultipartForm.File {
			if !Text(k) {
				return ErrInvalidText
			}
			for _, f := range fs {
				if !Text(f.Filename) {
					return ErrInvalidText
				}
			}
		}
	}
	return nil
}

// cleanQuery checks every key and value of a raw query string, as handlers will decode them.
func cleanQuery(raw string) bool {
	for raw != "" {
		var part string
		part, raw, _ = strings.Cut(raw, "&")
		k, v, _ := strings.Cut(part, "=")
		for _, s := range [2]string{k, v} {
			d, err := url.QueryUnescape(s)
			if err != nil {
				// url.ParseQuery skips a malformed pair; handlers never see it.
				break
			}
			if !Text(d) {
				return false
			}
		}
	}
	return true
}

// cleanJSON reports whether a JSON body is UTF-8 and escapes no NUL ("\u0000"), which
// encoding/json would otherwise hand on to the database.
func cleanJSON(b []byte) bool {
	if !utf8.Valid(b) || bytes.IndexByte(b, 0) >= 0 {
		return false
	}
	for i := 0; i+5 < len(b); i++ {
		if b[i] != '\\' {
			continue
		}
		if b[i+1] == 'u' && string(b[i+2:i+6]) == "0000" {
			return false
		}
		i++ // an escaped character, "\\" included, is never the start of another escape
	}
	return true
}
