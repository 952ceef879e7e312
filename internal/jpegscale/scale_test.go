package jpegscale

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"testing"
)

// images are upstream's test files: baseline, progressive, subsampled,
// grey, RGB and CMYK.
var images = []string{
	"video-001.jpeg", "video-001.progressive.jpeg", "video-001.221212.jpeg",
	"video-001.cmyk.jpeg", "video-001.q50.420.progressive.jpeg",
	"video-001.q50.444.progressive.jpeg", "video-005.gray.q50.progressive.jpeg", "video-001.rgb.jpeg",
}

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestFullSizeMatchesStandardLibrary: shift 0 is the upstream decoder,
// pixel for pixel (the 16-bit progressive storage loses nothing).
func TestFullSizeMatchesStandardLibrary(t *testing.T) {
	for _, name := range images {
		data := read(t, name)
		want, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: std: %v", name, err)
		}
		got, err := Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got.Bounds() != want.Bounds() {
			t.Fatalf("%s: bounds %v, want %v", name, got.Bounds(), want.Bounds())
		}
		if d := meanDiff(got, want, 0); d != 0 {
			t.Errorf("%s: differs from image/jpeg by %.3f per channel", name, d)
		}
	}
}

// TestScaledIsTheDownscaledImage: each shift yields the rounded-up size
// and, channel by channel, about the box-filtered full decode.
func TestScaledIsTheDownscaledImage(t *testing.T) {
	for _, name := range images {
		data := read(t, name)
		full, err := jpeg.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		for shift := 1; shift <= 3; shift++ {
			got, err := DecodeScaled(bytes.NewReader(data), shift)
			if err != nil {
				t.Fatalf("%s shift %d: %v", name, shift, err)
			}
			w, h := ScaledSize(full.Bounds().Dx(), full.Bounds().Dy(), shift)
			if got.Bounds() != image.Rect(0, 0, w, h) {
				t.Fatalf("%s shift %d: bounds %v, want %dx%d", name, shift, got.Bounds(), w, h)
			}
			// A subsampled plane keeps its subsampling at the reduced size,
			// so it is coarser than the box-filtered full image: a few
			// levels, more for the RGB file whose subsampled planes are
			// green and blue themselves. A wrong block position or scale
			// makes tens of levels.
			tolerance := 7.0
			if name == "video-001.rgb.jpeg" {
				tolerance = 16
			}
			if d := meanDiff(got, full, shift); d > tolerance {
				t.Errorf("%s shift %d: %.2f levels per channel from the box-filtered full image", name, shift, d)
			}
		}
	}
}

func TestScaledRefusesBadShiftAndTruncation(t *testing.T) {
	if _, err := DecodeScaled(bytes.NewReader(read(t, "video-001.jpeg")), 4); err == nil {
		t.Error("shift 4 accepted")
	}
	data := read(t, "video-001.jpeg")
	if _, err := DecodeScaled(bytes.NewReader(data[:len(data)/2]), 2); err == nil {
		t.Error("truncated image decoded without an error")
	}
}

// meanDiff compares got with full box-filtered by 1<<shift, over got's
// pixels whose cells lie wholly inside full.
func meanDiff(got, full image.Image, shift int) float64 {
	cell := 1 << shift
	b := full.Bounds()
	var sum, n float64
	for y := 0; (y+1)*cell <= b.Dy(); y++ {
		for x := 0; (x+1)*cell <= b.Dx(); x++ {
			var acc [3]float64
			for cy := 0; cy < cell; cy++ {
				for cx := 0; cx < cell; cx++ {
					c := color.NRGBAModel.Convert(full.At(x*cell+cx, y*cell+cy)).(color.NRGBA)
					acc[0] += float64(c.R)
					acc[1] += float64(c.G)
					acc[2] += float64(c.B)
				}
			}
			g := color.NRGBAModel.Convert(got.At(x, y)).(color.NRGBA)
			for i, v := range []uint8{g.R, g.G, g.B} {
				d := float64(v) - acc[i]/float64(cell*cell)
				if d < 0 {
					d = -d
				}
				sum += d
				n++
			}
		}
	}
	return sum / n
}
