package media

import (
	"fmt"
	"image"
	"image/color"
)

// colorSamples is the side of the grid of pixels averaged for the
// placeholder colour: enough to be stable, few enough to be instant.
const colorSamples = 64

// averageColor returns the alpha-weighted mean colour of a grid of samples
// of img as "#rrggbb", or "" when the image is fully transparent. It is the
// placeholder shown while the image loads.
func averageColor(img image.Image) string {
	b := img.Bounds()
	var r, g, bl, a uint64
	for _, y := range sampleAxis(b.Min.Y, b.Dy()) {
		for _, x := range sampleAxis(b.Min.X, b.Dx()) {
			c := color.NRGBA64Model.Convert(img.At(x, y)).(color.NRGBA64)
			w := uint64(c.A)
			r += uint64(c.R) * w
			g += uint64(c.G) * w
			bl += uint64(c.B) * w
			a += w
		}
	}
	if a == 0 {
		return ""
	}
	return fmt.Sprintf("#%02x%02x%02x", r/a>>8, g/a>>8, bl/a>>8)
}

// sampleAxis returns up to colorSamples evenly spaced coordinates, each in
// the middle of its stripe, along an axis starting at start of length n.
func sampleAxis(start, n int) []int {
	k := min(n, colorSamples)
	out := make([]int, k)
	for i := range out {
		out[i] = start + (2*i+1)*n/(2*k)
	}
	return out
}
