package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/config"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/wpimport"
)

// importCommand runs `batori import wordpress EXPORT.xml [--uploads DIR] [--language en|as]
// [--dry-run]`.
func importCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "batori" {
		return importArchive(ctx, args[1:], getenv, stdout, stderr)
	}
	if len(args) == 0 || args[0] != "wordpress" {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	var cfg config.Config
	fs := newFlagSet("import wordpress", stderr)
	cfg.Flags(fs, getenv)
	uploads := fs.String("uploads", "", "local copy of the old site's wp-content/uploads folder (pictures)")
	lang := fs.String("language", "en", "language of posts that name none and are not mostly in Bengali script: en or as")
	dry := fs.Bool("dry-run", false, "read and convert everything, report, and write nothing")
	// Flags may come before or after the file.
	var files []string
	rest := args[1:]
	for {
		if err := fs.Parse(rest); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(files) != 1 {
		return errors.New("import wordpress needs one export file: batori import wordpress EXPORT.xml [--uploads DIR] [--language en|as] [--dry-run]")
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	language, ok := locale.ParseLang(*lang)
	if !ok {
		return fmt.Errorf("--language must be en or as, not %q", *lang)
	}
	if *uploads != "" {
		if st, err := os.Stat(*uploads); err != nil || !st.IsDir() {
			return fmt.Errorf("--uploads %s is not a folder", *uploads)
		}
	}
	info, err := os.Stat(files[0])
	if err != nil {
		return err
	}
	a, err := Open(ctx, cfg, newLogger(cfg, stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.DB.CheckSchema(ctx); err != nil {
		return err
	}
	opt := wpimport.Options{Uploads: *uploads, Language: language, DryRun: *dry}
	if isTerminal(stderr) {
		opt.Progress = progressBar(stderr, info.Size())
	}
	start := time.Now()
	sum, err := wpimport.Run(ctx, wpimport.Stores{DB: a.DB, News: a.News, Pages: a.StaticPages, People: a.People, Media: a.Media, Redirects: a.Redirects},
		func() (io.ReadCloser, error) { return os.Open(files[0]) }, opt)
	if opt.Progress != nil {
		fmt.Fprintln(stderr)
	}
	if sum != nil {
		printSummary(stdout, sum, *dry, time.Since(start))
	}
	if err != nil {
		return err
	}
	if sum.Stopped != nil {
		return fmt.Errorf("the export could not be read to its end (%v): everything before it was imported; fix the file and run the import again to go on", sum.Stopped)
	}
	return nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progressBar draws "pass 1/2 [#####.....] 52%  1234 items" on one terminal line.
func progressBar(w io.Writer, size int64) func(pass int, read int64, items int) {
	return func(pass int, read int64, items int) {
		frac := 0.0
		if size > 0 {
			frac = float64(read) / float64(size)
		}
		frac = min(frac, 1)
		n := int(frac * 30)
		what := "pictures"
		if pass == 2 {
			what = "posts   "
		}
		fmt.Fprintf(w, "\r%s [%s%s] %3d%%  %d items", what, strings.Repeat("#", n), strings.Repeat(".", 30-n), int(frac*100), items)
	}
}

func printSummary(w io.Writer, sum *wpimport.Summary, dry bool, took time.Duration) {
	if dry {
		fmt.Fprintln(w, "Dry run: nothing was written. The import would bring in:")
	} else {
		fmt.Fprintf(w, "Imported in %s:\n", took.Round(time.Millisecond))
	}
	kinds := make([]string, 0, len(sum.Counts))
	for k := range sum.Counts {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		fmt.Fprintf(w, "  %-18s %d\n", k, sum.Counts[k])
	}
	if n := sum.Counts["posts"]; n > 0 && !dry {
		fmt.Fprintf(w, "  %-18s %.0f\n", "posts per second", float64(n)/took.Seconds())
	}
	if len(sum.Warnings) > 0 {
		fmt.Fprintf(w, "Warnings (%d):\n", len(sum.Warnings))
		for _, s := range sum.Warnings {
			fmt.Fprintln(w, "  "+s)
		}
	}
	if len(sum.Skipped) > 0 {
		fmt.Fprintf(w, "Skipped (%d):\n", len(sum.Skipped))
		for _, s := range sum.Skipped {
			fmt.Fprintln(w, "  "+s)
		}
	}
	if sum.Stopped != nil {
		fmt.Fprintf(w, "Stopped: %v\n", sum.Stopped)
	}
}

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}
