package media

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"testing"
)

func TestAverageColor(t *testing.T) {
	halves := image.NewNRGBA(image.Rect(0, 0, 100, 10))
	for x := 0; x < 100; x++ {
		for y := 0; y < 10; y++ {
			c := color.NRGBA{R: 255, A: 255}
			if x >= 50 {
				c = color.NRGBA{B: 255, A: 255}
			}
			halves.Set(x, y, c)
		}
	}
	tests := map[string]struct {
		img  image.Image
		want string
	}{
		"solid":        {solid(300, 200, color.NRGBA{R: 0x12, G: 0x34, B: 0x56, A: 255}), "#123456"},
		"red and blue": {halves, "#7f007f"},
		"transparent":  {solid(10, 10, color.NRGBA{R: 255}), ""},
		"one pixel":    {solid(1, 1, color.NRGBA{G: 255, A: 255}), "#00ff00"},
		// Transparent pixels do not drag the colour towards black.
		"half transparent": {withTransparentHalf(solid(20, 20, color.NRGBA{R: 200, G: 100, A: 255})), "#c86400"},
	}
	for name, tt := range tests {
		if got := averageColor(tt.img); got != tt.want {
			t.Errorf("%s: averageColor = %q, want %q", name, got, tt.want)
		}
	}
}

// withTransparentHalf clears the left half of img.
func withTransparentHalf(img *image.NRGBA) *image.NRGBA {
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Dx()/2; x++ {
			img.Set(x, y, color.NRGBA{})
		}
	}
	return img
}

// TestWebPWiring checks that the WebP decoders are the ones wired for
// image/webp, independent of any package registering itself with image.
func TestWebPWiring(t *testing.T) {
	data, err := base64.StdEncoding.DecodeString(tinyWebP)
	if err != nil {
		t.Fatal(err)
	}
	f, ok := sniff(data)
	if !ok || f.contentType != "image/webp" || f.ext != "webp" {
		t.Fatalf("sniff(tiny webp) = %+v, %v; want image/webp", f, ok)
	}
	cfg, err := f.decodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width != 1 || cfg.Height != 1 {
		t.Fatalf("webp DecodeConfig = %+v, %v; want 1×1", cfg, err)
	}
	if _, err := f.decodeConfig(bytes.NewReader(data[:20])); err == nil {
		t.Error("truncated webp header accepted")
	}
}
