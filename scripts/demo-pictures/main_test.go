package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"testing"

	"github.com/batori-news/batori/internal/demo"
)

// TestCommittedPicturesInSync draws one story picture and one portrait again and compares
// them with the committed files, so that a change to the drawing code or the encoding
// settings without `make demo-pictures` is caught. Two of the 39 keep the test quick.
func TestCommittedPicturesInSync(t *testing.T) {
	if testing.Short() {
		t.Skip("draws and encodes two pictures")
	}
	// Floating-point results may differ in the last bit on other architectures (fused
	// multiply-add on arm64), and so would the bytes; the files are made on amd64.
	if runtime.GOARCH != "amd64" {
		t.Skip("the committed pictures are made on amd64")
	}
	c, err := demo.Load()
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(c.Stories, func(s demo.Story) bool { return s.Image != nil })
	story := c.Stories[i].Image
	author := len(c.Authors) - 1
	for _, tc := range []struct {
		dir  string
		draw func() ([]byte, error)
	}{
		{story.Dir(), func() ([]byte, error) { return Picture(story.Scene, story.Seed, storyWidth, storyHeight) }},
		{c.Authors[author].PhotoDir(), func() ([]byte, error) { return Portrait(PortraitSeed(author), portraitSize) }},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			t.Parallel()
			pic, err := tc.draw()
			if err != nil {
				t.Fatal(err)
			}
			want, err := prepare(pic)
			if err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join("..", "..", "internal", "demo", "pictures", tc.dir)
			entries, err := os.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			if len(entries) != len(want) {
				t.Errorf("%d files committed, the generator makes %d (run make demo-pictures)", len(entries), len(want))
			}
			for name, data := range want {
				got, err := os.ReadFile(filepath.Join(dir, name))
				if err != nil {
					t.Errorf("%v (run make demo-pictures)", err)
				} else if !bytes.Equal(got, data) {
					t.Errorf("%s differs from what the generator makes (run make demo-pictures)", name)
				}
			}
		})
	}
}
