package wpimport

import (
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"
)

// Repair is a fix the reader made to the bytes of an export so that the XML decoder could go
// on: WordPress exports carry bytes that are not UTF-8 (text pasted from a Windows-1252
// program) and control characters XML forbids (pasted from a word processor), and the decoder
// stops at the first of either, losing the rest of the file.
type Repair struct {
	Line  int
	Count int
	What  string
}

func (r Repair) String() string {
	if r.Count > 1 {
		return fmt.Sprintf("line %d: %s (%d times)", r.Line, r.What, r.Count)
	}
	return fmt.Sprintf("line %d: %s", r.Line, r.What)
}

const (
	repairNotUTF8 = "bytes that are not UTF-8 replaced with �"
	repairControl = "a control character XML forbids removed"
)

// repairReader passes an export on to the decoder, replacing each byte that does not start a
// UTF-8 character with U+FFFD and dropping the control characters XML forbids (U+0000 to
// U+001F but tab, line feed and carriage return; U+FFFE and U+FFFF), noting the line of
// each repair. An export that declares another encoding (ISO-8859-1, Windows-1252) is passed
// on as it is but for the control characters: the decoder's charset reader converts it.
// Line numbers stay those of the file: no line feed is added or removed.
type repairReader struct {
	r       io.Reader
	raw     []byte // read from r
	in      []byte // carry + raw: what process works on
	carry   []byte // the start of a character cut by the end of a read
	pending []byte // processed, not yet returned
	out     []byte
	err     error
	line    int // line feeds passed so far
	sniffed bool
	legacy  bool // declared in an encoding other than UTF-8
	repairs []Repair
}

func newRepairReader(r io.Reader) *repairReader {
	return &repairReader{r: r, raw: make([]byte, 32<<10)}
}

// fill makes pending hold at least a byte, or returns why it cannot.
func (c *repairReader) fill() error {
	for len(c.pending) == 0 {
		if c.err != nil {
			if len(c.carry) > 0 {
				c.in = append(c.in[:0], c.carry...)
				c.carry = c.carry[:0]
				c.process(c.in, true)
				continue
			}
			return c.err
		}
		n, err := c.r.Read(c.raw)
		c.err = err
		c.in = append(append(c.in[:0], c.carry...), c.raw[:n]...)
		c.carry = c.carry[:0]
		c.process(c.in, err != nil)
	}
	return nil
}

func (c *repairReader) Read(p []byte) (int, error) {
	if err := c.fill(); err != nil {
		return 0, err
	}
	n := copy(p, c.pending)
	c.pending = c.pending[n:]
	return n, nil
}

// ReadByte makes the XML decoder read without a buffer of its own, so that after a break
// in the XML what it has not read is still here to read on from (see Reader.resume).
func (c *repairReader) ReadByte() (byte, error) {
	if len(c.pending) == 0 {
		if err := c.fill(); err != nil {
			return 0, err
		}
	}
	b := c.pending[0]
	c.pending = c.pending[1:]
	return b, nil
}

// prefixed reads prefix, then the rest of the repaired export: the start of an export a new
// decoder needs before the item it reads on from.
type prefixed struct {
	prefix []byte
	rest   *repairReader
}

func (p *prefixed) Read(b []byte) (int, error) {
	if len(p.prefix) > 0 {
		n := copy(b, p.prefix)
		p.prefix = p.prefix[n:]
		return n, nil
	}
	return p.rest.Read(b)
}

func (p *prefixed) ReadByte() (byte, error) {
	if len(p.prefix) > 0 {
		b := p.prefix[0]
		p.prefix = p.prefix[1:]
		return b, nil
	}
	return p.rest.ReadByte()
}

// sniff reads the encoding from the XML declaration at the start of the file.
func (c *repairReader) sniff(data []byte) {
	c.sniffed = true
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !bytes.HasPrefix(data, []byte("<?xml")) {
		return
	}
	end := bytes.Index(data, []byte("?>"))
	if end < 0 {
		return
	}
	decl := bytes.ToLower(data[:end])
	i := bytes.Index(decl, []byte("encoding="))
	if i < 0 {
		return
	}
	enc := bytes.Trim(decl[i+len("encoding="):], ` "'`)
	if j := bytes.IndexAny(enc, ` "'`); j >= 0 {
		enc = enc[:j]
	}
	switch string(enc) {
	case "utf-8", "utf8", "us-ascii", "ascii", "":
	default:
		c.legacy = true
	}
}

func (c *repairReader) note(what string) {
	line := c.line + 1
	if n := len(c.repairs); n > 0 && c.repairs[n-1].Line == line && c.repairs[n-1].What == what {
		c.repairs[n-1].Count++
		return
	}
	c.repairs = append(c.repairs, Repair{Line: line, Count: 1, What: what})
}

// process repairs data into pending; final says no more bytes follow.
func (c *repairReader) process(data []byte, final bool) {
	if !c.sniffed {
		c.sniff(data)
	}
	out := c.out[:0]
	start := 0 // the start of the run of good bytes not yet copied
	for i := 0; i < len(data); {
		b := data[i]
		if b >= 0x20 && b < utf8.RuneSelf { // most of an export: nothing to look at
			i++
			continue
		}
		if b < utf8.RuneSelf {
			switch {
			case b == '\n':
				c.line++
			case b < 0x20 && b != '\t' && b != '\r':
				out = append(out, data[start:i]...)
				c.note(repairControl)
				i++
				start = i
				continue
			}
			i++
			continue
		}
		if c.legacy {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 && !final && !utf8.FullRune(data[i:]) {
			// The end of this read cuts a character: keep its start for the next.
			out = append(out, data[start:i]...)
			c.carry = append(c.carry, data[i:]...)
			start = len(data)
			break
		}
		if r == utf8.RuneError && size == 1 || r == 0xFFFE || r == 0xFFFF {
			out = append(out, data[start:i]...)
			if r == utf8.RuneError {
				out = append(out, "\uFFFD"...)
				c.note(repairNotUTF8)
			} else {
				c.note(repairControl)
			}
			i += size
			start = i
			continue
		}
		i += size
	}
	out = append(out, data[start:]...)
	c.out = out
	c.pending = out
}

// take returns the repairs made up to line, forgetting them.
func (c *repairReader) take(line int) []Repair {
	n := 0
	for n < len(c.repairs) && c.repairs[n].Line <= line {
		n++
	}
	if n == 0 {
		return nil
	}
	got := append([]Repair(nil), c.repairs[:n]...)
	c.repairs = append(c.repairs[:0], c.repairs[n:]...)
	return got
}
