package app

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/batori-news/batori/internal/config"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/locale"
	"github.com/batori-news/batori/internal/people"
	"github.com/batori-news/batori/internal/seed"
	"github.com/batori-news/batori/internal/web"
)

const usage = `Batori: a bilingual news platform.

Usage:
  batori serve [flags]          serve the site (batori serve -h lists the flags)
  batori migrate [flags]        apply pending database migrations
  batori user create [flags]    create a newsroom account (an admin by default)
  batori setup-link [flags]     print a one-time link to create the first admin (24 hours)
  batori seed --articles N      add N synthetic stories, for load tests and benchmarks
  batori backup [flags] DEST    write a verified copy of the database and files into DEST
  batori restore [flags] SRC    restore a backup into an empty data folder (and database)
  batori privacy export|erase --email ADDRESS   a reader's data: print it as JSON, or erase it
  batori config [flags]         print the configuration, secrets masked
  batori import wordpress EXPORT.xml [--uploads DIR] [--language en|as] [--dry-run]
                                import a WordPress export (WXR); old addresses redirect
  batori export ARCHIVE [flags] write the whole site (database and files) to one archive
  batori import batori ARCHIVE [flags]
                                read an archive into an empty site
  batori version                print the version

Every flag defaults from a BATORI_* environment variable, e.g. --data from BATORI_DATA.
`

// errUsage is returned when the command line is wrong; the usage text has been printed.
var errUsage = errors.New("see usage above")

// Main runs the command named by args[0]; main() only maps its error to an exit code. Asking
// a command for help (-h) prints its flags and is no error.
func Main(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	err := run(ctx, args, getenv, stdin, stdout, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	return err
}

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, rest, getenv, stderr)
	case "migrate":
		return migrate(ctx, rest, getenv, stdout, stderr)
	case "user":
		if len(rest) == 0 || rest[0] != "create" {
			fmt.Fprint(stderr, usage)
			return errUsage
		}
		return createUser(ctx, rest[1:], getenv, stdin, stdout, stderr)
	case "backup":
		return backupCommand(ctx, rest, getenv, stdout, stderr)
	case "restore":
		return restoreCommand(ctx, rest, getenv, stdout, stderr)
	case "privacy":
		return privacyCommand(ctx, rest, getenv, stdout, stderr)
	case "setup-link":
		return setupLink(ctx, rest, getenv, stdout, stderr)
	case "seed":
		return seedCommand(ctx, rest, getenv, stdout, stderr)
	case "import":
		return importCommand(ctx, rest, getenv, stdout, stderr)
	case "export":
		return exportCommand(ctx, rest, getenv, stdout, stderr)
	case "config":
		cfg, err := config.Parse("config", rest, getenv, stderr)
		if err != nil {
			return err
		}
		fmt.Fprint(stdout, cfg.String())
		return nil
	case "version":
		fmt.Fprintln(stdout, "batori", Version())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

// stamped is the version the Makefile's build writes in with
// -ldflags "-X github.com/batori-news/batori/internal/app.stamped=..." (git describe); it is
// set at link time and never changed, empty in a plain go build.
var stamped string

// Version says what the binary was built from: the stamped (or module) version, the commit
// and its time from the build info, and the Go release, e.g.
// "v1.4.0 (commit 0fb34ef1a2b3, 2026-12-06T23:50:00Z, go1.26.8)".
func Version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return versionString(stamped, nil, "")
	}
	return versionString(stamped, info.Settings, info.Main.Version, info.GoVersion)
}

func versionString(stamp string, settings []debug.BuildSetting, module string, goVersion ...string) string {
	rev, at, dirty := "", "", false
	for _, s := range settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	v := stamp
	if v == "" && module != "(devel)" {
		v = module
	}
	if v == "" {
		v = "unknown version"
	}
	var parts []string
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if dirty {
			rev += "-dirty"
		}
		parts = append(parts, "commit "+rev)
	}
	if at != "" {
		parts = append(parts, at)
	}
	parts = append(parts, goVersion...)
	if len(parts) == 0 {
		return v
	}
	return v + " (" + strings.Join(parts, ", ") + ")"
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

