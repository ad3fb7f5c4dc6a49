// Package db opens Batori's database, SQLite by default or PostgreSQL, applies the embedded
// migrations and hides the few differences between the two dialects.
package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"modernc.org/sqlite"               // registers the "sqlite" driver
)

// SQLite's LOWER folds only ASCII; fold as PostgreSQL does so searches agree. The driver
// keeps functions in one registry per process, so this is registered once, like the driver.
func init() {
	sqlite.MustRegisterDeterministicScalarFunction("lower", 1, func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
		switch v := args[0].(type) {
		case string:
			return strings.ToLower(v), nil
		case []byte:
			return strings.ToLower(string(v)), nil
		default:
			return v, nil
		}
	})
}

// Dialect names the SQL dialect of an open database.
type Dialect string

// The two supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// ErrNoRows is returned by lookups that found nothing; domain packages map it to their own
// not-found errors.
var ErrNoRows = sql.ErrNoRows

// DB is an open database: one writer and a pool of readers on SQLite (which allows a single
// writer at a time), one pool for both on PostgreSQL.
type DB struct {
	Dialect Dialect
	w       *sql.DB
	r       *sql.DB
	// sub turns the events that transactions record into mails, cache invalidations and the
	// like; set once by the application before it serves, nil in storage tests.
	sub Subscriber
	// limits bound each query and transaction while serving (SetDeadlines); zero for the
	// commands (migrate, seed, backup), which may take long on purpose.
	limits Deadlines
	// writes remembers the last write that failed for want of storage (health.go).
	writes writeHealth
	// path is the SQLite file, empty on PostgreSQL.
	path string
	// stmts are the reader pool's prepared statements on SQLite, by query text (stmt).
	stmts  sync.Map // string → *sql.Stmt
	nstmts atomic.Int32
	// stopAnalyze ends PostgreSQL's statistics run begun at open (analyzeStale), and
	// analyzed is closed when it is over; both nil on SQLite.
	stopAnalyze context.CancelFunc
	analyzed    chan struct{}
}

// Deadlines bound how long one statement and one write transaction may take, so that a
// database that stops answering fails requests in seconds instead of holding them.
type Deadlines struct {
	// Query bounds a read or a single write outside a transaction, rows read included.
	Query time.Duration
	// Tx bounds a whole write transaction once it has its connection.
	Tx time.Duration
	// Wait bounds the wait for the connection a write transaction runs on (SQLite's single
	// writer is taken in turn); zero is Tx.
	Wait time.Duration
}

// SetDeadlines bounds every later query and transaction; the application sets them once,
// before serving.
func (db *DB) SetDeadlines(d Deadlines) {
	if d.Wait <= 0 {
		d.Wait = d.Tx
	}
	db.limits = d
}

// within bounds ctx by d unless it already ends sooner. The returned context is not
// cancelled early: rows read after a query returns still need it; its timer releases it at
// the deadline.
func within(ctx context.Context, d time.Duration) context.Context {
	if d <= 0 {
		return ctx
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) <= d {
		return ctx
	}
	ctx, cancel := context.WithTimeout(ctx, d)
	_ = cancel // released by its own timer; see above
	return ctx
}

// Subscriber is told what each write transaction recorded (see Tx.Record). Domain packages
// record events; the application is the one subscriber that turns them into side effects.
type Subscriber interface {
	// InTx runs inside the transaction, after the domain operation and before the commit, so
	// that work which must not be lost (an outbox mail) commits or rolls back with the change.
	// An error rolls the whole transaction back.
	InTx(ctx context.Context, tx *Tx, events []any) error
	// Committed runs after a successful commit with every event the transaction recorded,
	// for effects that need the change to be visible (page-cache invalidation, waking workers).
	Committed(ctx context.Context, events []any)
}

// Subscribe makes s the subscriber of every later transaction's events. The application
// calls it once while wiring, before any request is served.
func (db *DB) Subscribe(s Subscriber) { db.sub = s }

