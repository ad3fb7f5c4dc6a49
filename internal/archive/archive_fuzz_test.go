package archive

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/batori-news/batori/internal/db"
)

// fuzzArchive is a zip of the given entries with a manifest listing them (and extra listed
// but absent paths), each with its true size and checksum unless tamper is set.
func fuzzArchive(t testing.TB, entries map[string]string, tamper bool) []byte {
	t.Helper()
	m := Manifest{Format: Format, Version: Version, SchemaVersion: 1, Dialect: "sqlite", Notice: notice}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range entries {
		sum := sha256.Sum256([]byte(body))
		n := int64(len(body))
		if tamper {
			n++
		}
		m.Entries = append(m.Entries, Entry{Path: name, Bytes: n, SHA256: hex.EncodeToString(sum[:])})
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	w, _ := zw.Create("manifest.json")
	json.NewEncoder(w).Encode(m)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// FuzzCheck: whatever file is offered to `batori import batori`, Check ends without
// panicking and refuses with ErrRefused; an archive it accepts is a Batori archive no newer
// than this code, every zip entry is in its manifest and matches its size and checksum, and
// no listed path climbs out of the folder it is unpacked into or is absolute.
func FuzzCheck(f *testing.F) {
	f.Add(fuzzArchive(f, map[string]string{"tables/pages.jsonl": `{"id":1,"title":"About"}` + "\n", "files/media/a.jpg": "\xFF\xD8\xFF\xD9"}, false))
	f.Add(fuzzArchive(f, map[string]string{"tables/pages.jsonl": `{"id":1}` + "\n"}, true))
	f.Add(fuzzArchive(f, map[string]string{"files/media/../../../etc/cron.d/x": "* * * * * root id\n"}, false))
	f.Add(fuzzArchive(f, map[string]string{"/etc/passwd": "root:x:0:0\n"}, false))
	f.Add(fuzzArchive(f, nil, false))
	f.Add([]byte("PK\x05\x06" + strings.Repeat("\x00", 18)))
	f.Add([]byte("not a zip"))
	f.Fuzz(func(t *testing.T, data []byte) {
		zr, m, err := Check(bytes.NewReader(data), int64(len(data)), 1)
		if err != nil {
			if !errors.Is(err, ErrRefused) || zr != nil || m != nil {
				t.Fatalf("refusal %v with reader %v, manifest %v", err, zr != nil, m != nil)
			}
			return
		}
		if m.Format != Format || m.Version > Version || m.SchemaVersion > 1 {
			t.Fatalf("accepted manifest %+v", m)
		}
		listed := map[string]Entry{}
		for _, e := range m.Entries {
			if strings.Contains(e.Path, "..") || path.IsAbs(e.Path) {
				t.Fatalf("accepted entry path %q", e.Path)
			}
			listed[e.Path] = e
		}
		for _, f := range zr.File {
			if f.Name == "manifest.json" {
				continue
			}
			e, ok := listed[f.Name]
			if !ok {
				t.Fatalf("accepted %q, not in the manifest", f.Name)
			}
			rc, err := f.Open()
			if err != nil {
				t.Fatalf("accepted %q that does not open: %v", f.Name, err)
			}
			h := sha256.New()
			var n int64
			buf := make([]byte, 32<<10)
			for {
				k, err := rc.Read(buf)
				h.Write(buf[:k])
				n += int64(k)
				if err != nil {
					break
				}
			}
			rc.Close()
			if n != e.Bytes || hex.EncodeToString(h.Sum(nil)) != e.SHA256 {
				t.Fatalf("accepted %q whose bytes do not match the manifest", f.Name)
			}
		}
	})
}

// FuzzDecodeValue: a value in a table's JSON Lines, for a column of any kind, is decoded or
// refused without panicking, into the Go type that column takes; a time read back is
// written out again to the same instant (microseconds, UTC), as an export would.
func FuzzDecodeValue(f *testing.F) {
	for _, s := range []string{`1`, `-9223372036854775809`, `1e400`, `"2026-01-02T03:04:05.123456789Z"`,
		`"2026-01-02 03:04:05+05:30"`, `"not a time"`, `"QUJD"`, `"QUJ"`, `true`, `null`, `"অসম"`, `[1]`, `{"a":1}`, `0.5`} {
		f.Add(s, uint8(0))
	}
	kinds := []db.ColumnKind{db.KindInt, db.KindBool, db.KindTime, db.KindText, db.KindReal, db.KindBlob}
	f.Fuzz(func(t *testing.T, raw string, k uint8) {
		kind := kinds[int(k)%len(kinds)]
		dec := json.NewDecoder(strings.NewReader(raw))
		dec.UseNumber()
		var v any
		if dec.Decode(&v) != nil {
			return
		}
		got, err := decode(v, kind)
		if err != nil || got == nil {
			return
		}
		switch x := got.(type) {
		case int64:
			if kind != db.KindInt {
				t.Fatalf("%s column got an int64", kind)
			}
		case bool:
			if kind != db.KindBool {
				t.Fatalf("%s column got a bool", kind)
			}
		case float64:
			if kind != db.KindReal {
				t.Fatalf("%s column got a float64", kind)
			}
		case []byte:
			if kind != db.KindBlob {
				t.Fatalf("%s column got bytes", kind)
			}
		case string:
			if kind != db.KindText {
				t.Fatalf("%s column got a string", kind)
			}
		case time.Time:
			if kind != db.KindTime {
				t.Fatalf("%s column got a time", kind)
			}
			out, ok := encode(x, kind).(string)
			if !ok {
				t.Fatalf("time %v encoded as %T", x, encode(x, kind))
			}
			back, err := parseTime(out)
			if err != nil || !back.Equal(x.Truncate(time.Microsecond)) {
				t.Fatalf("%q read as %v, written as %q, read back as %v (%v)", raw, x, out, back, err)
			}
		default:
			t.Fatalf("%s column got %T", kind, got)
		}
	})
}
