package media

import (
	"image"
	"image/color"
	"math"
	"runtime"
)

// resample returns the part r of img scaled to dw×dh by area averaging:
// each destination pixel is the mean of the source area it covers, in
// premultiplied colour so transparent pixels lend no colour. It reads the
// source a row at a time and holds only two rows of dw accumulators, where
// golang.org/x/image/draw's kernel scalers hold a dw × source-height float
// buffer (a 600 px card of a 16,384 px tall image was 300 MB). It is meant
// for downscaling, the only direction variants go.
func resample(img image.Image, r image.Rectangle, dw, dh int) *image.NRGBA {
	xs, ys := spans(r.Dx(), dw), spans(r.Dy(), dh)
	read := rowReader(img)
	src := make([]uint8, 4*r.Dx())
	hrow := make([]float32, 4*dw) // the last source row, scaled horizontally
	acc := make([]float32, 4*dw)
	lastY := -1
	dst := image.NewNRGBA(image.Rect(0, 0, dw, dh))
	for dy, sy := range ys {
		runtime.Gosched() // a row at a time, let waiting requests run
		clear(acc)
		for k, w := range sy.weights {
			y := sy.first + k
			if y != lastY {
				read(r.Min.Y+y, r.Min.X, r.Max.X, src)
				scaleRow(src, xs, hrow)
				lastY = y
			}
			for i, v := range hrow {
				acc[i] += w * v
			}
		}
		unpremultiply(acc, dst.Pix[dy*dst.Stride:])
	}
	return dst
}

// span is the source pixels one destination pixel covers: weights for the
// consecutive source indices from first, summing to 1.
type span struct {
	first   int
	weights []float32
}

// spans maps n source pixels onto m destination pixels.
func spans(n, m int) []span {
	out := make([]span, m)
	scale := float64(n) / float64(m)
	for i := range out {
		lo, hi := float64(i)*scale, float64(i+1)*scale
		first, last := int(lo), int(math.Ceil(hi))
		last = min(max(last, first+1), n)
		ws := make([]float32, last-first)
		for j := range ws {
			a, b := max(lo, float64(first+j)), min(hi, float64(first+j+1))
			ws[j] = float32((b - a) / (hi - lo))
		}
		out[i] = span{first, ws}
	}
	return out
}

// scaleRow averages one premultiplied RGBA row into dst by the spans xs.
func scaleRow(src []uint8, xs []span, dst []float32) {
	for dx, s := range xs {
		var r, g, b, a float32
		p := src[4*s.first:]
		for k, w := range s.weights {
			q := p[4*k : 4*k+4 : 4*k+4]
			r += w * float32(q[0])
			g += w * float32(q[1])
			b += w * float32(q[2])
			a += w * float32(q[3])
		}
		dst[4*dx], dst[4*dx+1], dst[4*dx+2], dst[4*dx+3] = r, g, b, a
	}
}

// unpremultiply writes premultiplied accumulators as NRGBA pixels.
func unpremultiply(acc []float32, pix []uint8) {
	for i := 0; i+3 < len(acc); i += 4 {
		a := acc[i+3]
		if a < 0.5 {
			pix[i], pix[i+1], pix[i+2], pix[i+3] = 0, 0, 0, 0
			continue
		}
		k := 255 / a
		pix[i] = to8(acc[i] * k)
		pix[i+1] = to8(acc[i+1] * k)
		pix[i+2] = to8(acc[i+2] * k)
		pix[i+3] = to8(a)
	}
}

func to8(v float32) uint8 {
	if v >= 255 {
		return 255
	}
	if v <= 0 {
		return 0
	}
	return uint8(v + 0.5)
}

// rowReader returns a function that writes pixels [x0, x1) of row y of
// img as premultiplied 8-bit RGBA. The decoders' own types get a direct
// path; anything else goes through At (slow, but correct).
func rowReader(img image.Image) func(y, x0, x1 int, dst []uint8) {
	switch m := img.(type) {
	case *image.YCbCr:
		return func(y, x0, x1 int, dst []uint8) {
			for x := x0; x < x1; x++ {
				yi, ci := m.YOffset(x, y), m.COffset(x, y)
				r, g, b := color.YCbCrToRGB(m.Y[yi], m.Cb[ci], m.Cr[ci])
				i := 4 * (x - x0)
				dst[i], dst[i+1], dst[i+2], dst[i+3] = r, g, b, 255
			}
		}
	case *image.RGBA:
		return func(y, x0, x1 int, dst []uint8) { copy(dst, m.Pix[m.PixOffset(x0, y):m.PixOffset(x1, y)]) }
	case *image.NRGBA:
		return func(y, x0, x1 int, dst []uint8) { premultiply(m.Pix[m.PixOffset(x0, y):m.PixOffset(x1, y)], dst) }
	case *image.Gray:
		return func(y, x0, x1 int, dst []uint8) {
			for i, v := range m.Pix[m.PixOffset(x0, y):m.PixOffset(x1, y)] {
				dst[4*i], dst[4*i+1], dst[4*i+2], dst[4*i+3] = v, v, v, 255
			}
		}
	case *image.Paletted:
		pal := premultipliedPalette(m.Palette)
		return func(y, x0, x1 int, dst []uint8) {
			for i, v := range m.Pix[m.PixOffset(x0, y):m.PixOffset(x1, y)] {
				copy(dst[4*i:4*i+4], pal[v][:])
			}
		}
	}
	return func(y, x0, x1 int, dst []uint8) {
		for x := x0; x < x1; x++ {
			r, g, b, a := img.At(x, y).RGBA()
			i := 4 * (x - x0)
			dst[i], dst[i+1], dst[i+2], dst[i+3] = uint8(r>>8), uint8(g>>8), uint8(b>>8), uint8(a>>8)
		}
	}
}

func premultiply(src, dst []uint8) {
	for i := 0; i+3 < len(src); i += 4 {
		a := uint32(src[i+3])
		if a == 255 { // opaque, the common case: nothing to scale
			copy(dst[i:i+4], src[i:i+4])
			continue
		}
		dst[i] = uint8((uint32(src[i])*a + 127) / 255)
		dst[i+1] = uint8((uint32(src[i+1])*a + 127) / 255)
		dst[i+2] = uint8((uint32(src[i+2])*a + 127) / 255)
		dst[i+3] = uint8(a)
	}
}

// premultipliedPalette has an entry for every byte value, so a pixel
// index past a short palette reads as transparent instead of panicking.
func premultipliedPalette(p color.Palette) *[256][4]uint8 {
	var out [256][4]uint8
	for i, c := range p {
		if i == 256 {
			break
		}
		r, g, b, a := c.RGBA()
		out[i] = [4]uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
	}
	return &out
}
