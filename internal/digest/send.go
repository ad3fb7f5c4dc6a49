package digest

import (
	"context"
	"fmt"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/locale"
)

// AnyDue reports whether an active subscriber in lang has not been claimed for date yet, so
// the hourly check builds no story list on a day already done.
func (s *Store) AnyDue(ctx context.Context, date string, lang locale.Lang) (bool, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM digest_subscribers
		WHERE state = 'active' AND lang = ? AND last_sent_on <> ? LIMIT 1) due`, string(lang), date).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("digests due: %w", err)
	}
	return n > 0, nil
}

// ClaimDue takes up to n active subscribers in lang not yet claimed for date and, in the same
// transaction, records a Due event for each with the stories Pick chooses from candidates for
// them (none when their sections had no story that day: that day is done for them all the
// same). Claiming writes the date into the row, so every node may run it at once and each
// subscriber is taken once a day; the events' mails commit with the claim. It returns how
// many subscribers it took.
func (s *Store) ClaimDue(ctx context.Context, date string, lang locale.Lang, n int, candidates []Story) (int, error) {
	// The secret is read before the transaction: on SQLite its first write would wait for it.
	secret, err := s.settings.Secret(ctx, secretKey)
	if err != nil {
		return 0, err
	}
	var taken int
	err = s.db.InTx(ctx, func(tx *db.Tx) error {
		rows, err := tx.Claim(ctx, db.Claim{
			Table:     "digest_subscribers",
			Where:     "state = 'active' AND lang = ? AND last_sent_on <> ?",
			WhereArgs: []any{string(lang), date},
			Order:     "id",
			Limit:     n,
			Set:       "last_sent_on = ?",
			SetArgs:   []any{date},
			Returning: columns,
		})
		if err != nil {
			return err
		}
		var subs []Subscriber
		for rows.Next() {
			sub, err := scanSubscriber(rows)
			if err != nil {
				rows.Close()
				return err
			}
			subs = append(subs, sub)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		taken = len(subs)
		for _, sub := range subs {
			stories := Pick(candidates, sub.Sections)
			if len(stories) == 0 {
				continue
			}
			if _, err := tx.Exec(ctx, "UPDATE digest_subscribers SET sent_count = sent_count + 1 WHERE id = ?", sub.ID); err != nil {
				return err
			}
			sub.SentCount++
			tx.Record(Due{Subscriber: sub, Date: date, Stories: stories, Unsubscribe: unsubscribeToken(secret, sub.ID, sub.Email)})
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("claim digests: %w", err)
	}
	return taken, nil
}
