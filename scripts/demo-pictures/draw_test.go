package main

import (
	"bytes"
	"fmt"
	"image/jpeg"
	"slices"
	"testing"

	"github.com/batori-news/batori/internal/demo"
)

func decode(t *testing.T, b []byte, w, h int) {
	t.Helper()
	img, err := jpeg.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not a JPEG: %v", err)
	}
	if got := img.Bounds().Size(); got.X != w || got.Y != h {
		t.Fatalf("size %v, want %dx%d", got, w, h)
	}
}

func TestPictureScenes(t *testing.T) {
	for _, scene := range Scenes() {
		t.Run(scene, func(t *testing.T) {
			t.Parallel()
			for _, size := range [][2]int{{1200, 675}, {400, 400}, {320, 180}} {
				b, err := Picture(scene, 7, size[0], size[1])
				if err != nil {
					t.Fatalf("Picture(%q, %dx%d): %v", scene, size[0], size[1], err)
				}
				decode(t, b, size[0], size[1])
			}
			a, _ := Picture(scene, 42, 480, 270)
			again, _ := Picture(scene, 42, 480, 270)
			if !bytes.Equal(a, again) {
				t.Errorf("two pictures from seed 42 differ")
			}
			other, _ := Picture(scene, 43, 480, 270)
			if bytes.Equal(a, other) {
				t.Errorf("seeds 42 and 43 give the same picture")
			}
		})
	}
}

// TestStoryPicturesAreSmall draws every picture the demo uses at the size it is committed at.
func TestStoryPicturesAreSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("draws every story picture")
	}
	c, err := demo.Load()
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range c.Stories {
		if s.Image == nil {
			continue
		}
		t.Run(fmt.Sprintf("%d-%s", i, s.Image.Scene), func(t *testing.T) {
			t.Parallel()
			b, err := Picture(s.Image.Scene, s.Image.Seed, storyWidth, storyHeight)
			if err != nil {
				t.Fatal(err)
			}
			if len(b) > 120_000 {
				t.Errorf("%d bytes, want at most 120000", len(b))
			}
		})
	}
}

func TestContentScenesAreDrawn(t *testing.T) {
	c, err := demo.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range c.Stories {
		if s.Image != nil && !slices.Contains(Scenes(), s.Image.Scene) {
			t.Errorf("%q: image scene %q is not one Picture draws", s.EN.Headline, s.Image.Scene)
		}
	}
}

func TestPictureRejectsBadInput(t *testing.T) {
	if _, err := Picture("beach", 1, 1200, 675); err == nil {
		t.Error("unknown scene accepted")
	}
	for _, size := range [][2]int{{0, 100}, {100, -1}, {8, 8}, {100000, 100}} {
		if _, err := Picture("river", 1, size[0], size[1]); err == nil {
			t.Errorf("size %v accepted", size)
		}
	}
	if _, err := Portrait(1, 0); err == nil {
		t.Error("portrait size 0 accepted")
	}
}

func TestPortrait(t *testing.T) {
	for _, size := range []int{64, 256} {
		b, err := Portrait(3, size)
		if err != nil {
			t.Fatal(err)
		}
		decode(t, b, size, size)
	}
	a, _ := Portrait(11, 128)
	again, _ := Portrait(11, 128)
	other, _ := Portrait(12, 128)
	if !bytes.Equal(a, again) {
		t.Error("two portraits from one seed differ")
	}
	if bytes.Equal(a, other) {
		t.Error("portraits from different seeds are identical")
	}
}
