// Command benchserve is the bare net/http baseline of `make bench`: it answers every request
// with one file's bytes, or with the file's .gz neighbour to clients accepting gzip, and
// nothing else.
package main

import (
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
	flag.Parse()
	plain, err := os.ReadFile(*file)
	if err != nil {
		log.Fatal(err)
	}
	gz, err := os.ReadFile(*file + ".gz")
	if err != nil {
		log.Fatal(err)
	}
	plainLen, gzLen := strconv.Itoa(len(plain)), strconv.Itoa(len(gz))
	log.Fatal(http.ListenAndServe(*addr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
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
