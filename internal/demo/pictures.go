package demo

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/batori-news/batori/internal/media"
)

// The demo's pictures are drawn and put through the media pipeline once, by
// scripts/demo-pictures (`make demo-pictures`), and committed: drawing and encoding them at
// start-up kept the demo waiting most of a minute. Each picture is a folder holding its
// master (MasterName plus extension) and its responsive variants (w320.jpg, w320.webp, …).
//
//go:embed pictures
var pictures embed.FS

// Folders under pictures, and the base name of a master file.
const (
	StoriesDir = "stories"
	AuthorsDir = "authors"
	MasterName = "master"
)

// Dir is the folder under pictures holding the story picture drawn from Scene and Seed.
func (im *Image) Dir() string {
	return path.Join(StoriesDir, im.Scene+"-"+strconv.FormatInt(im.Seed, 10))
}

// PhotoDir is the folder under pictures holding the author's portrait.
func (a Author) PhotoDir() string { return path.Join(AuthorsDir, a.Slug) }

// prepared reads the picture in dir as the media library takes it.
func prepared(dir string) (media.Prepared, error) {
	dir = path.Join("pictures", dir)
	entries, err := fs.ReadDir(pictures, dir)
	if err != nil {
		return media.Prepared{}, fmt.Errorf("demo picture: %w", err)
	}
	var p media.Prepared
	for _, e := range entries {
		data, err := fs.ReadFile(pictures, path.Join(dir, e.Name()))
		if err != nil {
			return media.Prepared{}, fmt.Errorf("demo picture: %w", err)
		}
		if strings.TrimSuffix(e.Name(), path.Ext(e.Name())) == MasterName {
			p.Master = data
		} else {
			p.Variants = append(p.Variants, data)
		}
	}
	if p.Master == nil {
		return media.Prepared{}, fmt.Errorf("demo picture %s has no %s file", dir, MasterName)
	}
	return p, nil
}

// StoryPicture returns the story picture im names, as the media library takes it; `batori
// seed` shares these among its synthetic stories.
func StoryPicture(im *Image) (media.Prepared, error) { return prepared(im.Dir()) }

// Portrait returns the author's portrait, as the media library takes it.
func Portrait(a Author) (media.Prepared, error) { return prepared(a.PhotoDir()) }
