package db_test

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/db/dbtest"
)

// catalogue is what the parity test compares of a migrated schema: per table, its columns (type
// class, nullability, default), primary key, indexes and foreign keys, each as one line so that
// a drift reads as a line present on one side only.
type catalogue map[string][]string // table → sorted facts

func (c catalogue) add(table, format string, args ...any) {
	c[table] = append(c[table], fmt.Sprintf(format, args...))
}

// Type normalisation. SQLite keeps the declared type; PostgreSQL reports its own name. Both map
// to one class; a type missing here fails the test so that the mapping is extended knowingly
// rather than a new type compared as "unknown" on both sides.
var sqliteTypes = map[string]string{
	"INTEGER":   "integer", // also {{bigint}} and {{bool}}, which SQLite spells INTEGER
	"TEXT":      "text",
	"TIMESTAMP": "time",
	"REAL":      "real",
	"BLOB":      "blob",
}

var postgresTypes = map[string]string{
	"smallint":                 "integer",
	"integer":                  "integer",
	"bigint":                   "integer",
	"boolean":                  "integer", // SQLite stores booleans as 0 and 1
	"text":                     "text",
	"timestamp with time zone": "time",
	"real":                     "real",
	"double precision":         "real",
	"bytea":                    "blob",
	"tsvector":                 "words", // search_docs.tsv only, see dialectOnly
}

// Defaults: PostgreSQL adds casts ('x'::text) and spells booleans as words.
var pgCast = regexp.MustCompile(`::[a-z ]+$`)

func normDefault(d db.Dialect, v *string) string {
	if v == nil {
		return "none"
	}
	s := *v
	if d == db.Postgres {
		s = pgCast.ReplaceAllString(s, "")
		switch s {
		case "false":
			s = "0"
		case "true":
			s = "1"
		}
	}
	return strings.ToLower(s)
}

