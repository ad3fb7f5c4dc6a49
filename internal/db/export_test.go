package db

// WaitAnalyzed waits for the statistics run d began at open on PostgreSQL to end.
func WaitAnalyzed(d *DB) {
	if d.analyzed != nil {
		<-d.analyzed
	}
}
