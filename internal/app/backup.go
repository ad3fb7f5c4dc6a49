package app

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/batori-news/batori/internal/backup"
	"github.com/batori-news/batori/internal/config"
)

// Backup writes a verified copy of the site (database and files) into dest while it serves.
func (a *App) Backup(ctx context.Context, dest string) (backup.Manifest, error) {
	return backup.Make(ctx, backup.Source{DB: a.DB, DatabaseURL: a.cfg.DatabaseURL, DataDir: a.cfg.DataDir}, dest)
}

// scheduledBackup is the periodic task of --backup-dir: a backup named for the time, then
// the oldest beyond the number to keep (the admins' setting, else --backup-keep) removed.
func (a *App) scheduledBackup(ctx context.Context) error {
	dest := filepath.Join(a.cfg.BackupDir, backup.Name(time.Now()))
	start := time.Now()
	m, err := a.Backup(ctx, dest)
	if err != nil {
		os.RemoveAll(dest) // an unverified copy is no backup
		return fmt.Errorf("backup into %s: %w", dest, err)
	}
	a.log.Info("backup made", "dir", dest, "bytes", m.Bytes(), "files", len(m.Files), "took", time.Since(start).Round(time.Millisecond))
	// How many to keep is the admins' setting (Readers' data), --backup-keep until saved.
	keep := a.cfg.BackupKeep
	if st, err := a.Privacy.Settings(ctx, a.cfg.BackupKeep); err == nil {
		keep = st.BackupKeep
	}
	removed, err := backup.Prune(a.cfg.BackupDir, keep)
	if len(removed) > 0 {
		a.log.Info("old backups removed", "dirs", removed)
	}
	return err
}

// commandArg parses a command's flags and its one argument (a folder).
func commandArg(name string, args []string, getenv func(string) string, stderr io.Writer) (config.Config, string, error) {
	var cfg config.Config
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.Flags(fs, getenv)
	if err := fs.Parse(args); err != nil {
		return cfg, "", err
	}
	if fs.NArg() != 1 {
		return cfg, "", fmt.Errorf("usage: batori %s [flags] FOLDER", name)
	}
	cfg.Getenv = getenv
	return cfg, fs.Arg(0), cfg.Validate()
}

func backupCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, dest, err := commandArg("backup", args, getenv, stderr)
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
	start := time.Now()
	m, err := a.Backup(ctx, dest)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup written and verified in %s: database %d bytes, %d files, %d bytes in all, in %s\n",
		dest, m.Database.Bytes, len(m.Files), m.Bytes(), time.Since(start).Round(time.Millisecond))
	return nil
}

func restoreCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, src, err := commandArg("restore", args, getenv, stderr)
	if err != nil {
		return err
	}
	if err := backup.Restore(ctx, src, cfg.DataDir, cfg.DatabaseURL); err != nil {
		return err
	}
	// Opened once to check what came back and to finish what the backup caught mid-way.
	a, err := Open(ctx, cfg, newLogger(cfg, stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.SweepFiles(ctx); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "restored %s into %s\n", src, where(cfg))
	return nil
}

func where(cfg config.Config) string {
	if cfg.DatabaseURL != "" {
		return config.MaskURL(cfg.DatabaseURL) + " and " + cfg.DataDir
	}
	return cfg.DataDir
}
