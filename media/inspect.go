package media

import (
	"fmt"
	"net/http"
)

// imageInfo is what inspect learns about an image.
type imageInfo struct {
	format        format
	header        header
	width, height int // as shown (EXIF orientation applied)
	color         string
}

// inspect sniffs data and checks its header against the limits, without
// decoding any pixel.
func inspect(data []byte) (imageInfo, error) {
	f, ok := sniff(data)
	if !ok {
		return imageInfo{}, fmt.Errorf("media: content is %s: %w", http.DetectContentType(data), ErrUnsupportedType)
	}
	h, err := checkHeader(f, data)
	if err != nil {
		return imageInfo{}, err
	}
	info := imageInfo{format: f, header: h, width: h.width, height: h.height}
	if f.ext == "jpg" && swapsSides(jpegOrientation(data)) {
		// Width and height are what a page reserves: the image as shown,
		// which for a quarter-turned photo is the stored one sideways.
		info.width, info.height = h.height, h.width
	}
	return info, nil
}
