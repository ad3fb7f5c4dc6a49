// Command benchserve is the bare net/http baseline of `make bench`: it answers every request
// with one file's bytes, or with the file's .gz neighbour to clients accepting gzip, and
// nothing else. With -headers it also sends the header lines of a saved response (as
// `curl -D` writes them), so that the cost of writing the same headers can be told apart from
// the cost of the server that chose them.
package main

import (
	"bufio"
	"flag"
	"log"
	"net/http"
	"os"
	"strconv"
	"strings"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8090", "listen address")
	file := flag.String("file", "article.html", "the page to serve; file.gz is its gzip form")
	headers := flag.String("headers", "", "a saved response's header lines to send too (the status line, Date, Content-Length and Content-Encoding are left out)")
	flag.Parse()
	plain, err := os.ReadFile(*file)
	if err != nil {
		log.Fatal(err)
	}
	gz, err := os.ReadFile(*file + ".gz")
	if err != nil {
		log.Fatal(err)
	}
	extra := http.Header{}
	if *headers != "" {
		if extra, err = readHeaders(*headers); err != nil {
			log.Fatal(err)
		}
	}
	plainLen, gzLen := strconv.Itoa(len(plain)), strconv.Itoa(len(gz))
	log.Fatal(http.ListenAndServe(*addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		for name, values := range extra {
			h[name] = values
		}
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Vary", "Accept-Encoding")
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			h.Set("Content-Encoding", "gzip")
			h.Set("Content-Length", gzLen)
			w.Write(gz)
			return
		}
		h.Set("Content-Length", plainLen)
		w.Write(plain)
	})))
}

// readHeaders reads the header lines of a response saved by `curl -D`.
func readHeaders(path string) (http.Header, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := http.Header{}
	s := bufio.NewScanner(f)
	for s.Scan() {
		name, value, ok := strings.Cut(strings.TrimRight(s.Text(), "\r"), ":")
		if !ok || strings.HasPrefix(name, "HTTP/") {
			continue
		}
		switch name = http.CanonicalHeaderKey(strings.TrimSpace(name)); name {
		case "Date", "Content-Length", "Content-Encoding":
			continue
		}
		h.Add(name, strings.TrimSpace(value))
	}
	return h, s.Err()
}
