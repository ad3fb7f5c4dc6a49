package pages

import "github.com/batori-news/batori/internal/locale"

// The events the store records in the transaction of a change readers can see (db.Tx.Record);
// the application turns them into page-cache invalidations.

// Changed is recorded when a page's edition goes live, changes while live, or is taken off.
type Changed struct {
	PageID int64
	Lang   locale.Lang
	// InMenu says the page is in the footer menu, which every reader page shows.
	InMenu bool
}

// MenuChanged is recorded when the footer menu changes: every reader page shows it.
type MenuChanged struct{}