// Options says where the database is.
type Options struct {
	// URL selects PostgreSQL when it starts with postgres:// or postgresql://.
	URL string
	// DataDir holds the SQLite file when URL is empty.
	DataDir string
	// ConnectTimeout bounds each new PostgreSQL connection (default 5 s) unless the URL sets
	// connect_timeout itself.
	ConnectTimeout time.Duration
}

// Open opens the database described by opt and checks that it answers.
func Open(ctx context.Context, opt Options) (*DB, error) {
	if strings.HasPrefix(opt.URL, "postgres://") || strings.HasPrefix(opt.URL, "postgresql://") {
		return openPostgres(ctx, withConnectTimeout(opt.URL, opt.ConnectTimeout))
	}
	if opt.URL != "" {
		return nil, fmt.Errorf("database URL must start with postgres:// (leave it empty for SQLite in the data folder)")
	}
	return openSQLite(ctx, filepath.Join(opt.DataDir, "batori.db"))
}

// withConnectTimeout adds connect_timeout to a PostgreSQL URL that does not say it, so that
// a server that stopped answering fails a new connection in seconds.
func withConnectTimeout(raw string, d time.Duration) string {
	if d <= 0 {
		d = 5 * time.Second
	}
	u, err := url.Parse(raw)
	if err != nil {
		return raw // pgx reports the bad URL itself
	}
	q := u.Query()
	if q.Get("connect_timeout") != "" {
		return raw
	}
	q.Set("connect_timeout", strconv.Itoa(max(1, int(d.Seconds()))))
	u.RawQuery = q.Encode()
	return u.String()
}

// PostgresConnectURL is the URL listeners use for their own connection: the same defaults
// as the pool's.
func PostgresConnectURL(raw string) string { return withConnectTimeout(raw, 0) }

func openPostgres(ctx context.Context, url string) (*DB, error) {
	pool, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(10)
	// A connection broken during an outage is replaced by a fresh one; old ones are renewed
	// anyway so that a failover's new primary is found.
	pool.SetConnMaxLifetime(30 * time.Minute)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		// pgx lists every address it tried on its own line; the operator gets one line.
		return nil, fmt.Errorf("postgres is not reachable: %s", strings.Join(strings.Fields(err.Error()), " "))
	}
	// Statistics are gathered beside serving, not before it: on a large archive they take
	// seconds, and the first pages are merely slower without them.
	actx, stop := context.WithCancel(context.Background())
	d := &DB{Dialect: Postgres, w: pool, r: pool, stopAnalyze: stop, analyzed: make(chan struct{})}
	go func() {
		defer close(d.analyzed)
		analyzeStale(actx, pool)
	}()
	return d, nil
}

// analyzeStale gathers PostgreSQL's statistics for the tables of the schema that changed by
// more than autovacuum's own threshold (50 rows and a tenth of the table) since they were last
// gathered, as PRAGMA optimize does for SQLite at open. Autovacuum does it in time on most
// servers, but where it is off, or has not run yet after a bulk load (a seed, an import), the
// planner believes a table of 175,000 editions holds a few rows: a home page's section block
// then sorted a whole language's editions instead of walking editions_published to its first
// dozen (28 s for a home page of a 100,000-story archive, 5 s for an article). Statistics only
// help the planner, so a failure here (a role that does not own the tables) is left alone.
func analyzeStale(ctx context.Context, pool *sql.DB) {
	rows, err := pool.QueryContext(ctx, `SELECT quote_ident(schemaname) || '.' || quote_ident(relname) FROM pg_stat_user_tables
		WHERE schemaname = current_schema() AND n_mod_since_analyze > 50 + 0.1 * n_live_tup ORDER BY relname`)
	if err != nil {
		return
	}
	var tables []string
	for rows.Next() {
		var t string
		if rows.Scan(&t) == nil {
			tables = append(tables, t)
		}
	}
	rows.Close()
	for _, t := range tables {
		_, _ = pool.ExecContext(ctx, "ANALYZE "+t)
	}
}

