// Command demo-pictures draws the demo newspaper's story pictures and author portraits and
// writes them, already put through the media pipeline (master and responsive variants), into
// internal/demo/pictures, which the demo embeds. It lives outside the batori binary: drawing
// and WebP encoding took the demo most of a minute to start, so it is done once here and the
// files are committed. Run it with `make demo-pictures` after changing content.json's pictures
// or the drawing code, and commit the result.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	_ "image/jpeg" // decoders for image.DecodeConfig
	_ "image/png"
	"log"
	"os"
	"path/filepath"

	_ "golang.org/x/image/webp"

	"github.com/batori-news/batori/internal/demo"
	"github.com/batori-news/batori/internal/media"
)

// Sizes of the drawn pictures: a story picture at 960×540 (16:9) fills the widest story figure
// (60rem) without enlarging, and a portrait is shown no larger than 160 pixels. Wider pictures
// would add a 1280 (or own-width) variant in two formats and double the committed bytes.
const (
	storyWidth, storyHeight = 960, 540
	portraitSize            = 320
)

// prepareOptions keep the library's default widths and formats, which AddPrepared insists
// on, and lower the encoders' qualities from the 85 (master), 80 (JPEG) and 75 (WebP) given
// to photos, to keep the committed files small (about 2.6 MB with the portraits). Readers'
// browsers take the WebP copies; the JPEG ones are a fallback, so they give up the most.
func prepareOptions() media.PrepareOptions {
	o := media.PrepareOptions{MasterQuality: 55, Variants: media.DefaultVariantOptions()}
	o.Variants.JPEGQuality = 45
	o.Variants.WebPQuality = 60
	o.Variants.WebPMethod = 6 // made once, so the slowest, smallest setting
	return o
}

func main() {
	out := flag.String("out", filepath.Join("internal", "demo", "pictures"), "folder to write the pictures into")
	flag.Parse()
	if err := run(*out); err != nil {
		log.Fatal(err)
	}
}

func run(out string) error {
	c, err := demo.Load()
	if err != nil {
		return err
	}
	// Only the folders this command writes are cleared, so a stale picture cannot linger.
	for _, dir := range []string{demo.StoriesDir, demo.AuthorsDir} {
		if err := os.RemoveAll(filepath.Join(out, dir)); err != nil {
			return err
		}
	}
	var total int64
	for _, s := range c.Stories {
		if s.Image == nil {
			continue
		}
		n, err := write(out, s.Image.Dir(), func() ([]byte, error) {
			return Picture(s.Image.Scene, s.Image.Seed, storyWidth, storyHeight)
		})
		if err != nil {
			return fmt.Errorf("picture %s: %w", s.Image.Dir(), err)
		}
		total += n
	}
	for i, a := range c.Authors {
		n, err := write(out, a.PhotoDir(), func() ([]byte, error) { return Portrait(PortraitSeed(i), portraitSize) })
		if err != nil {
			return fmt.Errorf("portrait %s: %w", a.Slug, err)
		}
		total += n
	}
	log.Printf("wrote %d KiB of pictures into %s", total>>10, out)
	return nil
}

// PortraitSeed is the seed of the portrait of the i-th author (from 0) in content.json.
func PortraitSeed(i int) int64 { return int64(i + 1) }

// write draws one picture, prepares it as the media library would and writes the master and
// its variants into out/dir, reporting the bytes written.
func write(out, dir string, draw func() ([]byte, error)) (int64, error) {
	pic, err := draw()
	if err != nil {
		return 0, err
	}
	files, err := prepare(pic)
	if err != nil {
		return 0, err
	}
	if err := os.MkdirAll(filepath.Join(out, dir), 0o755); err != nil {
		return 0, err
	}
	var n int64
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(out, dir, name), data, 0o644); err != nil {
			return 0, err
		}
		n += int64(len(data))
	}
	return n, nil
}

// prepare puts pic through the media pipeline and names the files for the demo's folder
// layout: the master as master.jpg (or .png), each variant by its width and format, such as
// w640.webp.
func prepare(pic []byte) (map[string][]byte, error) {
	p, err := media.Prepare(pic, prepareOptions())
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	ext := map[string]string{"jpeg": ".jpg", "png": ".png", "webp": ".webp"}
	_, format, err := image.DecodeConfig(bytes.NewReader(p.Master))
	if err != nil {
		return nil, err
	}
	files[demo.MasterName+ext[format]] = p.Master
	for _, v := range p.Variants {
		cfg, format, err := image.DecodeConfig(bytes.NewReader(v))
		if err != nil {
			return nil, err
		}
		files[fmt.Sprintf("w%d%s", cfg.Width, ext[format])] = v
	}
	return files, nil
}
