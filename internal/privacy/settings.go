package privacy

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/settings"
)

// The admins' choices live in the settings table under these keys; a key never saved takes
// the default (DefaultRetention, and the --backup-keep flag).
const (
	keyEnquiries  = "privacy.keep_closed_enquiries_days"
	keyComments   = "privacy.keep_discarded_comments_days"
	keyMails      = "privacy.keep_mails_days"
	keyBackupKeep = "backup.keep"
)

// Settings are the retention periods in days and how many scheduled backups are kept (a
// backup holds readers' data too, so it says how long an erased person's data may survive in
// one).
type Settings struct {
	EnquiryDays, CommentDays, MailDays int
	BackupKeep                         int
}

// Bounds of the settings: a day to ten years; one to a thousand backups.
const (
	maxDays    = 3650
	maxBackups = 1000
)

// Retention is the periods as durations, for Enforce. Unconfirmed digest subscriptions keep
// their fixed week: it is part of the double opt-in, not a policy admins choose.
func (st Settings) Retention() Retention {
	return Retention{ClosedEnquiries: time.Duration(st.EnquiryDays) * Day,
		DiscardedComments: time.Duration(st.CommentDays) * Day, Mail: time.Duration(st.MailDays) * Day,
		UnconfirmedDigest: DefaultRetention.UnconfirmedDigest}
}

// Validate checks the numbers an admin entered.
func (st Settings) Validate() error {
	var v fielderr.Error
	v.Range("enquiry_days", st.EnquiryDays, 1, maxDays)
	v.Range("comment_days", st.CommentDays, 1, maxDays)
	v.Range("mail_days", st.MailDays, 1, maxDays)
	v.Range("backup_keep", st.BackupKeep, 1, maxBackups)
	return v.OrNil()
}

// Settings returns the stored settings; each one never saved is its default, backupKeep
// being the --backup-keep flag's value.
func (s *Store) Settings(ctx context.Context, backupKeep int) (Settings, error) {
	st := Settings{EnquiryDays: int(DefaultRetention.ClosedEnquiries / Day), CommentDays: int(DefaultRetention.DiscardedComments / Day),
		MailDays: int(DefaultRetention.Mail / Day), BackupKeep: backupKeep}
	stored, err := settings.NewStore(s.db).GetMany(ctx, keyEnquiries, keyComments, keyMails, keyBackupKeep)
	if err != nil {
		return st, fmt.Errorf("read retention settings: %w", err)
	}
	for key, n := range map[string]*int{keyEnquiries: &st.EnquiryDays, keyComments: &st.CommentDays, keyMails: &st.MailDays, keyBackupKeep: &st.BackupKeep} {
		if v, err := strconv.Atoi(stored[key]); err == nil && v > 0 {
			*n = v
		}
	}
	return st, nil
}

// SaveSettings stores the settings. The privacy notice states them, so every cached page
// is dropped (settings.Changed).
func (s *Store) SaveSettings(ctx context.Context, st Settings) error {
	if err := st.Validate(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *db.Tx) error {
		t := settings.In(tx)
		for key, n := range map[string]int{keyEnquiries: st.EnquiryDays, keyComments: st.CommentDays, keyMails: st.MailDays, keyBackupKeep: st.BackupKeep} {
			if err := t.Set(ctx, key, strconv.Itoa(n)); err != nil {
				return err
			}
		}
		tx.Record(settings.Changed{})
		return nil
	})
}