// Foreign-key actions, from PostgreSQL's one-letter codes.
var pgAction = map[string]string{"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}

func readCatalogue(t *testing.T, d *db.DB) catalogue {
	t.Helper()
	ctx := context.Background()
	c := catalogue{}
	each := func(q string, scan func(scan func(...any) error) error, args ...any) {
		t.Helper()
		rows, err := d.Query(ctx, q, args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows.Scan); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if d.Dialect == db.SQLite {
		readSQLite(t, c, each)
	} else {
		readPostgres(t, c, each)
	}
	for table := range c {
		c[table] = slices.DeleteFunc(c[table], func(fact string) bool { return dialectOnly(table, fact) })
		slices.Sort(c[table])
	}
	return c
}

// dialectOnly reports the facts that exist on one dialect by design: the search index's word
// index is an FTS5 table on SQLite (skipped with its shadow tables in readSQLite) and a
// tsvector column with its GIN index on PostgreSQL (migration 0012's dialect files).
func dialectOnly(table, fact string) bool {
	return table == "search_docs" && (strings.HasPrefix(fact, "column tsv ") || strings.HasPrefix(fact, "column tsv_head ") || strings.HasPrefix(fact, "index search_docs_tsv "))
}

type eachFunc func(q string, scan func(scan func(...any) error) error, args ...any)

func readSQLite(t *testing.T, c catalogue, each eachFunc) {
	var tables []string
	each("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_fts%' ORDER BY name", func(scan func(...any) error) error {
		var name string
		err := scan(&name)
		tables = append(tables, name)
		return err
	})
	for _, table := range tables {
		c[table] = []string{}
		var pk []string
		each("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?) ORDER BY pk, cid", func(scan func(...any) error) error {
			var name, typ string
			var notNull, pkPos int
			var dflt *string
			if err := scan(&name, &typ, &notNull, &dflt, &pkPos); err != nil {
				return err
			}
			class, ok := sqliteTypes[strings.ToUpper(typ)]
			if !ok {
				t.Errorf("sqlite %s.%s: type %q is not in the normalisation", table, name, typ)
			}
			// A primary-key column cannot hold NULL on PostgreSQL; on SQLite only INTEGER PRIMARY
			// KEY cannot, but Batori never stores NULL in any key, so both count as NOT NULL.
			if pkPos > 0 {
				notNull = 1
				pk = append(pk, name)
			}
			c.add(table, "column %s %s null=%v default=%s", name, class, notNull == 0, normDefault(db.SQLite, dflt))
			return nil
		}, table)
		if len(pk) > 0 {
			c.add(table, "primary key (%s)", strings.Join(pk, ", "))
		}
		type index struct {
			name, origin  string
			unique, parts bool
		}
		var indexes []index
		each("SELECT name, \"unique\", origin, partial FROM pragma_index_list(?)", func(scan func(...any) error) error {
			var ix index
			err := scan(&ix.name, &ix.unique, &ix.origin, &ix.parts)
			indexes = append(indexes, ix)
			return err
		}, table)
		for _, ix := range indexes {
			if ix.origin == "pk" {
				continue // compared as the primary key
			}
			var cols []string
			each("SELECT COALESCE(name, '<expr>') FROM pragma_index_info(?) ORDER BY seqno", func(scan func(...any) error) error {
				var col string
				err := scan(&col)
				cols = append(cols, col)
				return err
			}, ix.name)
			c.add(table, "%s", indexFact(ix.name, ix.origin == "u", ix.unique, ix.parts, cols))
		}
		fks := map[int]*[4]string{} // id → from, table, to, on delete
		var ids []int
		each("SELECT id, \"from\", \"table\", \"to\", on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq", func(scan func(...any) error) error {
			var id int
			var from, ref, to, onDelete string
			if err := scan(&id, &from, &ref, &to, &onDelete); err != nil {
				return err
			}
			fk := fks[id]
			if fk == nil {
				fk = &[4]string{"", ref, "", onDelete}
				fks[id] = fk
				ids = append(ids, id)
			}
			fk[0] = strings.TrimPrefix(fk[0]+", "+from, ", ")
			fk[2] = strings.TrimPrefix(fk[2]+", "+to, ", ")
			return nil
		}, table)
		for _, id := range ids {
			fk := fks[id]
			c.add(table, "foreign key (%s) references %s (%s) on delete %s", fk[0], fk[1], fk[2], fk[3])
		}
	}
}

func readPostgres(t *testing.T, c catalogue, each eachFunc) {
	each(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`, func(scan func(...any) error) error {
		var name string
		err := scan(&name)
		c[name] = []string{}
		return err
	})
	each(`SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
		WHERE table_schema = current_schema()`, func(scan func(...any) error) error {
		var table, name, typ, nullable string
		var dflt *string
		if err := scan(&table, &name, &typ, &nullable, &dflt); err != nil {
			return err
		}
		class, ok := postgresTypes[typ]
		if !ok {
			t.Errorf("postgres %s.%s: type %q is not in the normalisation", table, name, typ)
		}
		c.add(table, "column %s %s null=%v default=%s", name, class, nullable == "YES", normDefault(db.Postgres, dflt))
		return nil
	})
	// Every index with its columns in order (pg_get_indexdef per position also names expression
	// parts), whether it is unique, partial, or backs a UNIQUE or PRIMARY KEY constraint.
	each(`SELECT t.relname, i.relname, x.indisunique, x.indisprimary, x.indpred IS NOT NULL,
			EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid AND k.contype = 'u'),
			array_to_string(ARRAY(SELECT pg_get_indexdef(x.indexrelid, p, true) FROM generate_series(1, x.indnkeyatts) p ORDER BY p), ', ')
		FROM pg_index x
		JOIN pg_class i ON i.oid = x.indexrelid
		JOIN pg_class t ON t.oid = x.indrelid
		JOIN pg_namespace n ON n.oid = t.relnamespace
		WHERE n.nspname = current_schema()`, func(scan func(...any) error) error {
		var table, name, cols string
		var unique, primary, partial, constraint bool
		if err := scan(&table, &name, &unique, &primary, &partial, &constraint, &cols); err != nil {
			return err
		}
		if primary {
			c.add(table, "primary key (%s)", cols)
			return nil
		}
		c.add(table, "%s", indexFact(name, constraint, unique, partial, strings.Split(cols, ", ")))
		return nil
	})
	each(`SELECT t.relname, r.relname, k.confdeltype,
			array_to_string(ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, o) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.o), ', '),
			array_to_string(ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(n, o) JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.o), ', ')
		FROM pg_constraint k
		JOIN pg_class t ON t.oid = k.conrelid
		JOIN pg_class r ON r.oid = k.confrelid
		JOIN pg_namespace n ON n.oid = t.relnamespace
		WHERE n.nspname = current_schema() AND k.contype = 'f'`, func(scan func(...any) error) error {
		var table, ref, del, from, to string
		if err := scan(&table, &ref, &del, &from, &to); err != nil {
			return err
		}
		c.add(table, "foreign key (%s) references %s (%s) on delete %s", from, ref, to, pgAction[del])
		return nil
	})
}

// indexFact names an index the same way on both sides. Indexes made by CREATE INDEX keep their
// names; those behind an inline UNIQUE constraint are named by the database (users_email_key,
// sqlite_autoindex_users_1) and so are compared by their columns alone.
func indexFact(name string, constraint, unique, partial bool, cols []string) string {
	if constraint {
		name = "(constraint)"
	}
	kind := "index"
	if unique {
		kind = "unique index"
	}
	if partial {
		kind = "partial " + kind
	}
	return fmt.Sprintf("%s %s (%s)", kind, name, strings.Join(cols, ", "))
}

// diffCatalogues lists every fact that one dialect has and the other lacks.
func diffCatalogues(a, b catalogue) []string {
	var out []string
	tables := map[string]bool{}
	for t := range a {
		tables[t] = true
	}
	for t := range b {
		tables[t] = true
	}
	names := make([]string, 0, len(tables))
	for t := range tables {
		names = append(names, t)
	}
	slices.Sort(names)
	for _, t := range names {
		fa, okA := a[t]
		fb, okB := b[t]
		switch {
		case !okA:
			out = append(out, fmt.Sprintf("table %s: only on postgres", t))
			continue
		case !okB:
			out = append(out, fmt.Sprintf("table %s: only on sqlite", t))
			continue
		}
		for _, f := range fa {
			if !slices.Contains(fb, f) {
				out = append(out, fmt.Sprintf("%s: sqlite only: %s", t, f))
			}
		}
		for _, f := range fb {
			if !slices.Contains(fa, f) {
				out = append(out, fmt.Sprintf("%s: postgres only: %s", t, f))
			}
		}
	}
	return out
}

// TestSchemaParity migrates a fresh database of each dialect and compares what each catalogue
// says: tables, columns (normalised type, nullability, default), primary keys, indexes
// (uniqueness, partiality, columns) and foreign keys.
func TestSchemaParity(t *testing.T) {
	lite := readCatalogue(t, dbtest.Open(t, db.SQLite))
	pg := readCatalogue(t, dbtest.Open(t, db.Postgres))
	if len(lite) < 10 {
		t.Fatalf("sqlite catalogue has %d tables; the reader is broken", len(lite))
	}
	for _, d := range diffCatalogues(lite, pg) {
		t.Error(d)
	}
}

// TestSchemaParityFindsDrift proves the comparison sees each kind of drift, by changing the
// PostgreSQL schema behind the migrations' back.
func TestSchemaParityFindsDrift(t *testing.T) {
	ctx := context.Background()
	lite := readCatalogue(t, dbtest.Open(t, db.SQLite))
	d := dbtest.Open(t, db.Postgres)
	for _, q := range []string{
		"ALTER TABLE users ALTER COLUMN name DROP NOT NULL",
		"ALTER TABLE sections ALTER COLUMN position SET DEFAULT 1",
		"ALTER TABLE tags ADD COLUMN colour TEXT",
		"DROP INDEX stories_section",
		"ALTER TABLE media DROP CONSTRAINT media_storage_key_key",
		"ALTER TABLE editions ALTER COLUMN modified_at TYPE TEXT",
		"CREATE TABLE extra (id BIGINT PRIMARY KEY)",
	} {
		if _, err := d.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	got := strings.Join(diffCatalogues(lite, readCatalogue(t, d)), "\n")
	for _, want := range []string{
		"users: postgres only: column name text null=true default=none",
		"sections: postgres only: column position integer null=false default=1",
		"tags: postgres only: column colour text null=true default=none",
		"stories: sqlite only: index stories_section (section_id)",
		"media: sqlite only: unique index (constraint) (storage_key)",
		"editions: postgres only: column modified_at text null=false default=none",
		"table extra: only on postgres",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("drift not reported: %s\nreported:\n%s", want, got)
		}
	}
}
