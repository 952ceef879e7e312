package demo

import (
	"image"
	"math"
	"runtime"
	"sync"
)

// rgb is a colour with float channels in 0–255, convenient for blending.
type rgb struct{ r, g, b float64 }

// scene describes a landscape drawn procedurally: a sky gradient, a sun or
// moon with a glow, two ridges of hills, and optionally water with waves
// and the sun's reflection. Positions are fractions of the image size, so
// one scene renders at any aspect ratio.
type scene struct {
	skyTop, skyLow rgb
	sun            rgb
	sunX, sunY     float64 // centre, as fractions of width and height
	sunR           float64 // radius, as a fraction of the shorter side
	far, near      rgb     // ridge colours
	farAmp         float64 // ridge heights, fractions of height
	nearAmp        float64
	phase          float64 // shifts the ridge shapes so scenes differ
	horizon        float64 // where water (or the ground) starts
	water          rgb
	hasWater       bool
	stars          bool
}

// render draws the scene at w×h, in horizontal bands drawn in parallel.
// Ridge heights depend only on the column, so they are worked out once per
// column rather than once per pixel.
func (s scene) render(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	far, near := make([]float64, w), make([]float64, w)
	for x := range far {
		u := (float64(x) + 0.5) / float64(w)
		far[x] = s.horizon - s.farAmp*ridge(u, s.phase, 3.1)
		near[x] = s.horizon + s.nearAmp*0.25 - s.nearAmp*ridge(u, s.phase+1.7, 2.3)
	}
	bands := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for b := range bands {
		wg.Go(func() { s.renderRows(img, far, near, b*h/bands, (b+1)*h/bands) })
	}
	wg.Wait()
	return img
}

// renderRows draws rows y0 to y1 (exclusive) of img.
func (s scene) renderRows(img *image.RGBA, far, near []float64, y0, y1 int) {
	w, h := img.Rect.Dx(), img.Rect.Dy()
	fw, fh, minSide := float64(w), float64(h), float64(min(w, h))
	for y := y0; y < y1; y++ {
		v := (float64(y) + 0.5) / fh
		for x := 0; x < w; x++ {
			u := (float64(x) + 0.5) / fw
			var c rgb
			if s.hasWater && v > s.horizon {
				c = s.sea(u, v, fw, minSide)
			} else {
				c = s.land(s.sky(u, v, fw, fh, minSide, x, y), v, fh, far[x], near[x])
			}
			i := img.PixOffset(x, y)
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = clamp8(c.r), clamp8(c.g), clamp8(c.b), 255
		}
	}
}

// land paints the far and near ridges over the sky colour c; the near
// ridge darkens towards the bottom of the picture.
func (s scene) land(c rgb, v, h, farTop, nearTop float64) rgb {
	c = mix(c, s.far, coverage(v, farTop, h))
	shade := mix(s.near, rgb{}, 0.35*clamp01((v-s.horizon)/(1-s.horizon)))
	return mix(c, shade, coverage(v, nearTop, h))
}

// sky paints the gradient, the glow and the disc of the sun, and stars.
func (s scene) sky(u, v, w, h, minSide float64, x, y int) rgb {
	c := mix(s.skyTop, s.skyLow, clamp01(v/s.horizon))
	if s.stars && starAt(x, y) {
		c = mix(c, rgb{255, 255, 240}, 0.9*(1-v/s.horizon))
	}
	d := math.Hypot((u-s.sunX)*w, (v-s.sunY)*h) / (s.sunR * minSide)
	if d > 10 {
		return c // the glow has faded to nothing this far out
	}
	c = add(c, s.sun, 0.45*math.Exp(-d*d/6))
	return mix(c, s.sun, clamp01((1-d)*s.sunR*minSide))
}

// sea paints water darkening with depth, wave bands, and the sun's
// shimmering reflection below it.
func (s scene) sea(u, v, w, minSide float64) rgb {
	depth := (v - s.horizon) / (1 - s.horizon)
	c := mix(mix(s.water, s.skyLow, 0.35), mix(s.water, rgb{}, 0.45), depth)
	wave := math.Sin(depth*depth*140+math.Sin(u*18+s.phase)*1.5) * 0.5
	c = add(c, rgb{255, 255, 255}, 0.05*wave*(1-depth))
	spread := s.sunR * minSide / w * (1 + 3*depth)
	if dx := math.Abs(u - s.sunX); dx < spread*1.6 && wave > 0 {
		c = mix(c, s.sun, 0.6*wave*(1-dx/(spread*1.6))*(1-depth*0.7))
	}
	return c
}

// ridge is a smooth hill profile in 0–1 along u.
func ridge(u, phase, freq float64) float64 {
	r := 0.55 + 0.25*math.Sin(u*freq*math.Pi+phase) + 0.12*math.Sin(u*freq*2.7*math.Pi+phase*2) + 0.06*math.Sin(u*freq*7.3*math.Pi+phase*3)
	return clamp01(r)
}

// coverage antialiases an edge at top: 0 above, 1 a pixel below.
func coverage(v, top, h float64) float64 { return clamp01((v-top)*h + 0.5) }

// starAt scatters a sparse, fixed field of stars.
func starAt(x, y int) bool {
	n := uint32(x)*73856093 ^ uint32(y)*19349663
	n ^= n >> 13
	n *= 0x5bd1e995
	return (n^n>>15)%900 == 0
}

func mix(a, b rgb, t float64) rgb {
	return rgb{a.r + (b.r-a.r)*t, a.g + (b.g-a.g)*t, a.b + (b.b-a.b)*t}
}

func add(a, b rgb, t float64) rgb { return rgb{a.r + b.r*t, a.g + b.g*t, a.b + b.b*t} }

func clamp01(t float64) float64 {
	switch {
	case t < 0:
		return 0
	case t > 1:
		return 1
	}
	return t
}

func clamp8(c float64) uint8 {
	switch {
	case c <= 0:
		return 0
	case c >= 255:
		return 255
	}
	return uint8(c + 0.5)
}
