package media

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/roost-embed/roost/storage"
)

// Limits on what an image may be, checked from its header and chunk
// structure before a single pixel is decoded: a tiny file can declare a
// huge canvas, a zlib bomb in a metadata chunk or thousands of frames.
// Each refusal is a 422 naming the limit.
const (
	// MaxPixels is the largest canvas accepted: 4096 × 4096, the limit
	// Mastodon applies. Decoded, it is 64 MiB of RGBA: the default decode
	// budget. Cards show 600 px and avatars 96, so nothing an embed shows
	// needs more.
	MaxPixels = 16_777_216
	// MaxSide bounds either side, so a 16.7 M pixel strip is still refused.
	MaxSide = 16384
	// MaxPNGDecodeBytes bounds what a PNG decodes to: MaxPixels at 4 bytes.
	// A 16-bit PNG takes 8 bytes a pixel and an interlaced one decodes its
	// passes apart (twice the bytes), so they get fewer pixels. (Other
	// formats decode to at most 4 bytes a pixel; a progressive JPEG's
	// coefficients, up to 1.5× this at the pixel limit, are the one decode
	// larger than the default budget, which it then takes alone.)
	MaxPNGDecodeBytes = MaxPixels * 4
	// MaxFrames is the most frames an animated GIF, APNG or WebP may have.
	MaxFrames = 1000
	// MaxAnimationPixels bounds frames × canvas: what a browser decodes
	// to play the animation once (1000 frames of 512 × 512).
	MaxAnimationPixels = 1000 * 512 * 512
	// MaxMetadataChunk is the largest text, ICC profile or EXIF chunk of
	// a PNG or WebP; real profiles are a few KiB, rarely 1 MiB.
	MaxMetadataChunk = 1 << 20
	// MaxInflatedMetadata bounds what a PNG's compressed text and ICC
	// chunks inflate to, all together.
	MaxInflatedMetadata = 4 << 20
	// MaxJPEGScans bounds the scans of a progressive JPEG: each one
	// re-reads every coefficient, so thousands make a CPU bomb. Encoders
	// write about ten.
	MaxJPEGScans = 100
)

// header is what the structural walk learns about an image.
type header struct {
	width, height int // as stored
	bytesPerPixel int // of the decoded image, at full size
	interlaced    bool
	progressive   bool // JPEG: coefficients are held between scans
	chroma        int  // JPEG: sum over components of h×v / (h0×v0), in quarters
	frames        int
}

// checkHeader reads f's header and walks its structure, refusing what the
// limits forbid and files that end early.
func checkHeader(f format, data []byte) (header, error) {
	cfg, err := f.decodeConfig(bytes.NewReader(data))
	if err != nil {
		return header{}, storage.Invalid("file", "is not a valid %s image: %v", f.ext, err)
	}
	if err := checkSize(cfg.Width, cfg.Height); err != nil {
		return header{}, err
	}
	h := header{width: cfg.Width, height: cfg.Height, bytesPerPixel: 4, frames: 1}
	switch f.ext {
	case "png":
		err = walkPNG(data, &h)
	case "gif":
		err = walkGIF(data, &h)
	case "webp":
		err = walkWebP(data, &h)
	case "jpg":
		err = walkJPEG(data, &h)
	}
	if err != nil {
		return header{}, err
	}
	if h.frames > MaxFrames {
		return header{}, storage.Invalid("file", "has %d frames; at most %d are accepted", h.frames, MaxFrames)
	}
	if int64(h.frames)*int64(h.width)*int64(h.height) > MaxAnimationPixels {
		return header{}, storage.Invalid("file", "is %d frames of %d×%d pixels; at most %d pixels in all frames together",
			h.frames, h.width, h.height, MaxAnimationPixels)
	}
	return h, nil
}

// checkSize refuses empty canvases, over-long sides and decompression bombs.
func checkSize(w, h int) error {
	switch {
	case w <= 0 || h <= 0:
		return storage.Invalid("file", "has no pixels (%d×%d)", w, h)
	case w > MaxSide || h > MaxSide:
		return storage.Invalid("file", "is %d×%d pixels; each side may be at most %d", w, h, MaxSide)
	case int64(w)*int64(h) > MaxPixels:
		return storage.Invalid("file", "is %d×%d pixels; at most %d pixels (4096×4096) are accepted", w, h, MaxPixels)
	}
	return nil
}

func truncated(what string) error {
	return storage.Invalid("file", "is truncated or corrupt: %s", what)
}

