package translation

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/batori-news/batori/internal/db"
	"github.com/batori-news/batori/internal/locale"
)

// Memory remembers every segment an engine translated, keyed by engine, model, languages and
// the hash of the NFC source, so that editing one paragraph of a story sends that paragraph
// alone. It holds machine output only: human editions live with the stories.
type Memory struct{ db *db.DB }

// NewMemory returns the translation memory in d.
func NewMemory(d *db.DB) *Memory { return &Memory{db: d} }

// MemoryKey says whose translations, which way, and of which format.
type MemoryKey struct {
	Provider string
	Model    string
	Source   locale.Lang
	Target   locale.Lang
	// HTML keys segments sent as HTML apart from text ones: "a &lt; b" means different things.
	HTML bool
}

// Hash is the memory's key for a source segment: the hex SHA-256 of its NFC form (prefixed
// with "html:" for an HTML segment).
func (k MemoryKey) Hash(source string) string {
	s := NormalizeSource(source)
	if k.HTML {
		s = "html:" + s
	}
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// lookupChunk bounds the IN lists, far below both databases' limits on parameters.
const lookupChunk = 500

// Lookup returns the remembered translations of sources, by source text; sources not
// remembered are absent.
func (m *Memory) Lookup(ctx context.Context, k MemoryKey, sources []string) (map[string]string, error) {
	byHash := make(map[string][]string, len(sources))
	hashes := make([]string, 0, len(sources))
	for _, s := range sources {
		h := k.Hash(s)
		if _, dup := byHash[h]; !dup {
			hashes = append(hashes, h)
		}
		byHash[h] = append(byHash[h], s)
	}
	out := make(map[string]string, len(sources))
	for start := 0; start < len(hashes); start += lookupChunk {
		chunk := hashes[start:min(start+lookupChunk, len(hashes))]
		args := []any{k.Provider, k.Model, string(k.Source), string(k.Target)}
		for _, h := range chunk {
			args = append(args, h)
		}
		rows, err := m.db.Query(ctx, `SELECT source_hash, translation FROM mt_memory
			WHERE provider = ? AND model = ? AND source_lang = ? AND target_lang = ? AND source_hash IN (`+db.In(len(chunk))+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("read translation memory: %w", err)
		}
		for rows.Next() {
			var h, t string
			if err := rows.Scan(&h, &t); err != nil {
				rows.Close()
				return nil, err
			}
			for _, s := range byHash[h] {
				out[s] = t
			}
		}
		err = rows.Close()
		if err == nil {
			err = rows.Err()
		}
		if err != nil {
			return nil, fmt.Errorf("read translation memory: %w", err)
		}
	}
	return out, nil
}

// Remember stores translations by source text.
func (m *Memory) Remember(ctx context.Context, k MemoryKey, translations map[string]string, now time.Time) error {
	return m.db.InTx(ctx, func(tx *db.Tx) error { return remember(ctx, tx, k, translations, now) })
}

func remember(ctx context.Context, tx *db.Tx, k MemoryKey, translations map[string]string, now time.Time) error {
	for src, t := range translations {
		_, err := tx.Exec(ctx, `INSERT INTO mt_memory (provider, model, source_lang, target_lang, source_hash, source, translation, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (provider, model, source_lang, target_lang, source_hash)
			DO UPDATE SET translation = excluded.translation, created_at = excluded.created_at`,
			k.Provider, k.Model, string(k.Source), string(k.Target), k.Hash(src), NormalizeSource(src), t, now.UTC())
		if err != nil {
			return fmt.Errorf("remember translation: %w", err)
		}
	}
	return nil
}

// Size returns how many segments the memory holds.
func (m *Memory) Size(ctx context.Context) (int, error) {
	var n int
	err := m.db.QueryRow(ctx, "SELECT COUNT(*) FROM mt_memory").Scan(&n)
	return n, err
}
