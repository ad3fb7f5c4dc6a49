package testkit

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"
	"testing"

	"github.com/gen2brain/webp"
)

// Picture draws a w×h photo-like picture: a smooth gradient with a red block over the
// top-left quarter's corner, so that a test can tell which way a picture was turned.
// Pictures of different sizes differ, so the media library stores each as its own file.
func Picture(w, h int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.NRGBA{uint8(40 + 150*x/w), uint8(60 + 120*y/h), uint8(200 - 100*(x+y)/(w+h)), 255}
			if x < w/4 && y < h/4 {
				c = color.NRGBA{230, 20, 20, 255}
			}
			img.SetNRGBA(x, y, c)
		}
	}
	return img
}

// Solid is a w×h picture of one colour; pictures of different colours are different files.
func Solid(w, h int, c color.Color) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.NewUniform(c), image.Point{}, draw.Src)
	return img
}

// JPEG encodes img as a JPEG of quality 90.
func JPEG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// PNG encodes img as a PNG.
func PNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// WebP encodes img as a lossy WebP of quality 80.
func WebP(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := webp.Encode(&buf, img, webp.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// GIF encodes img as a GIF.
func GIF(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := gif.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
