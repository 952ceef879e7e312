package media

import (
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"

	"golang.org/x/image/webp"
)

// format is one accepted image type and the decoders for it. Decoders are
// called directly rather than through image.Decode, so what is accepted
// never depends on which packages happen to register themselves.
type format struct {
	contentType  string
	ext          string
	decodeConfig func(io.Reader) (image.Config, error)
	decode       func(io.Reader) (image.Image, error)
}

// sniff returns the format of data judged by its content alone; the file
// name and the client's Content-Type are never consulted.
func sniff(data []byte) (format, bool) {
	return formatFor(http.DetectContentType(data))
}

// formatFor returns the format for a content type Roost accepts.
func formatFor(contentType string) (format, bool) {
	switch contentType {
	case "image/jpeg":
		return format{contentType, "jpg", jpeg.DecodeConfig, jpeg.Decode}, true
	case "image/png":
		return format{contentType, "png", png.DecodeConfig, png.Decode}, true
	case "image/gif":
		return format{contentType, "gif", gif.DecodeConfig, gif.Decode}, true
	case "image/webp":
		return format{contentType, "webp", webp.DecodeConfig, webp.Decode}, true
	}
	return format{}, false
}

// ContentTypeForExt returns the content type of a stored file extension
// ("jpg" or ".jpg"), or "" for an extension the library never writes.
func ContentTypeForExt(ext string) string {
	if len(ext) > 0 && ext[0] == '.' {
		ext = ext[1:]
	}
	switch ext {
	case "jpg", "jpeg":
		return "image/jpeg"
	case "png":
		return "image/png"
	case "gif":
		return "image/gif"
	case "webp":
		return "image/webp"
	case "mp4":
		return "video/mp4"
	case "webm":
		return "video/webm"
	}
	return ""
}
