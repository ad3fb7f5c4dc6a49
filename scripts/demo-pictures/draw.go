package main

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"math"
	"math/rand/v2"
)

// maxPictureSide bounds the size of a generated picture so that a bad request cannot
// allocate gigabytes.
const maxPictureSide = 4096

// Scenes returns the picture styles Picture can draw, in a fixed order.
func Scenes() []string {
	return []string{"river", "tea", "city", "field", "market", "hills", "abstract"}
}

// Picture draws a flat illustration of the named scene and returns it as a JPEG.
// The same scene, seed and size always give the same bytes.
func Picture(scene string, seed int64, width, height int) ([]byte, error) {
	if width < 16 || height < 16 || width > maxPictureSide || height > maxPictureSide {
		return nil, fmt.Errorf("demo: picture size %dx%d out of range 16..%d", width, height, maxPictureSide)
	}
	var draw func(*canvas, *rand.Rand)
	switch scene {
	case "river":
		draw = drawRiver
	case "tea":
		draw = drawTea
	case "city":
		draw = drawCity
	case "field":
		draw = drawField
	case "market":
		draw = drawMarket
	case "hills":
		draw = drawHills
	case "abstract":
		draw = drawAbstract
	default:
		return nil, fmt.Errorf("demo: unknown picture scene %q", scene)
	}
	c := newCanvas(width, height)
	draw(c, newRand(seed, scene))
	return c.jpeg()
}

// Portrait draws a flat head-and-shoulders avatar, size×size pixels, as a JPEG.
func Portrait(seed int64, size int) ([]byte, error) {
	if size < 16 || size > maxPictureSide {
		return nil, fmt.Errorf("demo: portrait size %d out of range 16..%d", size, maxPictureSide)
	}
	c := newCanvas(size, size)
	drawPortrait(c, newRand(seed, "portrait"))
	return c.jpeg()
}

func newRand(seed int64, scene string) *rand.Rand {
	// Mixing the scene name in keeps two scenes drawn from one seed from sharing layout choices.
	var h uint64 = 14695981039346656037
	for i := 0; i < len(scene); i++ {
		h = (h ^ uint64(scene[i])) * 1099511628211
	}
	return rand.New(rand.NewPCG(uint64(seed), h))
}

// rgb is a colour with float channels in 0..255, convenient for mixing.
type rgb struct{ r, g, b float64 }

func hex(v uint32) rgb {
	return rgb{float64(v >> 16 & 0xff), float64(v >> 8 & 0xff), float64(v & 0xff)}
}

func mix(a, b rgb, t float64) rgb {
	t = clamp(t, 0, 1)
	return rgb{a.r + (b.r-a.r)*t, a.g + (b.g-a.g)*t, a.b + (b.b-a.b)*t}
}

// jitter shifts a colour's channels by up to ±d, for variety between seeds.
func jitter(r *rand.Rand, c rgb, d float64) rgb {
	return rgb{
		clamp(c.r+(r.Float64()*2-1)*d, 0, 255),
		clamp(c.g+(r.Float64()*2-1)*d, 0, 255),
		clamp(c.b+(r.Float64()*2-1)*d, 0, 255),
	}
}

func clamp(v, lo, hi float64) float64 {
	return math.Max(lo, math.Min(hi, v))
}

func between(r *rand.Rand, lo, hi float64) float64 { return lo + r.Float64()*(hi-lo) }

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

type pt struct{ x, y float64 }

// canvas is a supersampled RGBA drawing surface; jpeg scales it down, which
// anti-aliases every edge without per-shape coverage code.
type canvas struct {
	img        *image.RGBA
	ss         int     // supersampling factor
	W, H       float64 // drawing size in canvas pixels
	outW, outH int
	clip       image.Rectangle
}

func newCanvas(w, h int) *canvas {
	ss := 2
	if w*h > 4_000_000 {
		ss = 1
	}
	img := image.NewRGBA(image.Rect(0, 0, w*ss, h*ss))
	return &canvas{img: img, ss: ss, W: float64(w * ss), H: float64(h * ss), outW: w, outH: h, clip: img.Rect}
}

