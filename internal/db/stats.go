package db

import "database/sql"

// PoolStats reports the connection pools' statistics by name: "writer" and "reader" on
// SQLite, "pool" on PostgreSQL (one pool serves both).
func (db *DB) PoolStats() map[string]sql.DBStats {
	if db.r == db.w {
		return map[string]sql.DBStats{"pool": db.w.Stats()}
	}
	return map[string]sql.DBStats{"writer": db.w.Stats(), "reader": db.r.Stats()}
}