// OpenSQLiteFile opens (creating if needed) the SQLite database at path.
func OpenSQLiteFile(ctx context.Context, path string) (*DB, error) { return openSQLite(ctx, path) }

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if err := checkWritableDir(filepath.Dir(path)); err != nil {
		return nil, err
	}
	// _time_format=sqlite stores times as sortable text; every time we write is UTC.
	// synchronous(FULL): a comment or enquiry we acknowledged survives a power cut, not only a
	// crash of the process; newsroom writes are few enough to afford the fsync.
	pragmas := "_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_time_format=sqlite"
	w, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	// SQLite has one writer at a time; a single connection makes writers queue in Go instead
	// of failing with SQLITE_BUSY.
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	// Without statistics SQLite's planner may pick a one-column index over a better one (the
	// editions' status over their story, 0.3 s a lookup in a 100,000-story archive). PRAGMA
	// optimize at open gathers them for tables that lack them, each bounded by analysis_limit;
	// reader connections, opened after, load them with the schema.
	if _, err := w.ExecContext(ctx, "PRAGMA analysis_limit=1000"); err == nil {
		if _, err := w.ExecContext(ctx, "PRAGMA optimize=0x10002"); err != nil {
			w.Close()
			return nil, fmt.Errorf("optimize sqlite %s: %w", path, err)
		}
	}
	r, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	r.SetMaxOpenConns(max(4, runtime.NumCPU()*2))
	r.SetMaxIdleConns(max(4, runtime.NumCPU()*2))
	return &DB{Dialect: SQLite, w: w, r: r, path: path}, nil
}

// checkWritableDir makes dir and proves a file can be written there, so a bad --data gives one
// clear error at start-up instead of a failure on the first save.
func checkWritableDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("data folder %s cannot be created: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, ".write-check-*")
	if err != nil {
		return fmt.Errorf("data folder %s is not writable: %w", dir, err)
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// Close closes every pool.
func (db *DB) Close() error {
	if db.stopAnalyze != nil {
		db.stopAnalyze()
		<-db.analyzed
	}
	db.stmts.Range(func(_, st any) bool {
		st.(*sql.Stmt).Close()
		return true
	})
	err := db.w.Close()
	if db.r != db.w {
		err = errors.Join(err, db.r.Close())
	}
	return err
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.r.PingContext(ctx); err != nil {
		return err
	}
	return db.w.PingContext(ctx)
}

// Writer returns the pool for statements that write; used by listeners and backups.
func (db *DB) Writer() *sql.DB { return db.w }

// Rebind rewrites the ? placeholders of q into the dialect's form ($1, $2, ... on PostgreSQL).
// Our SQL never holds a literal question mark, so a plain scan is enough.
func (db *DB) Rebind(q string) string { return rebind(db.Dialect, q) }

func rebind(d Dialect, q string) string {
	if d != Postgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 8)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// Query runs a read on the reader pool.
func (db *DB) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	ctx = within(ctx, db.limits.Query)
	if st := db.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return db.r.QueryContext(ctx, db.Rebind(q), args...)
}

// QueryRow runs a single-row read on the reader pool.
func (db *DB) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	ctx = within(ctx, db.limits.Query)
	if st := db.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return db.r.QueryRowContext(ctx, db.Rebind(q), args...)
}

// maxStmts bounds the statements kept prepared: reads whose text varies (IN lists of every
// length) stop being kept once it is reached.
const maxStmts = 512

