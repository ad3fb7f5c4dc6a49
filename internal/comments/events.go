package comments

import "github.com/batori-news/batori/internal/locale"

// The events the store records in the transaction of a change (db.Tx.Record); the application
// turns them into mails and page-cache invalidations.

// Posted is recorded when a comment is stored, by a reader (whatever its status) or as a staff
// reply.
type Posted struct{ Comment Comment }

// Published is recorded for each comment an editor approves. TellAuthor is true once in the
// comment's life, when its author asked to be told it is published.
type Published struct {
	Item       Item
	TellAuthor bool
}

// TakenDown is recorded for each comment rejected, marked as spam or deleted.
type TakenDown struct {
	ID      int64
	StoryID int64
	Lang    locale.Lang
}

// ClosedChanged is recorded when a story's comments are closed or opened again.
type ClosedChanged struct {
	StoryID int64
	Closed  bool
}

// SettingsChanged is recorded when the comment settings change (closing by age changes which
// article pages carry the form).
type SettingsChanged struct{}
