package app

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// fileGrace is how old a file no row refers to must be before the janitor removes it: files
// are written before their rows commit, and an upload in progress must be left alone.
const fileGrace = time.Hour

// SweepFiles is the janitor: at start and every hour it removes what crashes leave in the
// data folder (temporary files, media and attachments no row refers to), finishes moving
// into place the attachments whose enquiries were committed, and logs what it did.
func (a *App) SweepFiles(ctx context.Context) error {
	cutoff := time.Now().Add(-fileGrace)
	media, err := a.Media.SweepFiles(ctx, cutoff)
	if len(media) > 0 {
		a.log.Info("janitor removed media files no picture refers to", "count", len(media), "files", media)
	}
	att, aerr := a.Enquiries.SweepFiles(ctx, cutoff)
	if len(att.Removed) > 0 {
		a.log.Info("janitor removed attachment files no enquiry refers to", "count", len(att.Removed), "files", att.Removed)
	}
	if len(att.Placed) > 0 {
		a.log.Info("janitor moved committed enquiries' attachments into place", "count", len(att.Placed), "files", att.Placed)
	}
	var probes []string
	entries, derr := os.ReadDir(a.cfg.DataDir)
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !(strings.HasPrefix(name, ".readyz-") || strings.HasPrefix(name, ".write-check-")) {
			continue
		}
		if info, err := e.Info(); err == nil && info.ModTime().Before(cutoff) {
			if os.Remove(filepath.Join(a.cfg.DataDir, name)) == nil {
				probes = append(probes, name)
			}
		}
	}
	if len(probes) > 0 {
		a.log.Info("janitor removed probe files", "files", probes)
	}
	return errors.Join(err, aerr, derr)
}

// WithLog makes the app log to log from now on and returns it; tests read what it says.
func (a *App) WithLog(log *slog.Logger) *App {
	a.log = log
	return a
}