// walkPNG walks the chunks: each must fit the file, IEND must end it,
// metadata chunks must be small and inflate to little, and an APNG's
// frame count comes from acTL.
func walkPNG(data []byte, h *header) error {
	inflated := 0
	for i := 8; ; {
		if i+12 > len(data) {
			return truncated("the file ends before the IEND chunk")
		}
		n := int(binary.BigEndian.Uint32(data[i:]))
		typ := string(data[i+4 : i+8])
		if n > len(data)-i-12 {
			return truncated(fmt.Sprintf("the %q chunk runs past the end of the file", typ))
		}
		body := data[i+8 : i+8+n]
		switch typ {
		case "IHDR":
			if len(body) == 13 {
				h.interlaced = body[12] == 1
				h.bytesPerPixel = pngBytesPerPixel(body[9], body[8])
				if err := checkPNGDecode(h); err != nil {
					return err
				}
			}
		case "acTL":
			if len(body) >= 4 {
				h.frames = int(min(binary.BigEndian.Uint32(body), 1<<30))
			}
		case "tEXt", "zTXt", "iTXt", "iCCP", "eXIf":
			if n > MaxMetadataChunk {
				return storage.Invalid("file", "has a %d-byte %s chunk; metadata chunks may be at most %d bytes", n, typ, MaxMetadataChunk)
			}
			got, err := inflatedSize(typ, body, MaxInflatedMetadata-inflated)
			if err != nil {
				return err
			}
			inflated += got
		case "IEND":
			return nil
		}
		i += 12 + n
	}
}

// pngBytesPerPixel is what image/png decodes a colour type and bit depth
// to: Gray or Gray16, Paletted, RGBA or NRGBA, their 64-bit forms.
func pngBytesPerPixel(colorType, depth byte) int {
	switch {
	case colorType == 3:
		return 1
	case colorType == 0 && depth == 16:
		return 2
	case colorType == 0:
		return 1
	case depth == 16:
		return 8
	}
	return 4
}

func checkPNGDecode(h *header) error {
	n := int64(h.width) * int64(h.height) * int64(h.bytesPerPixel)
	kind := fmt.Sprintf("%d-byte-a-pixel", h.bytesPerPixel)
	if h.interlaced {
		n, kind = 2*n, kind+" interlaced"
	}
	if n > MaxPNGDecodeBytes {
		return storage.Invalid("file", "is a %s PNG of %d×%d pixels that decodes to %d MiB; at most %d MiB (%d pixels at 4 bytes) are accepted",
			kind, h.width, h.height, n>>20, MaxPNGDecodeBytes>>20, MaxPixels)
	}
	return nil
}

// inflatedSize measures a compressed metadata chunk (zTXt, iCCP, iTXt with
// its compression flag set) by inflating it into nothing, refusing more
// than room bytes. Other chunks count as their length.
func inflatedSize(typ string, body []byte, room int) (int, error) {
	kw := bytes.IndexByte(body, 0)
	var z []byte
	switch {
	case kw < 0:
		return len(body), nil
	case typ == "zTXt" || typ == "iCCP":
		z = body[min(kw+2, len(body)):] // keyword, NUL, method
	case typ == "iTXt" && kw+1 < len(body) && body[kw+1] == 1:
		rest := body[min(kw+3, len(body)):] // flag, method, then language and translated keyword
		for range 2 {
			j := bytes.IndexByte(rest, 0)
			if j < 0 {
				return 0, truncated("an iTXt chunk is malformed")
			}
			rest = rest[j+1:]
		}
		z = rest
	default:
		return len(body), nil
	}
	zr, err := zlib.NewReader(bytes.NewReader(z))
	if err != nil {
		return 0, storage.Invalid("file", "has a corrupt %s chunk: %v", typ, err)
	}
	n, err := io.Copy(io.Discard, io.LimitReader(zr, int64(room)+1))
	if n > int64(room) {
		return 0, storage.Invalid("file", "has %s metadata that inflates past %d bytes; at most %d bytes of metadata are accepted",
			typ, MaxInflatedMetadata, MaxInflatedMetadata)
	}
	if err != nil {
		return 0, storage.Invalid("file", "has a corrupt %s chunk: %v", typ, err)
	}
	return int(n), nil
}