func (c *canvas) jpeg() ([]byte, error) {
	out := image.NewRGBA(image.Rect(0, 0, c.outW, c.outH))
	n := c.ss * c.ss
	for y := 0; y < c.outH; y++ {
		for x := 0; x < c.outW; x++ {
			var r, g, b int
			for dy := 0; dy < c.ss; dy++ {
				i := c.img.PixOffset(x*c.ss, y*c.ss+dy)
				for dx := 0; dx < c.ss; dx++ {
					r += int(c.img.Pix[i])
					g += int(c.img.Pix[i+1])
					b += int(c.img.Pix[i+2])
					i += 4
				}
			}
			o := out.PixOffset(x, y)
			out.Pix[o] = uint8(r / n)
			out.Pix[o+1] = uint8(g / n)
			out.Pix[o+2] = uint8(b / n)
			out.Pix[o+3] = 255
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, out, &jpeg.Options{Quality: 80}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// set blends colour col with opacity a into pixel (x, y).
func (c *canvas) set(x, y int, col rgb, a float64) { c.hspan(y, x, x+1, col, a) }

// hspan blends colour col with opacity a into pixels [xa, xb) of row y.
func (c *canvas) hspan(y, xa, xb int, col rgb, a float64) {
	if y < c.clip.Min.Y || y >= c.clip.Max.Y {
		return
	}
	xa, xb = max(xa, c.clip.Min.X), min(xb, c.clip.Max.X)
	if xa >= xb {
		return
	}
	i := c.img.PixOffset(xa, y)
	p := c.img.Pix[i : i+4*(xb-xa)]
	if a >= 1 {
		r, g, b := uint8(col.r+0.5), uint8(col.g+0.5), uint8(col.b+0.5)
		for j := 0; j < len(p); j += 4 {
			p[j], p[j+1], p[j+2], p[j+3] = r, g, b, 255
		}
		return
	}
	for j := 0; j < len(p); j += 4 {
		p[j] = uint8(float64(p[j]) + (col.r-float64(p[j]))*a + 0.5)
		p[j+1] = uint8(float64(p[j+1]) + (col.g-float64(p[j+1]))*a + 0.5)
		p[j+2] = uint8(float64(p[j+2]) + (col.b-float64(p[j+2]))*a + 0.5)
		p[j+3] = 255
	}
}

func (c *canvas) setClip(x0, y0, x1, y1 float64) {
	c.clip = image.Rect(int(math.Round(x0)), int(math.Round(y0)), int(math.Round(x1)), int(math.Round(y1))).Intersect(c.img.Rect)
}

func (c *canvas) resetClip() { c.clip = c.img.Rect }

// span returns the pixel rows or columns whose centres fall in [a, b), clipped to [0, max).
func span(a, b float64, max int) (int, int) {
	lo := int(math.Ceil(a - 0.5))
	hi := int(math.Ceil(b - 0.5))
	if lo < 0 {
		lo = 0
	}
	if hi > max {
		hi = max
	}
	return lo, hi
}

func (c *canvas) rect(x0, y0, x1, y1 float64, col rgb, a float64) {
	xa, xb := span(x0, x1, c.img.Rect.Dx())
	ya, yb := span(y0, y1, c.img.Rect.Dy())
	for y := ya; y < yb; y++ {
		c.hspan(y, xa, xb, col, a)
	}
}

// vgrad fills the full-width band [y0, y1) with a vertical gradient through the given stops,
// spaced evenly.
func (c *canvas) vgrad(y0, y1 float64, stops ...rgb) {
	ya, yb := span(y0, y1, c.img.Rect.Dy())
	for y := ya; y < yb; y++ {
		t := (float64(y) + 0.5 - y0) / (y1 - y0) * float64(len(stops)-1)
		i := int(t)
		if i >= len(stops)-1 {
			i = len(stops) - 2
		}
		c.hspan(y, 0, c.img.Rect.Dx(), mix(stops[i], stops[i+1], t-float64(i)), 1)
	}
}

// ridge fills everything below the curve top(x) down to bottom. The colour goes from
// col at the curve to low at depth fade below it, so valleys can fill with mist.
func (c *canvas) ridge(top func(x float64) float64, bottom float64, col, low rgb, fade, a float64) {
	_, yb := span(0, bottom, c.img.Rect.Dy())
	// The colour depends only on the depth below the curve, so it is looked up per pixel
	// of depth rather than mixed per pixel.
	shades := make([]rgb, c.img.Rect.Dy()+1)
	for d := range shades {
		shades[d] = col
		if fade > 0 {
			shades[d] = mix(col, low, float64(d)/fade)
		}
	}
	for x := 0; x < c.img.Rect.Dx(); x++ {
		t := top(float64(x) + 0.5)
		ya, _ := span(t, bottom, c.img.Rect.Dy())
		for y := ya; y < yb; y++ {
			d := min(int(float64(y)+0.5-t), len(shades)-1)
			c.set(x, y, shades[d], a)
		}
	}
}

func (c *canvas) ellipse(cx, cy, rx, ry float64, col rgb, a float64) {
	if rx <= 0 || ry <= 0 {
		return
	}
	ya, yb := span(cy-ry, cy+ry, c.img.Rect.Dy())
	for y := ya; y < yb; y++ {
		dy := (float64(y) + 0.5 - cy) / ry
		if dy*dy > 1 {
			continue
		}
		hw := rx * math.Sqrt(1-dy*dy)
		xa, xb := span(cx-hw, cx+hw, c.img.Rect.Dx())
		c.hspan(y, xa, xb, col, a)
	}
}

func (c *canvas) circle(cx, cy, r float64, col rgb, a float64) { c.ellipse(cx, cy, r, r, col, a) }

// glow draws a soft radial halo whose opacity falls from a at the centre to zero at radius r.
func (c *canvas) glow(cx, cy, r float64, col rgb, a float64) {
	xa, xb := span(cx-r, cx+r, c.img.Rect.Dx())
	ya, yb := span(cy-r, cy+r, c.img.Rect.Dy())
	for y := ya; y < yb; y++ {
		for x := xa; x < xb; x++ {
			d := math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy) / r
			if d < 1 {
				c.set(x, y, col, a*(1-d)*(1-d))
			}
		}
	}
}

// poly fills a polygon with the even-odd rule.
func (c *canvas) poly(pts []pt, col rgb, a float64) {
	if len(pts) < 3 {
		return
	}
	minY, maxY := pts[0].y, pts[0].y
	for _, p := range pts {
		minY = math.Min(minY, p.y)
		maxY = math.Max(maxY, p.y)
	}
	ya, yb := span(minY, maxY, c.img.Rect.Dy())
	xs := make([]float64, 0, 8)
	for y := ya; y < yb; y++ {
		fy := float64(y) + 0.5
		xs = xs[:0]
		for i := range pts {
			p, q := pts[i], pts[(i+1)%len(pts)]
			if (p.y <= fy) != (q.y <= fy) {
				xs = append(xs, p.x+(fy-p.y)/(q.y-p.y)*(q.x-p.x))
			}
		}
		for i := 1; i < len(xs); i++ {
			for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
				xs[j], xs[j-1] = xs[j-1], xs[j]
			}
		}
		for i := 0; i+1 < len(xs); i += 2 {
			xa, xb := span(xs[i], xs[i+1], c.img.Rect.Dx())
			c.hspan(y, xa, xb, col, a)
		}
	}
}

// line draws a straight stroke of width w with round ends.
func (c *canvas) line(x0, y0, x1, y1, w float64, col rgb, a float64) {
	dx, dy := x1-x0, y1-y0
	l := math.Hypot(dx, dy)
	if l == 0 {
		c.circle(x0, y0, w/2, col, a)
		return
	}
	nx, ny := -dy/l*w/2, dx/l*w/2
	c.poly([]pt{{x0 + nx, y0 + ny}, {x1 + nx, y1 + ny}, {x1 - nx, y1 - ny}, {x0 - nx, y0 - ny}}, col, a)
	if a >= 1 {
		c.circle(x0, y0, w/2, col, a)
		c.circle(x1, y1, w/2, col, a)
	}
}

func (c *canvas) polyline(pts []pt, w float64, col rgb) {
	for i := 0; i+1 < len(pts); i++ {
		c.line(pts[i].x, pts[i].y, pts[i+1].x, pts[i+1].y, w, col, 1)
	}
}

// wave is one sine component of a ridge line.
type wave struct{ f, p, a float64 }

// ridgeLine returns a random hill profile around base with the given amplitude. Sharp
// profiles have pointed peaks, soft ones roll.
func ridgeLine(r *rand.Rand, width, base, amp float64, sharp bool) func(float64) float64 {
	var ws []wave
	a := amp
	f := between(r, 1.2, 2.4) * 2 * math.Pi / width
	for i := 0; i < 4; i++ {
		ws = append(ws, wave{f: f, p: r.Float64() * 2 * math.Pi, a: a})
		a *= between(r, 0.35, 0.5)
		f *= between(r, 2.0, 2.6)
	}
	return func(x float64) float64 {
		y := base
		for i, w := range ws {
			s := math.Sin(x*w.f + w.p)
			if sharp && i < 2 {
				s = 1 - 2*math.Abs(s)
				s = -s
			}
			y -= w.a * s
		}
		return y
	}
}

func (c *canvas) birds(r *rand.Rand, n int, x0, y0, x1, y1, size float64, col rgb) {
	for i := 0; i < n; i++ {
		x, y := between(r, x0, x1), between(r, y0, y1)
		s := size * between(r, 0.6, 1.2)
		flap := between(r, 0.2, 0.6)
		w := math.Max(1.5, s*0.18)
		c.line(x-s, y-s*flap, x, y, w, col, 1)
		c.line(x, y, x+s, y-s*flap, w, col, 1)
	}
}

func drawRiver(c *canvas, r *rand.Rand) {
	W, H := c.W, c.H
	palettes := [][5]uint32{
		{0x2b2d5c, 0x7b4a7a, 0xe9875a, 0xffc978, 0xfff1c9}, // orange dusk
		{0x1f2b55, 0x5d4a86, 0xd96f86, 0xf7b38a, 0xffe6cf}, // pink dusk
		{0x26325e, 0x8a5a6e, 0xf0a04b, 0xffd77e, 0xfff6d8}, // golden hour
	}
	p := pick(r, palettes[:])
	top, mid, low, hor, sun := hex(p[0]), hex(p[1]), hex(p[2]), hex(p[3]), hex(p[4])
	hY := H * between(r, 0.54, 0.62)
	c.vgrad(0, hY, top, mid, low, hor)

	sx := W * between(r, 0.28, 0.72)
	sy := hY - H*between(r, 0.05, 0.13)
	sr := H * between(r, 0.055, 0.075)
	c.glow(sx, sy, sr*5, sun, 0.55)
	c.circle(sx, sy, sr, sun, 1)

	// Thin clouds lit from below.
	for i := 0; i < 2+r.IntN(3); i++ {
		cx, cy := between(r, 0, W), between(r, H*0.12, hY*0.7)
		cw := W * between(r, 0.12, 0.3)
		c.ellipse(cx, cy, cw, H*between(r, 0.008, 0.016), mix(low, sun, 0.4), 0.55)
	}
	c.birds(r, 3+r.IntN(4), W*0.1, H*0.1, W*0.9, hY*0.6, H*0.018, mix(top, hex(0x000000), 0.3))

	far := mix(mid, hor, 0.45)
	c.ridge(ridgeLine(r, W, hY-H*0.05, H*0.035, false), hY+1, far, mix(far, hor, 0.3), H*0.08, 1)
	near := mix(mid, top, 0.45)
	c.ridge(ridgeLine(r, W, hY-H*0.018, H*0.02, false), hY+1, near, near, 0, 1)

	deep := mix(top, hex(0x0b1030), 0.4)
	c.vgrad(hY, H, mix(hor, low, 0.4), mix(low, mid, 0.6), mix(mid, deep, 0.6), deep)

	// A sandbar (chapori) with a few reeds in mid-river.
	bx, by := W*between(r, 0.1, 0.9), hY+H*between(r, 0.04, 0.07)
	bw := W * between(r, 0.15, 0.3)
	c.ellipse(bx, by, bw, H*0.012, mix(hor, mid, 0.55), 1)
	for i := 0; i < 14; i++ {
		x := bx + between(r, -0.7, 0.7)*bw
		h := H * between(r, 0.01, 0.025)
		c.line(x, by, x+between(r, -3, 3), by-h, math.Max(1.5, H*0.002), near, 1)
	}

	// Sun path on the water: short strokes that widen towards the viewer.
	for y := hY + H*0.01; y < H; y += H * between(r, 0.008, 0.016) {
		d := (y - hY) / (H - hY)
		w := sr * between(r, 0.4, 1.6) * (1 + d*2.5)
		x := sx + between(r, -1, 1)*sr*0.5*(1+d*2)
		c.rect(x-w/2, y, x+w/2, y+H*(0.003+d*0.004), mix(sun, hor, 0.3), 0.85*(1-d*0.6))
	}
	// Ripples.
	for i := 0; i < 140; i++ {
		d := math.Pow(r.Float64(), 0.7)
		y := hY + H*0.01 + d*(H-hY)
		w := W * between(r, 0.01, 0.06) * (0.5 + d*1.5)
		x := between(r, 0, W)
		light := mix(hor, sun, 0.3)
		if r.IntN(3) == 0 {
			light = deep
		}
		c.rect(x, y, x+w, y+math.Max(1, H*0.002*(0.5+d*1.5)), light, 0.25)
	}

	// A country boat with a boatman poling it.
	boatX := W * between(r, 0.15, 0.85)
	if math.Abs(boatX-sx) < W*0.12 {
		boatX = sx + W*0.18
	}
	boatY := hY + H*between(r, 0.14, 0.24)
	s := H * between(r, 0.09, 0.12)
	ink := mix(deep, hex(0x000000), 0.4)
	dir := 1.0
	if r.IntN(2) == 0 {
		dir = -1
	}
	var hull []pt
	for i := 0; i <= 20; i++ {
		t := float64(i)/20*2 - 1
		hull = append(hull, pt{boatX + t*s*1.3, boatY - s*0.22*t*t*t*t + s*0.02})
	}
	for i := 20; i >= 0; i-- {
		t := float64(i)/20*2 - 1
		hull = append(hull, pt{boatX + t*s*1.1, boatY + s*0.12*(1-t*t)})
	}
	c.poly(hull, ink, 1)
	// A low hooped shelter (chhoi) in the middle of the boat.
	c.ellipse(boatX-dir*s*0.15, boatY-s*0.04, s*0.35, s*0.2, ink, 1)
	mx := boatX + dir*s*0.75
	c.line(mx, boatY-s*0.05, mx-dir*s*0.05, boatY-s*0.55, s*0.09, ink, 1)
	c.circle(mx-dir*s*0.06, boatY-s*0.62, s*0.075, ink, 1)
	c.line(mx-dir*s*0.4, boatY-s*0.95, mx+dir*s*0.25, boatY+s*0.3, s*0.025, ink, 1)
	c.line(mx-dir*s*0.04, boatY-s*0.45, mx-dir*s*0.2, boatY-s*0.6, s*0.05, ink, 1)
	// Its reflection.
	c.ellipse(boatX, boatY+s*0.2, s*1.2, s*0.06, ink, 0.35)
}

func drawTea(c *canvas, r *rand.Rand) {
	W, H := c.W, c.H
	hY := H * between(r, 0.28, 0.36)
	c.vgrad(0, hY+H*0.05, jitter(r, hex(0x7fc4ec), 10), hex(0xbfe3f3), hex(0xeef6ee))
	c.rect(0, hY+H*0.05, W, H, hex(0xeef6ee), 1)
	for i := 0; i < 2+r.IntN(3); i++ {
		cx, cy := between(r, 0, W), between(r, H*0.06, hY*0.65)
		s := H * between(r, 0.03, 0.05)
		for j := 0; j < 5; j++ {
			c.circle(cx+between(r, -2.2, 2.2)*s, cy+between(r, -0.4, 0.3)*s, s*between(r, 0.7, 1.3), hex(0xffffff), 0.92)
		}
	}
	farHill := jitter(r, hex(0x86aeb0), 8)
	c.ridge(ridgeLine(r, W, hY, H*0.05, false), H, farHill, mix(farHill, hex(0xeef6ee), 0.3), H*0.1, 1)

	greens := []rgb{hex(0x4f8f3f), hex(0x3f8236), hex(0x2f7130), hex(0x236126)}
	bushes := []rgb{hex(0x7dbb52), hex(0x6cb047), hex(0x5ea43e), hex(0x4f9838)}
	layers := 4
	for i := 0; i < layers; i++ {
		base := hY + H*(0.05+0.12*float64(i)) + H*between(r, -0.015, 0.015)
		top := ridgeLine(r, W, base, H*(0.03+0.008*float64(i)), false)
		g := jitter(r, greens[i], 6)
		c.ridge(top, H, g, mix(g, hex(0x1a3d1c), 0.3), H*0.3, 1)
		spacing := H * (0.013 + 0.008*float64(i))
		rad := spacing * 0.62
		bush := jitter(r, bushes[i], 6)
		shade := mix(g, hex(0x14301a), 0.35)
		minTop := H
		for x := 0.0; x <= W; x += W / 64 {
			minTop = math.Min(minTop, top(x))
		}
		// Rows deeper than this are hidden behind the next, nearer slope.
		hidden := H + rad*2
		if i < layers-1 {
			hidden = math.Min(hidden, hY+H*(0.05+0.12*float64(i+1))+H*0.12)
		}
		for k := 0; ; k++ {
			d := spacing * (float64(k) + 0.6)
			if minTop+d > hidden || k > 200 {
				break
			}
			col := mix(bush, g, 0.12*float64(k%2))
			step := rad * 0.9
			for x := -rad; x < W+rad; x += step {
				y := top(x) + d
				c.circle(x, y+rad*0.25, rad, shade, 1)
			}
			for x := -rad + step*0.5*float64(k%2); x < W+rad; x += step {
				y := top(x) + d
				c.circle(x, y, rad*between(r, 0.9, 1.05), col, 1)
			}
		}
		// Shade trees stand on the middle slopes, as they do in Assam's gardens.
		if i == 1 || i == 2 {
			for t := 0; t < 2+r.IntN(3); t++ {
				x := between(r, 0, W)
				y := top(x) + spacing*between(r, 2, 5)
				th := H * (0.1 + 0.06*float64(i))
				trunk := hex(0x6b5a48)
				c.line(x, y, x+th*0.03, y-th, th*0.035, trunk, 1)
				leaf := jitter(r, hex(0x2d5f36), 8)
				for j := 0; j < 5; j++ {
					c.ellipse(x+th*0.03+between(r, -0.35, 0.35)*th, y-th+between(r, -0.06, 0.04)*th, th*between(r, 0.18, 0.3), th*between(r, 0.05, 0.09), leaf, 1)
				}
			}
		}
		// Pickers on the nearest slope, each with a basket on the back.
		if i == layers-1 {
			for t := 0; t < 2+r.IntN(3); t++ {
				x := between(r, W*0.08, W*0.92)
				y := top(x) + spacing*between(r, 1.5, 3)
				s := H * 0.09
				cloth := pick(r, []rgb{hex(0xe0457b), hex(0xf2b134), hex(0xd9443a), hex(0x7b4fd1), hex(0xf07a2a)})
				c.poly([]pt{{x - s*0.22, y}, {x + s*0.22, y}, {x + s*0.12, y - s*0.55}, {x - s*0.12, y - s*0.55}}, cloth, 1)
				c.rect(x-s*0.12, y-s*0.78, x+s*0.12, y-s*0.5, mix(cloth, hex(0xffffff), 0.25), 1)
				c.circle(x, y-s*0.9, s*0.11, hex(0x8a5a3c), 1)
				c.ellipse(x, y-s*0.97, s*0.13, s*0.06, pick(r, []rgb{hex(0xf4e3c1), hex(0xe7d27a), hex(0xd9443a)}), 1)
				bs := -1.0
				if r.IntN(2) == 0 {
					bs = 1
				}
				c.poly([]pt{{x + bs*s*0.1, y - s*0.85}, {x + bs*s*0.42, y - s*0.9}, {x + bs*s*0.34, y - s*0.45}, {x + bs*s*0.14, y - s*0.45}}, hex(0xb58a4c), 1)
				c.line(x+bs*s*0.12, y-s*0.8, x+bs*s*0.38, y-s*0.86, s*0.03, hex(0x8c6a3a), 1)
			}
		}
	}
}

func drawCity(c *canvas, r *rand.Rand) {
	W, H := c.W, c.H
	ground := H * between(r, 0.74, 0.8)
	skyTop := jitter(r, hex(0x121c3f), 6)
	c.vgrad(0, ground, skyTop, hex(0x34396f), hex(0x8a4f7d), hex(0xf0936b))
	for i := 0; i < 60; i++ {
		c.circle(between(r, 0, W), between(r, 0, ground*0.45), H*between(r, 0.001, 0.0025), hex(0xfff6d8), between(r, 0.4, 0.9))
	}
	mx, my := W*between(r, 0.6, 0.9), H*between(r, 0.1, 0.2)
	c.glow(mx, my, H*0.12, hex(0xfff0c8), 0.35)
	c.circle(mx, my, H*0.035, hex(0xfff3d6), 1)
	// Low hills behind the city.
	hill := mix(hex(0x34396f), hex(0x8a4f7d), 0.3)
	c.ridge(ridgeLine(r, W, ground-H*0.28, H*0.06, false), ground, hill, hill, 0, 1)

	type lit struct{ x, w float64 }
	var lights []lit
	for layer := 0; layer < 2; layer++ {
		body := []rgb{hex(0x3c3f72), hex(0x1b1d3b)}[layer]
		body = jitter(r, body, 5)
		dark := mix(body, hex(0xffffff), 0.06)
		x := -W * between(r, 0, 0.05)
		for x < W {
			bw := W * between(r, 0.035, 0.09)
			var bh float64
			if layer == 0 {
				bh = H * between(r, 0.2, 0.45)
			} else {
				bh = H * between(r, 0.1, 0.34)
			}
			top := ground - bh
			c.rect(x, top, x+bw, ground, body, 1)
			switch r.IntN(5) {
			case 0:
				c.line(x+bw*0.5, top, x+bw*0.5, top-H*0.06, math.Max(2, H*0.003), body, 1)
				c.circle(x+bw*0.5, top-H*0.06, H*0.004, hex(0xff5a5a), 1)
			case 1:
				c.rect(x+bw*0.2, top-H*0.025, x+bw*0.8, top, body, 1)
			case 2:
				c.poly([]pt{{x, top}, {x + bw/2, top - bw*0.35}, {x + bw, top}}, body, 1)
			}
			ww, wh := W*0.0065, H*0.014
			gx, gy := W*0.011, H*0.03
			for wy := top + gy*0.7; wy+wh < ground-H*0.01; wy += gy {
				for wx := x + bw*0.15; wx+ww < x+bw*0.88; wx += gx {
					col, a := dark, 1.0
					if r.Float64() < 0.36 {
						col = pick(r, []rgb{hex(0xffd27a), hex(0xffe3a3), hex(0xcfe3ff), hex(0xffc163)})
						if layer == 1 {
							lights = append(lights, lit{wx, ww})
						}
					} else if layer == 0 {
						a = 0.5
					}
					c.rect(wx, wy, wx+ww, wy+wh, col, a)
				}
			}
			x += bw + W*between(r, -0.01, 0.012)
		}
	}
	// The river in front, with the lights smeared into it.
	water := mix(skyTop, hex(0x000000), 0.3)
	c.vgrad(ground, H, mix(hex(0x8a4f7d), water, 0.5), water)
	c.rect(0, ground, W, ground+H*0.008, hex(0x0f1026), 1)
	for _, l := range lights {
		if r.IntN(3) != 0 {
			continue
		}
		for y := ground + H*0.015; y < H; y += H * between(r, 0.012, 0.03) {
			d := (y - ground) / (H - ground)
			w := l.w * between(r, 0.8, 2.5)
			x := l.x + between(r, -1, 1)*l.w
			c.rect(x, y, x+w, y+H*0.003, hex(0xffd27a), 0.45*(1-d))
		}
	}
}

func drawField(c *canvas, r *rand.Rand) {
	W, H := c.W, c.H
	c.vgrad(0, H*0.3, jitter(r, hex(0x7cc3ee), 8), hex(0xd4ecf8))
	standTop, standBot := H*0.14, H*0.4
	// Floodlight towers.
	for _, fx := range []float64{W * between(r, 0.05, 0.2), W * between(r, 0.8, 0.95)} {
		c.line(fx, standBot, fx, H*0.05, W*0.006, hex(0x5a6270), 1)
		c.rect(fx-W*0.035, H*0.02, fx+W*0.035, H*0.07, hex(0x3b414b), 1)
		for i := 0; i < 4; i++ {
			for j := 0; j < 2; j++ {
				lx := fx - W*0.03 + float64(i)*W*0.016
				ly := H*0.026 + float64(j)*H*0.022
				c.rect(lx, ly, lx+W*0.012, ly+H*0.016, hex(0xfdf6d6), 1)
			}
		}
	}
	c.poly([]pt{{0, standTop}, {W, standTop}, {W, standTop + H*0.03}, {0, standTop + H*0.03}}, hex(0x4a5568), 1)
	c.vgrad(standTop+H*0.03, standBot, hex(0x3b4658), hex(0x556378))
	// The crowd: rows of shirts and heads.
	shirts := []rgb{hex(0xe53e3e), hex(0xf6e05e), hex(0x3182ce), hex(0xffffff), hex(0x38a169), hex(0xed8936), hex(0xd53f8c), hex(0xfaf089)}
	skins := []rgb{hex(0x8d5a3b), hex(0xa86b45), hex(0xc68a5e), hex(0x6e4329)}
	home := pick(r, shirts)
	pr := H * 0.013
	for y := standTop + H*0.045; y < standBot-pr; y += pr * 2.6 {
		for x := between(r, 0, pr*2); x < W; x += pr * between(r, 2.0, 2.8) {
			shirt := pick(r, shirts)
			if r.IntN(3) == 0 {
				shirt = home
			}
			c.ellipse(x, y+pr*1.1, pr*1.05, pr*0.9, shirt, 1)
			c.circle(x, y, pr*0.75, pick(r, skins), 1)
		}
	}
	hoard := standBot
	cols := []rgb{hex(0x1a365d), hex(0xc53030), hex(0x2f855a), hex(0xd69e2e), hex(0x553c9a)}
	for x := 0.0; x < W; {
		w := W * between(r, 0.08, 0.16)
		col := pick(r, cols)
		c.rect(x, hoard, x+w, hoard+H*0.035, col, 1)
		c.rect(x+w*0.1, hoard+H*0.012, x+w*0.1+w*between(r, 0.3, 0.7), hoard+H*0.022, mix(col, hex(0xffffff), 0.7), 1)
		x += w
	}

	// The pitch, seen from the side stand with a little perspective.
	// Ground depth runs from dFar at the far touchline to dNear at v = 1; screen position
	// is proportional to 1/depth, which keeps circles looking like circles on the grass.
	yFar, yNear := hoard+H*0.05, H*1.3
	const dFar, dNear = 2.4, 1.0
	k := (yNear - yFar) / (1/dNear - 1/dFar)
	yH := yFar - k/dFar
	cx := W * (0.5 + pick(r, []float64{-0.22, 0.22}))
	halfFar := W * 0.62
	grass := []rgb{jitter(r, hex(0x3f9b3f), 6), jitter(r, hex(0x4aa84a), 6)}
	c.rect(0, hoard+H*0.035, W, H, hex(0x3a8a3a), 1)
	to := func(u, v float64) pt {
		d := dFar - (dFar-dNear)*v
		return pt{cx + u*halfFar*dFar/d, yH + k/d}
	}
	for i := -12; i < 12; i++ {
		u0, u1 := float64(i)/12*1.2, float64(i+1)/12*1.2
		a, b, cc, d := to(u0, 0), to(u1, 0), to(u1, 1), to(u0, 1)
		c.poly([]pt{{a.x, hoard + H*0.035}, {b.x, hoard + H*0.035}, b, cc, d, a}, grass[(i+12)%2], 1)
	}
	lw := H * 0.006
	white := hex(0xf4f7f2)
	seg := func(u0, v0, u1, v1 float64) {
		p, q := to(u0, v0), to(u1, v1)
		c.line(p.x, p.y, q.x, q.y, lw*(1+((v0+v1)/2)*0.8), white, 1)
	}
	seg(-1, 0, 1, 0)
	seg(0, 0, 0, 1)
	seg(-1, 0, -1, 1)
	seg(1, 0, 1, 1)
	var ring []pt
	for i := 0; i <= 64; i++ {
		t := float64(i) / 64 * 2 * math.Pi
		ring = append(ring, to(0.174*math.Cos(t), 0.5+0.135*math.Sin(t)))
	}
	c.polyline(ring, lw*1.3, white)
	for _, s := range []float64{-1, 1} {
		seg(s, 0.2, s*0.68, 0.2)
		seg(s*0.68, 0.2, s*0.68, 0.8)
		seg(s*0.68, 0.8, s, 0.8)
		seg(s, 0.36, s*0.88, 0.36)
		seg(s*0.88, 0.36, s*0.88, 0.64)
		seg(s*0.88, 0.64, s, 0.64)
		// Goal frame.
		g0, g1 := to(s, 0.43), to(s, 0.57)
		gh := H * 0.09
		c.line(g0.x, g0.y, g0.x, g0.y-gh, lw*1.6, white, 1)
		c.line(g1.x, g1.y, g1.x, g1.y-gh*1.15, lw*1.6, white, 1)
		c.line(g0.x, g0.y-gh, g1.x, g1.y-gh*1.15, lw*1.6, white, 1)
	}
	spot := to(0, 0.5)
	c.circle(spot.x, spot.y, lw*1.5, white, 1)

	// Players from two sides and the ball.
	teams := [][2]rgb{{hex(0xe53e3e), hex(0xffffff)}, {hex(0xf6e05e), hex(0x2b6cb0)}}
	for i := 0; i < 6+r.IntN(4); i++ {
		u, v := between(r, -0.9, 0.9), between(r, 0.15, 0.75)
		p := to(u, v)
		if p.x < 0 || p.x > W || p.y > H {
			continue
		}
		s := H * 0.075 * (dFar / (dFar - (dFar-dNear)*v))
		kit := teams[i%2]
		c.ellipse(p.x, p.y, s*0.22, s*0.05, hex(0x2a6a2a), 0.7)
		c.line(p.x-s*0.06, p.y-s*0.02, p.x-s*0.08, p.y-s*0.35, s*0.07, pick(r, skins), 1)
		c.line(p.x+s*0.06, p.y-s*0.02, p.x+s*0.1, p.y-s*0.35, s*0.07, pick(r, skins), 1)
		c.rect(p.x-s*0.13, p.y-s*0.5, p.x+s*0.13, p.y-s*0.33, kit[1], 1)
		c.poly([]pt{{p.x - s*0.15, p.y - s*0.48}, {p.x + s*0.15, p.y - s*0.48}, {p.x + s*0.17, p.y - s*0.85}, {p.x - s*0.17, p.y - s*0.85}}, kit[0], 1)
		c.circle(p.x, p.y-s*0.97, s*0.11, pick(r, skins), 1)
		c.ellipse(p.x, p.y-s*1.03, s*0.115, s*0.06, hex(0x1a1a1a), 1)
	}
	b := to(between(r, -0.5, 0.5), between(r, 0.3, 0.6))
	c.ellipse(b.x, b.y+H*0.004, H*0.016, H*0.005, hex(0x2a6a2a), 0.7)
	c.circle(b.x, b.y-H*0.008, H*0.011, hex(0xffffff), 1)
	c.circle(b.x+H*0.003, b.y-H*0.008, H*0.004, hex(0x222222), 1)
}

func drawMarket(c *canvas, r *rand.Rand) {
	W, H := c.W, c.H
	c.vgrad(0, H*0.6, jitter(r, hex(0xf7c98b), 8), hex(0xf6dcae))
	// Buildings behind the stalls.
	for x := 0.0; x < W; {
		w := W * between(r, 0.1, 0.22)
		h := H * between(r, 0.25, 0.45)
		col := jitter(r, pick(r, []rgb{hex(0xd9a273), hex(0xc98f6a), hex(0xe0b98a), hex(0xb9856a)}), 6)
		c.rect(x, H*0.55-h, x+w, H*0.6, col, 1)
		for wx := x + w*0.15; wx < x+w*0.8; wx += w * 0.3 {
			c.rect(wx, H*0.55-h+H*0.05, wx+w*0.14, H*0.55-h+H*0.12, mix(col, hex(0x3a2a20), 0.5), 1)
		}
		x += w
	}
	c.vgrad(H*0.6, H, hex(0xcfa173), hex(0xb98a5e))

	awnings := [][2]rgb{
		{hex(0xd64545), hex(0xfdf3e3)}, {hex(0x2b6cb0), hex(0xf6e05e)}, {hex(0x2f855a), hex(0xf7f1da)},
		{hex(0xdd6b20), hex(0xfffaf0)}, {hex(0x805ad5), hex(0xfbd38d)}, {hex(0xc53030), hex(0xf6e05e)},
	}
	r.Shuffle(len(awnings), func(i, j int) { awnings[i], awnings[j] = awnings[j], awnings[i] })
	produce := []rgb{hex(0xf08a24), hex(0xd93a2b), hex(0x6aa84f), hex(0xf4d03f), hex(0x7d3c98), hex(0x9acd32), hex(0xc0392b)}
	n := 4 + r.IntN(2)
	sw := W / float64(n)
	for i := 0; i < n; i++ {
		x0 := float64(i)*sw + sw*0.03
		x1 := x0 + sw*0.94
		aTop := H * between(r, 0.22, 0.28)
		aBot := aTop + H*0.13
		pole := hex(0x5b3a29)
		c.rect(x0+sw*0.04, aTop, x0+sw*0.07, H*0.82, pole, 1)
		c.rect(x1-sw*0.07, aTop, x1-sw*0.04, H*0.82, pole, 1)
		c.rect(x0+sw*0.07, aBot, x1-sw*0.07, H*0.64, hex(0x4a3326), 0.55)
		// Bulbs.
		for b := 0; b < 2; b++ {
			bx := x0 + sw*(0.3+0.4*float64(b))
			c.line(bx, aBot, bx, aBot+H*0.05, 2, hex(0x2d2018), 1)
			c.glow(bx, aBot+H*0.06, H*0.07, hex(0xffe9a8), 0.6)
			c.circle(bx, aBot+H*0.06, H*0.012, hex(0xfff4c9), 1)
		}
		// Striped awning with a scalloped edge.
		ac := awnings[i%len(awnings)]
		stripes := 6
		stw := (x1 - x0) / float64(stripes)
		for s := 0; s < stripes; s++ {
			col := ac[s%2]
			sx := x0 + float64(s)*stw
			c.poly([]pt{{sx + stw*0.15, aTop - H*0.05}, {sx + stw*1.15, aTop - H*0.05}, {sx + stw, aBot}, {sx, aBot}}, col, 1)
			c.ellipse(sx+stw/2, aBot, stw/2, stw*0.35, col, 1)
		}
		c.rect(x0+stw*0.15, aTop-H*0.055, x1+stw*0.15, aTop-H*0.045, mix(ac[0], hex(0x000000), 0.3), 1)
		// Counter and produce piles.
		tTop := H * 0.62
		c.rect(x0+sw*0.02, tTop, x1-sw*0.02, tTop+H*0.03, hex(0x8b5a3c), 1)
		c.rect(x0+sw*0.05, tTop+H*0.03, x1-sw*0.05, H*0.8, hex(0xa0694a), 1)
		c.rect(x0+sw*0.05, tTop+H*0.09, x1-sw*0.05, tTop+H*0.1, hex(0x8b5a3c), 1)
		piles := 3
		pw := (x1 - x0 - sw*0.1) / float64(piles)
		for p := 0; p < piles; p++ {
			col := pick(r, produce)
			pr := pw * between(r, 0.08, 0.1)
			cx := x0 + sw*0.05 + pw*(float64(p)+0.5)
			rows := 3 + r.IntN(2)
			for row := 0; row < rows; row++ {
				cnt := rows - row + 1
				y := tTop - pr*0.8 - float64(row)*pr*1.55
				for k := 0; k < cnt; k++ {
					x := cx + (float64(k)-float64(cnt-1)/2)*pr*1.9
					c.circle(x, y, pr, jitter(r, col, 12), 1)
					c.circle(x-pr*0.3, y-pr*0.3, pr*0.3, mix(col, hex(0xffffff), 0.4), 0.7)
				}
			}
		}
	}
	// Baskets on the ground and a few shoppers.
	for i := 0; i < 3+r.IntN(3); i++ {
		bx, by := between(r, 0, W), H*between(r, 0.86, 0.96)
		bw := W * between(r, 0.035, 0.05)
		col := pick(r, produce)
		for k := 0; k < 5; k++ {
			c.circle(bx+(float64(k)-2)*bw*0.35, by-bw*0.45, bw*0.22, jitter(r, col, 10), 1)
		}
		c.poly([]pt{{bx - bw, by - bw*0.45}, {bx + bw, by - bw*0.45}, {bx + bw*0.75, by + bw*0.3}, {bx - bw*0.75, by + bw*0.3}}, hex(0xc89b5a), 1)
		for k := 0; k < 3; k++ {
			y := by - bw*0.3 + float64(k)*bw*0.22
			c.rect(bx-bw*0.9, y, bx+bw*0.9, y+bw*0.05, hex(0x9c7440), 1)
		}
	}
	for i := 0; i < 2+r.IntN(2); i++ {
		x, y := between(r, W*0.05, W*0.95), H*between(r, 0.97, 1.02)
		s := H * between(r, 0.32, 0.4)
		cloth := pick(r, []rgb{hex(0x2c5282), hex(0x9b2c2c), hex(0x276749), hex(0x6b46c1), hex(0xb7791f)})
		c.ellipse(x, y-s*0.3, s*0.2, s*0.38, cloth, 1)
		c.circle(x, y-s*0.78, s*0.1, hex(0x7a4a2e), 1)
		c.ellipse(x, y-s*0.84, s*0.105, s*0.06, hex(0x1f1a17), 1)
	}
}

func drawHills(c *canvas, r *rand.Rand) {
	W, H := c.W, c.H
	palettes := [][2]uint32{
		{0xb4c8de, 0x1f3556}, // blue
		{0xc3cfe0, 0x2c3d63}, // slate
		{0xb6d0cf, 0x1e4a4f}, // teal
		{0xe6c3bd, 0x40294f}, // dawn
		{0xc2d9bf, 0x1f4a33}, // green
	}
	p := pick(r, palettes[:])
	far, near := hex(p[0]), hex(p[1])
	mist := mix(far, hex(0xffffff), 0.8)
	c.vgrad(0, H, jitter(r, mix(far, hex(0xffffff), 0.35), 6), mix(far, hex(0xffffff), 0.7), mix(far, hex(0xfff4e0), 0.85))
	sx, sy := W*between(r, 0.2, 0.8), H*between(r, 0.15, 0.3)
	c.glow(sx, sy, H*0.25, hex(0xfff8e6), 0.6)
	c.circle(sx, sy, H*0.06, hex(0xfffaf0), 0.9)
	c.birds(r, 2+r.IntN(4), W*0.1, H*0.08, W*0.9, H*0.3, H*0.014, mix(near, far, 0.4))
	layers := 5 + r.IntN(2)
	for i := 0; i < layers; i++ {
		t := float64(i) / float64(layers-1)
		base := H * (0.38 + 0.5*t)
		col := mix(far, near, math.Pow(t, 0.9))
		top := ridgeLine(r, W, base, H*(0.07-0.03*t), i < layers-2)
		c.ridge(top, H, col, mix(col, mist, 0.75-0.3*t), H*(0.16+0.1*t), 1)
		if i == layers-1 {
			// Pines along the nearest ridge.
			for x := between(r, 0, W*0.05); x < W; x += W * between(r, 0.012, 0.05) {
				y := top(x) + H*0.01
				h := H * between(r, 0.05, 0.11)
				for k := 0; k < 3; k++ {
					ty := y - h*float64(k)*0.28
					tw := h * (0.24 - 0.05*float64(k))
					c.poly([]pt{{x - tw, ty}, {x + tw, ty}, {x, ty - h*0.45}}, mix(col, hex(0x000000), 0.1), 1)
				}
			}
		}
	}
}

func drawAbstract(c *canvas, r *rand.Rand) {
	W, H := c.W, c.H
	palettes := [][6]uint32{
		{0xf4efe6, 0x1d3557, 0xe63946, 0x457b9d, 0xa8dadc, 0xf1c453},
		{0xf6f1e9, 0x264653, 0x2a9d8f, 0xe9c46a, 0xf4a261, 0xe76f51},
		{0xf3f0ea, 0x22223b, 0x4a4e69, 0x9a8c98, 0xc9ada7, 0xe07a5f},
		{0xf7f3ec, 0x0b3954, 0x087e8b, 0xbfd7ea, 0xff5a5f, 0xc81d25},
	}
	p := pick(r, palettes[:])
	bg := hex(p[0])
	cols := []rgb{hex(p[1]), hex(p[2]), hex(p[3]), hex(p[4]), hex(p[5])}
	c.rect(0, 0, W, H, bg, 1)
	gap := H * 0.018
	type box struct{ x0, y0, x1, y1 float64 }
	var boxes []box
	var split func(b box, depth int)
	split = func(b box, depth int) {
		w, h := b.x1-b.x0, b.y1-b.y0
		if depth == 0 || (depth < 3 && r.IntN(4) == 0) || w < W*0.12 || h < H*0.15 {
			boxes = append(boxes, b)
			return
		}
		t := between(r, 0.3, 0.7)
		if w > h*1.2 || (w > h*0.8 && r.IntN(2) == 0) {
			m := b.x0 + w*t
			split(box{b.x0, b.y0, m, b.y1}, depth-1)
			split(box{m, b.y0, b.x1, b.y1}, depth-1)
		} else {
			m := b.y0 + h*t
			split(box{b.x0, b.y0, b.x1, m}, depth-1)
			split(box{b.x0, m, b.x1, b.y1}, depth-1)
		}
	}
	split(box{gap, gap, W - gap, H - gap}, 4)
	for i, b := range boxes {
		x0, y0, x1, y1 := b.x0+gap/2, b.y0+gap/2, b.x1-gap/2, b.y1-gap/2
		fill := cols[(i+r.IntN(len(cols)))%len(cols)]
		c.rect(x0, y0, x1, y1, fill, 1)
		fg := cols[(i+1+r.IntN(len(cols)-1))%len(cols)]
		if fg == fill {
			fg = bg
		}
		w, h := x1-x0, y1-y0
		c.setClip(x0, y0, x1, y1)
		switch r.IntN(6) {
		case 0: // quarter disc from a corner
			cx, cy := pick(r, []float64{x0, x1}), pick(r, []float64{y0, y1})
			c.circle(cx, cy, math.Min(w, h)*between(r, 0.7, 1), fg, 1)
		case 1: // disc
			c.circle(x0+w/2, y0+h/2, math.Min(w, h)*0.32, fg, 1)
		case 2: // diagonal half
			if r.IntN(2) == 0 {
				c.poly([]pt{{x0, y1}, {x1, y0}, {x1, y1}}, fg, 1)
			} else {
				c.poly([]pt{{x0, y0}, {x1, y1}, {x0, y1}}, fg, 1)
			}
		case 3: // rising bars, a nod to business pages
			nb := 4 + r.IntN(3)
			bw := w / float64(nb*2+1)
			for k := 0; k < nb; k++ {
				bh := h * (0.2 + 0.6*float64(k+1)/float64(nb)) * between(r, 0.85, 1)
				bx := x0 + bw*(float64(k)*2+1)
				c.rect(bx, y1-bh, bx+bw, y1, fg, 1)
			}
		case 4: // stripes
			n := 5 + r.IntN(5)
			for k := 0; k < n; k += 2 {
				sy := y0 + h*float64(k)/float64(n)
				c.rect(x0, sy, x1, sy+h/float64(n), fg, 1)
			}
		}
		c.resetClip()
	}
	// One bold ring across the blocks ties the composition together.
	cx, cy := W*between(r, 0.25, 0.75), H*between(r, 0.3, 0.7)
	rr := H * between(r, 0.16, 0.24)
	ring := pick(r, cols)
	var pts []pt
	for i := 0; i <= 96; i++ {
		t := float64(i) / 96 * 2 * math.Pi
		pts = append(pts, pt{cx + rr*math.Cos(t), cy + rr*math.Sin(t)})
	}
	c.polyline(pts, H*0.03, bg)
	c.polyline(pts, H*0.016, ring)
}

func drawPortrait(c *canvas, r *rand.Rand) {
	S := c.W
	// Drawn first so that the hair style of a given seed is stable: 0 short hair, 1 long
	// hair, 2 short hair and a moustache, 3 hair in a bun.
	style := r.IntN(4)
	bgs := []rgb{hex(0xf6c28b), hex(0xa3d2ca), hex(0xb8c0ff), hex(0xf7a9a8), hex(0xc4e3a5), hex(0xf9dc8c), hex(0x9ad1f5)}
	bg := pick(r, bgs)
	c.vgrad(0, S, mix(bg, hex(0xffffff), 0.2), bg)
	c.circle(S*0.5, S*0.45, S*0.36, mix(bg, hex(0xffffff), 0.3), 1)
	skin := pick(r, []rgb{hex(0x8d5a3b), hex(0xa86b45), hex(0xc68a5e), hex(0xd9a273), hex(0x6e4329)})
	hair := pick(r, []rgb{hex(0x1b1512), hex(0x2b1d16), hex(0x3a2a20), hex(0x111111)})
	shirt := pick(r, []rgb{hex(0x2b4c7e), hex(0x7a2e3a), hex(0x2f6a4f), hex(0x5a4a8a), hex(0x3d3d3d), hex(0xc0562f), hex(0xe8e2d0)})
	cx := S * 0.5
	if style == 1 {
		c.ellipse(cx, S*0.5, S*0.2, S*0.26, hair, 1)
	}
	// Shoulders, then a gamosa (white cloth with red borders) hanging from behind the neck,
	// then the neck over it.
	c.ellipse(cx, S*1.02, S*0.36, S*0.3, shirt, 1)
	if r.IntN(2) == 0 {
		for _, side := range []float64{-1, 1} {
			c.line(cx+side*S*0.07, S*0.7, cx+side*S*0.12, S*1.02, S*0.1, hex(0xc8102e), 1)
			c.line(cx+side*S*0.07, S*0.7, cx+side*S*0.12, S*1.02, S*0.072, hex(0xf7f3ea), 1)
		}
	}
	neck := mix(skin, hex(0x000000), 0.12)
	c.rect(cx-S*0.065, S*0.52, cx+S*0.065, S*0.74, neck, 1)
	c.poly([]pt{{cx - S*0.065, S * 0.73}, {cx + S*0.065, S * 0.73}, {cx, S * 0.8}}, neck, 1)
	// Head.
	c.ellipse(cx, S*0.44, S*0.145, S*0.175, skin, 1)
	c.ellipse(cx-S*0.145, S*0.45, S*0.025, S*0.04, skin, 1)
	c.ellipse(cx+S*0.145, S*0.45, S*0.025, S*0.04, skin, 1)
	// Hair cap: the top of an ellipse clipped above the forehead.
	c.setClip(0, 0, S, S*0.36)
	c.ellipse(cx, S*0.41, S*0.16, S*0.19, hair, 1)
	c.resetClip()
	c.ellipse(cx+S*0.04, S*0.33, S*0.1, S*0.04, hair, 1)
	if style == 3 {
		c.circle(cx, S*0.22, S*0.075, hair, 1)
	}
	// Simple features.
	ink := mix(skin, hex(0x000000), 0.55)
	c.circle(cx-S*0.055, S*0.44, S*0.012, ink, 1)
	c.circle(cx+S*0.055, S*0.44, S*0.012, ink, 1)
	var smile []pt
	for i := 0; i <= 12; i++ {
		t := math.Pi * (0.15 + 0.7*float64(i)/12)
		smile = append(smile, pt{cx + S*0.045*math.Cos(t), S*0.5 + S*0.025*math.Sin(t)})
	}
	c.polyline(smile, S*0.012, ink)
	if style == 2 {
		c.ellipse(cx, S*0.488, S*0.048, S*0.013, hair, 1)
	}
	if r.IntN(3) == 0 {
		for _, dx := range []float64{-S * 0.055, S * 0.055} {
			var ring []pt
			for i := 0; i <= 32; i++ {
				t := float64(i) / 32 * 2 * math.Pi
				ring = append(ring, pt{cx + dx + S*0.035*math.Cos(t), S*0.44 + S*0.028*math.Sin(t)})
			}
			c.polyline(ring, S*0.008, hex(0x222222))
		}
		c.line(cx-S*0.02, S*0.44, cx+S*0.02, S*0.44, S*0.008, hex(0x222222), 1)
	}
}
