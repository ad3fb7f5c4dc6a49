package app

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/batori-news/batori/internal/config"
)

// enforceRetention is the daily task that deletes readers' data kept past its period (the
// admins' settings, privacy.DefaultRetention until saved).
func (a *App) enforceRetention(ctx context.Context) error {
	st, err := a.Privacy.Settings(ctx, a.cfg.BackupKeep)
	if err != nil {
		return err
	}
	p, err := a.Privacy.Enforce(ctx, time.Now(), st.Retention())
	if err != nil {
		return err
	}
	if p.Enquiries+p.Comments+p.Mails+p.Digest > 0 {
		a.log.Info("readers' data past its retention period deleted", "enquiries", p.Enquiries, "comments", p.Comments,
			"mails", p.Mails, "unconfirmed_digest_subscriptions", p.Digest, "attachments", len(p.Files))
	}
	return nil
}

// privacyCommand answers a person's request about their data: `batori privacy export
// --email ADDRESS` prints what is held as JSON, `batori privacy erase --email ADDRESS` erases
// it. Both are noted in the audit log (with a hash of the address, and --by).
func privacyCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || (args[0] != "export" && args[0] != "erase") {
		return errors.New("usage: batori privacy export|erase --email ADDRESS [--by WHO] [flags]")
	}
	action := args[0]
	var cfg config.Config
	fs := flag.NewFlagSet("privacy "+action, flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg.Flags(fs, getenv)
	email := fs.String("email", "", "the person's e-mail address (required)")
	by := fs.String("by", "command line", "who asked for it, for the audit log")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	if *email == "" {
		return errors.New("privacy " + action + " needs --email")
	}
	a, err := Open(ctx, cfg, newLogger(cfg, stderr))
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.DB.CheckSchema(ctx); err != nil {
		return err
	}
	if action == "export" {
		x, err := a.Privacy.Export(ctx, *email, *by)
		if err != nil {
			return err
		}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(x)
	}
	e, err := a.Privacy.Erase(ctx, *email, *by)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "erased: %d enquiries (%d attachments), %d comments removed, %d made anonymous, %d mails, %d digest subscriptions\n",
		e.Enquiries, len(e.Files), e.CommentsRemoved, e.CommentsAnonymised, e.Mails, e.Digest)
	return nil
}
