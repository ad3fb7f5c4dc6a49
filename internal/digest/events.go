package digest

import (
	"github.com/batori-news/batori/internal/locale"
)

// Requested is recorded when an address asks for the digest: the confirmation mail carries
// Token, which is stored only as a hash.
type Requested struct {
	ID    int64
	Email string
	Lang  locale.Lang
	Token string
}

// Confirmed is recorded when a subscription is confirmed.
type Confirmed struct {
	ID   int64
	Lang locale.Lang
}

// Left is recorded when a reader ends a subscription with its unsubscribe link.
type Left struct {
	ID   int64
	Lang locale.Lang
}

// Due is recorded for each subscriber claimed for a day's digest: the mail lists Stories and
// leads to the unsubscribe link made with Unsubscribe. Date is the local day (YYYY-MM-DD),
// which keeps the mail to one per subscriber and day.
type Due struct {
	Subscriber  Subscriber
	Date        string
	Stories     []Story
	Unsubscribe string
}
