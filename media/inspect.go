package media

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/roost-embed/roost/storage"
)

// Limits on what an image may claim in its header. A tiny file can declare
// a huge canvas; decoding it would allocate width×height×4 bytes, so such
// decompression bombs are refused before any pixel is decoded.
const (
	maxSide   = 16384
	maxPixels = 64 << 20
	// colorMaxPixels bounds the full decode done for the placeholder colour
	// (and to catch truncated files); larger images keep Color empty.
	colorMaxPixels = 16 << 20
)

// imageInfo is what inspect learns about an image.
type imageInfo struct {
	format        format
	width, height int
	color         string
}

// inspect sniffs, bounds-checks and (when small enough) decodes data.
func inspect(data []byte) (imageInfo, error) {
	f, ok := sniff(data)
	if !ok {
		return imageInfo{}, fmt.Errorf("media: content is %s: %w", http.DetectContentType(data), ErrUnsupportedType)
	}
	cfg, err := f.decodeConfig(bytes.NewReader(data))
	if err != nil {
		return imageInfo{}, storage.Invalid("file", "is not a valid %s image: %v", f.ext, err)
	}
	if err := checkSize(cfg.Width, cfg.Height); err != nil {
		return imageInfo{}, err
	}
	info := imageInfo{format: f, width: cfg.Width, height: cfg.Height}
	if f.ext == "jpg" && swapsSides(jpegOrientation(data)) {
		// Width and height are what a page reserves: the image as shown,
		// which for a quarter-turned photo is the stored one sideways.
		info.width, info.height = cfg.Height, cfg.Width
	}
	if cfg.Width*cfg.Height <= colorMaxPixels {
		img, err := f.decode(bytes.NewReader(data))
		if err != nil {
			return imageInfo{}, storage.Invalid("file", "is a damaged %s image: %v", f.ext, err)
		}
		info.color = averageColor(img)
	}
	return info, nil
}

// checkSize refuses empty canvases, over-long sides and decompression bombs.
func checkSize(w, h int) error {
	switch {
	case w <= 0 || h <= 0:
		return storage.Invalid("file", "has no pixels (%d×%d)", w, h)
	case w > maxSide || h > maxSide:
		return storage.Invalid("file", "is %d×%d pixels; each side may be at most %d", w, h, maxSide)
	case int64(w)*int64(h) > maxPixels:
		return storage.Invalid("file", "is %d×%d pixels; at most %d pixels in all", w, h, maxPixels)
	}
	return nil
}