// walkGIF counts image descriptors by skipping every block's sub-blocks,
// without decompressing anything. A file cut inside a block is refused;
// one that ends after a whole frame without the trailer byte is taken, as
// browsers take it.
func walkGIF(data []byte, h *header) error {
	if len(data) < 13 {
		return truncated("the file ends inside the GIF header")
	}
	i := 13
	if data[10]&0x80 != 0 { // global colour table
		i += 3 << (data[10]&7 + 1)
	}
	h.frames = 0
	for {
		if i >= len(data) {
			if h.frames == 0 {
				return truncated("the file ends before the first GIF frame")
			}
			return nil
		}
		switch data[i] {
		case 0x3B: // trailer
			h.frames = max(h.frames, 1)
			return nil
		case 0x21: // extension: label, then sub-blocks
			i += 2
		case 0x2C: // image descriptor, local colour table, LZW code size, sub-blocks
			h.frames++
			if h.frames > MaxFrames {
				return nil // checkHeader names the limit
			}
			if i+10 > len(data) {
				return truncated("the file ends inside a GIF frame header")
			}
			flags := data[i+9]
			i += 10
			if flags&0x80 != 0 {
				i += 3 << (flags&7 + 1)
			}
			i++ // LZW minimum code size
		default:
			return truncated(fmt.Sprintf("unknown GIF block 0x%02x at byte %d", data[i], i))
		}
		var ok bool
		if i, ok = skipSubBlocks(data, i); !ok {
			return truncated("the file ends inside a GIF block")
		}
	}
}

// skipSubBlocks steps over length-prefixed sub-blocks to the one after
// the zero-length terminator.
func skipSubBlocks(data []byte, i int) (int, bool) {
	for i < len(data) {
		n := int(data[i])
		i++
		if n == 0 {
			return i, true
		}
		i += n
	}
	return i, false
}

// walkWebP checks the RIFF length against the file, counts ANMF frames
// and bounds the metadata chunks.
func walkWebP(data []byte, h *header) error {
	if len(data) < 12 {
		return truncated("the file ends inside the RIFF header")
	}
	riff := int(binary.LittleEndian.Uint32(data[4:]))
	if riff+8 > len(data) {
		return truncated(fmt.Sprintf("the RIFF header declares %d bytes, the file has %d", riff+8, len(data)))
	}
	frames := 0
	for i := 12; i+8 <= riff+8; {
		typ := string(data[i : i+4])
		n := int(binary.LittleEndian.Uint32(data[i+4:]))
		if n > riff+8-i-8 {
			return truncated(fmt.Sprintf("the %q chunk runs past the end of the file", typ))
		}
		switch typ {
		case "ANMF":
			frames++
		case "ICCP", "EXIF", "XMP ":
			if n > MaxMetadataChunk {
				return storage.Invalid("file", "has a %d-byte %s chunk; metadata chunks may be at most %d bytes", n, typ, MaxMetadataChunk)
			}
		}
		i += 8 + n + n&1
	}
	h.frames = max(frames, 1)
	return nil
}

// walkJPEG reads the frame header for the decode's memory cost, then
// steps through the entropy-coded data counting scans up to the end of
// image marker, which must be there.
func walkJPEG(data []byte, h *header) error {
	scans := 0
	for i := 2; i+2 <= len(data); {
		if data[i] != 0xFF {
			i++ // entropy-coded data, or fill bytes between segments
			continue
		}
		m := data[i+1]
		switch {
		case m == 0xD9: // end of image
			return nil
		case m == 0xFF: // a fill byte: the marker follows
			i++
			continue
		case m == 0x00 || (m >= 0xD0 && m <= 0xD7): // stuffed byte, restart
			i += 2
			continue
		}
		if i+4 > len(data) {
			break
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return truncated(fmt.Sprintf("a JPEG segment (marker 0x%02X) runs past the end of the file", m))
		}
		switch {
		case m == 0xC2:
			h.progressive = true
			fallthrough
		case m == 0xC0 || m == 0xC1:
			h.chroma = jpegChroma(data[i+4 : i+2+n])
		case m == 0xDA:
			if scans++; scans > MaxJPEGScans {
				return storage.Invalid("file", "has more than %d JPEG scans", MaxJPEGScans)
			}
		}
		i += 2 + n
	}
	return truncated("the file ends before the JPEG end-of-image marker")
}

// jpegChroma sums each component's sampling relative to the first, in
// quarters: 4:2:0 YCbCr is 4+1+1 = 6, 4:4:4 is 12.
func jpegChroma(sof []byte) int {
	if len(sof) < 6 {
		return 12
	}
	nc := int(sof[5])
	if len(sof) < 6+3*nc || nc == 0 {
		return 12
	}
	h0, v0 := int(sof[7]>>4), int(sof[7]&15)
	if h0*v0 == 0 {
		return 12
	}
	sum := 0
	for c := range nc {
		s := sof[7+3*c]
		sum += 4 * int(s>>4) * int(s&15) / (h0 * v0)
	}
	return max(sum, 1)
}
