package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/batori-news/batori/internal/archive"
	"github.com/batori-news/batori/internal/config"
	"github.com/batori-news/batori/internal/people"
)

// exportCommand runs `batori export ARCHIVE`: the whole site in one file, consistent while
// the site serves.
func exportCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, files, err := parseWithFile("export", args, getenv, stderr)
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
	tmp := files + ".part"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	m, err := archive.Export(ctx, a.DB, a.files.byFolder(), f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, files)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	rows := 0
	for _, e := range m.Entries {
		rows += e.Rows
	}
	// An archive holds every account's password hash: admins see in the security log (and
	// the server log) that one was made.
	detail := fmt.Sprintf("%s: %d rows, password hashes included", filepath.Base(files), rows)
	if err := a.People.LogSecurity(ctx, people.SecurityEntry{Kind: people.SecExport, Detail: detail}); err != nil {
		return fmt.Errorf("the archive %s was written, but the security log could not note it: %w", files, err)
	}
	fmt.Fprintf(stdout, "wrote %s: %d entries, %d rows (schema version %d)\n%s\n", files, len(m.Entries), rows, m.SchemaVersion, m.Notice)
	return nil
}

// importArchive runs `batori import batori ARCHIVE` into an empty site.
func importArchive(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, file, err := parseWithFile("import batori", args, getenv, stderr)
	if err != nil {
		return err
	}
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
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
	m, err := archive.Import(ctx, a.DB, a.files.byFolder(), f, info.Size())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "imported %s (made %s on %s, %d entries)\n", file, m.CreatedAt.Format("2006-01-02 15:04"), m.Dialect, len(m.Entries))
	return nil
}

// parseWithFile parses the flags of a command taking one file, which may come before or
// after them.
func parseWithFile(name string, args []string, getenv func(string) string, stderr io.Writer) (config.Config, string, error) {
	var cfg config.Config
	fs := newFlagSet(name, stderr)
	cfg.Flags(fs, getenv)
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return cfg, "", err
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if len(files) != 1 {
		return cfg, "", errors.New(name + " needs one archive file")
	}
	return cfg, files[0], cfg.Validate()
}
