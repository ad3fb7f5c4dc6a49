// Command wxrgen writes a generated WordPress export (WXR 1.2) for trying and timing
// `batori import wordpress`: go run ./scripts/wxrgen -groups 10000 -out big.xml writes
// 100,000 posts. Not part of the binary.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/batori-news/batori/internal/wpimport/wxrgen"
)

func main() {
	groups := flag.Int("groups", 1000, "groups of ten posts")
	out := flag.String("out", "export.xml", "file to write")
	uploads := flag.String("uploads", "", "folder for the pictures (with -pictures)")
	pictures := flag.Bool("pictures", false, "add three pictures per group")
	flag.Parse()
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	err = wxrgen.Write(f, wxrgen.Options{Groups: *groups, Pictures: *pictures, Uploads: *uploads, Polylang: true})
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