func serve(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	cfg, err := config.Parse("serve", args, getenv, stderr)
	if err != nil {
		return err
	}
	// Lines are written in batches (at most 50 ms late) so that logging a busy site's requests
	// costs a few writes a second, not one per request.
	lw := web.NewLogWriter(stderr)
	defer lw.Close()
	log := newLogger(cfg, lw)
	a, err := New(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	return a.Serve(ctx)
}

func migrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := config.ParseStorage("migrate", args, getenv, stderr)
	if err != nil {
		return err
	}
	a, err := Open(ctx, cfg, newLogger(cfg, stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	applied, err := a.DB.Migrate(ctx)
	if err != nil {
		return err
	}
	if len(applied) == 0 {
		fmt.Fprintf(stdout, "database is current (version %d)\n", a.DB.LatestVersion())
		return nil
	}
	fmt.Fprintf(stdout, "applied migrations %v; database is at version %d\n", applied, a.DB.LatestVersion())
	return nil
}

func createUser(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	var cfg config.Config
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	fs.SetOutput(stderr)
	config.Usage(fs, "user create")
	cfg.StorageFlags(fs, getenv)
	email := fs.String("email", "", "account e-mail (required)")
	name := fs.String("name", "", "display name (required)")
	role := fs.String("role", string(people.Admin), "reporter, translator, editor or admin")
	passwordStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	if *email == "" || *name == "" {
		return errors.New("user create needs --email and --name")
	}
	r, ok := people.ParseRole(*role)
	if !ok {
		return fmt.Errorf("unknown role %q (reporter, translator, editor, admin)", *role)
	}
	if !*passwordStdin {
		return errors.New("give the password on standard input with --password-stdin (never on the command line, where other users can see it)")
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("read password: %w", err)
	}
	password := strings.TrimRight(line, "\r\n")
	a, err := Open(ctx, cfg, newLogger(cfg, stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.DB.CheckSchema(ctx); err != nil {
		return err
	}
	u, err := a.People.Create(ctx, people.NewUser{Email: *email, Name: *name, Password: password, Role: r})
	if msgs := fielderr.Messages(locale.New(locale.English, nil, locale.LatinDigits), err); msgs != nil {
		// Say what to fix in words, as the set-up page would.
		parts := make([]string, 0, len(msgs))
		for _, field := range slices.Sorted(maps.Keys(msgs)) {
			parts = append(parts, field+": "+msgs[field])
		}
		return errors.New(strings.Join(parts, "; "))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created %s account %d for %s\n", u.Role, u.ID, u.Email)
	return nil
}

// setupLink prints a fresh one-time link for creating the first admin from a browser: run on
// the server, by whoever can read its configuration and database.
func setupLink(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := config.Parse("setup-link", args, getenv, stderr)
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
	token, expires, err := a.People.NewSetupToken(ctx)
	if errors.Is(err, people.ErrSetupDone) {
		return errors.New("this site already has an admin; add accounts with `batori user create` or in the newsroom")
	}
	if err != nil {
		return err
	}
	base := a.resolveOrigin(ctx, cfg.Addr, false)
	if base == "" {
		base = publicURL("", cfg.Addr)
	}
	fmt.Fprintf(stdout, "%s/newsroom/setup?token=%s\n(works once, until %s)\n", base, token, expires.Format(time.RFC3339))
	return nil
}

// seedCommand adds a synthetic newspaper of --articles stories to the site, for load tests
// and `make bench`; --migrate makes the schema first.
func seedCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	var cfg config.Config
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.Flags(fs, getenv)
	articles := fs.Int("articles", 1000, "number of synthetic stories to add")
	rnd := fs.Uint64("seed", 1, "random seed: the same seed makes the same stories")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	if *articles <= 0 {
		return fmt.Errorf("--articles must be a positive number, not %d", *articles)
	}
	a, err := Open(ctx, cfg, newLogger(cfg, stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	if cfg.Migrate {
		if _, err := a.DB.Migrate(ctx); err != nil {
			return err
		}
	}
	if err := a.DB.CheckSchema(ctx); err != nil {
		return err
	}
	start := time.Now()
	res, err := seed.Run(ctx, seed.Stores{News: a.News, Comments: a.Comments, Media: a.Media}, seed.Options{Articles: *articles, Seed: *rnd})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "added %d stories (%d editions, %d comments) in %s\n", res.Stories, res.Editions, res.Comments,
		time.Since(start).Round(time.Millisecond))
	return nil
}
