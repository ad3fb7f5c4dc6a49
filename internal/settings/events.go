package settings

// Changed is recorded (db.Tx.Record) when the site settings are saved: every reader page shows
// them.
type Changed struct{}