// stmt returns q prepared on the reader pool, preparing it on first use, or nil to run q
// unprepared. SQLite parses and plans a statement each time it is prepared, which on a page
// of a dozen reads costs as much as running them; database/sql keeps a kept statement
// prepared on each connection that ran it. PostgreSQL's driver caches its statements itself.
func (db *DB) stmt(ctx context.Context, q string) *sql.Stmt {
	if db.Dialect != SQLite {
		return nil
	}
	if st, ok := db.stmts.Load(q); ok {
		return st.(*sql.Stmt)
	}
	if db.nstmts.Load() >= maxStmts {
		return nil
	}
	st, err := db.r.PrepareContext(ctx, q)
	if err != nil {
		return nil // the unprepared query reports the error
	}
	if old, loaded := db.stmts.LoadOrStore(q, st); loaded {
		st.Close()
		return old.(*sql.Stmt)
	}
	db.nstmts.Add(1)
	return st
}

// Exec runs one write on the writer.
func (db *DB) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	res, err := db.w.ExecContext(within(ctx, db.limits.Query), db.Rebind(q), args...)
	db.writes.note(err)
	return res, err
}

// Tx is a write transaction with placeholder rebinding.
type Tx struct {
	tx      *sql.Tx
	dialect Dialect
	events  []any
}

// Record notes that something happened in this transaction (a story was published, a comment
// approved). The event reaches the database's subscriber before the commit and again after
// it; a rolled-back transaction's events go nowhere.
func (tx *Tx) Record(event any) { tx.events = append(tx.events, event) }

// Dialect reports the dialect the transaction runs on.
func (tx *Tx) Dialect() Dialect { return tx.dialect }

// Exec runs a statement inside the transaction.
func (tx *Tx) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return tx.tx.ExecContext(ctx, rebind(tx.dialect, q), args...)
}

// Query runs a query inside the transaction.
func (tx *Tx) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return tx.tx.QueryContext(ctx, rebind(tx.dialect, q), args...)
}

// QueryRow runs a single-row query inside the transaction.
func (tx *Tx) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(ctx, rebind(tx.dialect, q), args...)
}

// InsertID runs an INSERT ... RETURNING id and returns the id; both dialects support RETURNING.
func (tx *Tx) InsertID(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, q+" RETURNING id", args...).Scan(&id)
	return id, err
}

// InTx runs fn in a write transaction, committing when fn returns nil and rolling back
// otherwise, so a failed save never leaves half its rows behind.
func (db *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	err := db.inTx(ctx, fn)
	db.writes.note(err)
	return err
}

func (db *DB) inTx(ctx context.Context, fn func(tx *Tx) error) error {
	var sqlTx *sql.Tx
	if db.limits.Tx > 0 {
		// The wait for a connection (SQLite's one writer, busy under a burst of writes) has a
		// deadline of its own; the transaction's starts when it has one.
		wctx, cancel := context.WithTimeout(ctx, db.limits.Wait)
		conn, err := db.w.Conn(wctx)
		cancel()
		if err != nil {
			return fmt.Errorf("begin: %w", err)
		}
		defer conn.Close()
		var cancelTx context.CancelFunc
		ctx, cancelTx = context.WithTimeout(ctx, db.limits.Tx)
		defer cancelTx()
		if sqlTx, err = conn.BeginTx(ctx, nil); err != nil {
			return fmt.Errorf("begin: %w", err)
		}
	} else {
		var err error
		if sqlTx, err = db.w.BeginTx(ctx, nil); err != nil {
			return fmt.Errorf("begin: %w", err)
		}
	}
	tx := &Tx{tx: sqlTx, dialect: db.Dialect}
	if err := fn(tx); err != nil {
		_ = sqlTx.Rollback()
		return err
	}
	if db.sub != nil {
		// The subscriber may record further events (a queued mail); each batch is shown to it
		// once, inside the transaction.
		for seen := 0; seen < len(tx.events); {
			batch := tx.events[seen:]
			seen = len(tx.events)
			if err := db.sub.InTx(ctx, tx, batch); err != nil {
				_ = sqlTx.Rollback()
				return err
			}
		}
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	if db.sub != nil && len(tx.events) > 0 {
		db.sub.Committed(ctx, tx.events)
	}
	return nil
}

// In returns "?, ?, ?" for n placeholders, for IN lists.
func In(n int) string {
	if n <= 0 {
		return "NULL"
	}
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
