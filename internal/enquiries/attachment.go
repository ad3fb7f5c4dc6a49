package enquiries

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"golang.org/x/image/webp"

	"github.com/batori-news/batori/internal/fielderr"
	"github.com/batori-news/batori/internal/media"
)

// MaxAttachmentBytes bounds an attachment: phone photos and scanned letters fit, and the
// whole form stays under the server's default 10 MiB body limit.
const MaxAttachmentBytes = 8 << 20

// MaxFormBytes bounds the whole Enquiry form request: the attachment and the text fields.
const MaxFormBytes = MaxAttachmentBytes + 1<<20

// fileType is an accepted attachment format.
type fileType struct {
	contentType string
	ext         string
}

// sniffAttachment names the format of data by its content, or reports false: a JPEG,
// PNG or WebP photo of a sensible size that decodes whole, or a PDF without scripts. The
// name the reader gave the file and the type their browser declared are never trusted.
func sniffAttachment(data []byte) (fileType, bool) {
	ft, code := inspectAttachment(data)
	return ft, code == ""
}

// inspectAttachment is sniffAttachment that says what is wrong with a refused file: not a
// type we take, a photo cut short or with too many pixels, a file carrying something
// besides itself (a ZIP or HTML appended, markup inside), or a PDF that acts when opened.
func inspectAttachment(data []byte) (fileType, fielderr.Code) {
	if bytes.HasPrefix(data, []byte("%PDF-")) {
		if code := checkPDF(data); code != "" {
			return fileType{}, code
		}
		return fileType{"application/pdf", ".pdf"}, ""
	}
	format, err := media.Inspect(data)
	switch {
	case errors.Is(err, media.ErrTooManyPixels):
		return fileType{}, fielderr.FilePixels
	case errors.Is(err, media.ErrDamaged):
		return fileType{}, fielderr.FileDamaged
	case errors.Is(err, media.ErrHiddenContent):
		return fileType{}, fielderr.FileHidden
	case err != nil:
		return fileType{}, fielderr.FileType
	}
	var t fileType
	var decode func(io.Reader) (image.Image, error)
	switch format {
	case "jpeg":
		t, decode = fileType{"image/jpeg", ".jpg"}, jpeg.Decode
	case "png":
		t, decode = fileType{"image/png", ".png"}, png.Decode
	default:
		t, decode = fileType{"image/webp", ".webp"}, webp.Decode
	}
	// A file that merely starts like a photo would reach the desk as a picture nobody can
	// open; the header check came first, so the decode is bounded by the pixel limits.
	if _, err := decode(bytes.NewReader(data)); err != nil {
		return fileType{}, fielderr.FileDamaged
	}
	return t, ""
}

// attachmentExtensions are the file-name extensions a reader's file of each type may carry.
var attachmentExtensions = map[string][]string{
	"application/pdf": {".pdf"},
	"image/jpeg":      media.Extensions["jpeg"],
	"image/png":       media.Extensions["png"],
	"image/webp":      media.Extensions["webp"],
}

// checkName refuses an attachment's name with a path, a control character or a direction
// override, or one whose extension names another type than the content is.
func checkName(name string, t fileType) fielderr.Code {
	switch err := media.CheckName(name, attachmentExtensions[t.contentType]); {
	case errors.Is(err, media.ErrFileName):
		return fielderr.FileName
	case err != nil:
		return fielderr.FileExtension
	}
	return ""
}

// validKey reports whether key is a name writeFile makes: 32 hex digits and an extension we
// store. Keys come from the database, but a path is never built from anything else.
func validKey(key string) bool {
	name, ext, ok := strings.Cut(key, ".")
	if !ok || len(name) != 32 {
		return false
	}
	if _, err := hex.DecodeString(name); err != nil {
		return false
	}
	switch ext {
	case "pdf", "jpg", "png", "webp":
		return true
	}
	return false
}

// tempPrefix starts the name an attachment has in the staging folder until its enquiry is
// committed.
const tempPrefix = media.TempPrefix

// writeFile stores data under a temporary name made from a fresh random key, in the store's
// staging folder, durable (file synced) before returning, since the reader is told their
// enquiry arrived once it is stored. placeFile puts it in place once the enquiry's row is
// committed, so that a file under its final name always has its row; SweepFiles finishes a
// placing a crash (or an unreachable S3) interrupted.
func (s *Store) writeFile(data []byte, t fileType) (string, error) {
	dir := s.files.Staging()
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", fmt.Errorf("attachment folder: %w", err)
	}
	b := make([]byte, 16)
	rand.Read(b)
	key := hex.EncodeToString(b) + t.ext
	tmp, err := os.OpenFile(filepath.Join(dir, tempPrefix+key), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o640)
	if err != nil {
		return "", fmt.Errorf("store attachment: %w", err)
	}
	_, err = tmp.Write(data)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("store attachment: %w", err)
	}
	return key, nil
}

// placeFile puts a committed enquiry's attachment from its temporary name in place: a
// rename in the attachment folder, or an upload to S3. A failure here leaves the file under
// its temporary name, which SweepFiles places later: the row is committed and the bytes are
// on this node's disk.
func (s *Store) placeFile(ctx context.Context, key string) error {
	if !validKey(key) {
		return fmt.Errorf("bad attachment key %q", key)
	}
	return s.files.Put(ctx, key, filepath.Join(s.files.Staging(), tempPrefix+key), attachmentTypes[path.Ext(key)])
}

// attachmentTypes are the content types of stored attachments, by extension.
var attachmentTypes = map[string]string{".pdf": "application/pdf", ".jpg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}

// OpenAttachment returns the attachment of enquiry id and its open file, which the caller
// closes; ErrNoAttachment when it has none.
func (s *Store) OpenAttachment(ctx context.Context, id int64) (Attachment, media.File, error) {
	e, err := s.Get(ctx, id)
	if err != nil {
		return Attachment{}, nil, err
	}
	if e.Attachment == nil {
		return Attachment{}, nil, ErrNoAttachment
	}
	if !validKey(e.Attachment.Key) {
		return Attachment{}, nil, fmt.Errorf("bad attachment key %q", e.Attachment.Key)
	}
	f, err := s.files.Open(ctx, e.Attachment.Key)
	if errors.Is(err, media.ErrNotFound) {
		return Attachment{}, nil, fmt.Errorf("attachment of enquiry %d is missing from %s", id, s.files)
	}
	if err != nil {
		return Attachment{}, nil, err
	}
	return *e.Attachment, f, nil
}
