package media

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Store keeps files under keys (flat names such as "3f9c….jpg"): a folder of the data folder
// (FolderStore, the default) or a prefix of an S3-compatible bucket that several nodes share
// (S3Store). The photo library and the enquiry attachments each have one. Files are written
// to Staging first, under a temporary name, and handed to Put whole, so no reader ever sees
// half a file.
type Store interface {
	// Put stores the file at path, a complete temporary file in Staging, under key, and
	// removes path. A file already under key is replaced.
	Put(ctx context.Context, key, path, contentType string) error
	// Open opens the file under key for reading; the caller closes it. ErrNotFound when
	// there is none.
	Open(ctx context.Context, key string) (File, error)
	// Stat describes the file under key; ErrNotFound when there is none.
	Stat(ctx context.Context, key string) (FileInfo, error)
	// Delete removes the file under key; a file already gone is no error.
	Delete(ctx context.Context, key string) error
	// List calls fn for each stored file, in no particular order; temporary files are not
	// listed.
	List(ctx context.Context, fn func(FileInfo) error) error
	// Staging is the local folder temporary files are written in before Put.
	Staging() string
	// String names the store for logs and errors.
	String() string
}

// File is a stored file open for reading; http.ServeContent can serve it, ranges included.
type File interface {
	io.ReadSeekCloser
	Info() FileInfo
}

// FileInfo describes a stored file.
type FileInfo struct {
	Key     string
	Size    int64
	ModTime time.Time
}

// TempPrefix starts the names of temporary files in a store's Staging folder; the janitor
// removes the ones a crash left behind.
const TempPrefix = ".upload-"

// ValidKey reports whether key may name a stored file: one path element, not hidden.
// Keys come from the database, but nothing else is ever joined to a path.
func ValidKey(key string) bool {
	return key != "" && !strings.ContainsAny(key, `/\`) && !strings.HasPrefix(key, ".") && len(key) <= 200
}

// FolderStore keeps files in a folder on local disk (or a disk several nodes mount).
type FolderStore struct {
	dir  string
	mode os.FileMode
}

// NewFolderStore returns a store over dir (made when the first file arrives); files get mode
// (0o644 for pictures anyone may see, 0o640 for readers' attachments).
func NewFolderStore(dir string, mode os.FileMode) *FolderStore {
	return &FolderStore{dir: dir, mode: mode}
}

// Put moves path into place: a rename in the same folder, atomic, and durable once the
// folder is synced.
func (s *FolderStore) Put(_ context.Context, key, path, _ string) error {
	if !ValidKey(key) {
		return fmt.Errorf("bad file key %q", key)
	}
	if err := os.Chmod(path, s.mode); err != nil {
		return err
	}
	if err := os.Rename(path, filepath.Join(s.dir, key)); err != nil {
		return err
	}
	if d, err := os.Open(s.dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

type osFile struct {
	*os.File
	info FileInfo
}

func (f osFile) Info() FileInfo { return f.info }

// Open opens the file under key.
func (s *FolderStore) Open(_ context.Context, key string) (File, error) {
	if !ValidKey(key) {
		return nil, ErrNotFound
	}
	f, err := os.Open(filepath.Join(s.dir, key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		f.Close()
		return nil, ErrNotFound
	}
	return osFile{f, FileInfo{Key: key, Size: st.Size(), ModTime: st.ModTime()}}, nil
}

// Stat describes the file under key.
func (s *FolderStore) Stat(_ context.Context, key string) (FileInfo, error) {
	if !ValidKey(key) {
		return FileInfo{}, ErrNotFound
	}
	st, err := os.Stat(filepath.Join(s.dir, key))
	if errors.Is(err, fs.ErrNotExist) || (err == nil && !st.Mode().IsRegular()) {
		return FileInfo{}, ErrNotFound
	}
	if err != nil {
		return FileInfo{}, err
	}
	return FileInfo{Key: key, Size: st.Size(), ModTime: st.ModTime()}, nil
}

// Delete removes the file under key.
func (s *FolderStore) Delete(_ context.Context, key string) error {
	if !ValidKey(key) {
		return fmt.Errorf("bad file key %q", key)
	}
	err := os.Remove(filepath.Join(s.dir, key))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// List calls fn for each regular file whose name is a valid key.
func (s *FolderStore) List(ctx context.Context, fn func(FileInfo) error) error {
	entries, err := os.ReadDir(s.dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	for _, e := range entries {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if !e.Type().IsRegular() || !ValidKey(e.Name()) {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue // removed meanwhile
		}
		if err := fn(FileInfo{Key: e.Name(), Size: info.Size(), ModTime: info.ModTime()}); err != nil {
			return err
		}
	}
	return nil
}

// Staging is the store's own folder, so that Put is a rename.
func (s *FolderStore) Staging() string { return s.dir }

// String is the folder.
func (s *FolderStore) String() string { return s.dir }

// WriteTemp writes data to a new temporary file in st's Staging folder, synced when sync is
// set (an attachment a reader is told has arrived), and returns its path for Put.
func WriteTemp(st Store, data []byte, sync bool) (string, error) {
	dir := st.Staging()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("staging folder: %w", err)
	}
	f, err := os.CreateTemp(dir, TempPrefix+"*")
	if err != nil {
		return "", fmt.Errorf("staging folder: %w", err)
	}
	_, err = f.Write(data)
	if err == nil && sync {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("write file: %w", err)
	}
	return f.Name(), nil
}

// SweepStaging removes temporary files in st's Staging folder last written before cutoff
// whose name keep does not claim (keep may be nil), and returns their names.
func SweepStaging(st Store, cutoff time.Time, keep func(name string) bool) []string {
	entries, _ := os.ReadDir(st.Staging())
	var removed []string
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !strings.HasPrefix(name, TempPrefix) || (keep != nil && keep(name)) {
			continue
		}
		if info, err := e.Info(); err != nil || info.ModTime().After(cutoff) {
			continue
		}
		if os.Remove(filepath.Join(st.Staging(), name)) == nil {
			removed = append(removed, name)
		}
	}
	return removed
}

// PutFrom stores what r holds under key in st, through a temporary file in its staging
// folder; restores and imports use it.
func PutFrom(ctx context.Context, st Store, key string, r io.Reader) error {
	if !ValidKey(key) {
		return fmt.Errorf("bad file key %q", key)
	}
	dir := st.Staging()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, TempPrefix+"*")
	if err != nil {
		return err
	}
	_, err = io.Copy(f, r)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = st.Put(ctx, key, f.Name(), typeOf(key))
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// typeOf is the content type of a stored file, by its extension.
func typeOf(key string) string {
	switch strings.ToLower(filepath.Ext(key)) {
	case ".jpg":
		return "image/jpeg"
	case ".png":
		return "image/png"
	case ".webp":
		return "image/webp"
	case ".pdf":
		return "application/pdf"
	}
	return "application/octet-stream"
}
