package jpegscale

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzDecodeScaled: no input panics at any scale, and what decodes has
// the size ScaledSize promises.
func FuzzDecodeScaled(f *testing.F) {
	names, _ := filepath.Glob("testdata/*.jpeg")
	for _, n := range names {
		if b, err := os.ReadFile(n); err == nil {
			f.Add(b, uint8(1))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, s uint8) {
		shift := int(s % 4)
		cfg, err := DecodeConfig(bytes.NewReader(data))
		if err != nil || cfg.Width*cfg.Height > 1<<20 {
			return
		}
		img, err := DecodeScaled(bytes.NewReader(data), shift)
		if err != nil {
			return
		}
		w, h := ScaledSize(cfg.Width, cfg.Height, shift)
		if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
			t.Fatalf("shift %d of %dx%d decoded to %v, want %dx%d", shift, cfg.Width, cfg.Height, b, w, h)
		}
	})
}
