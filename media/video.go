package media

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"time"
)

// ErrBadVideo means the bytes start like an MP4 or WebM file but are not a
// whole, playable one: truncated, corrupt, or without a video track Roost
// can serve (the server answers 422 naming the file).
var ErrBadVideo = errors.New("bad video")

// VideoInfo is what probing a video file found.
type VideoInfo struct {
	ContentType string // video/mp4 or video/webm
	Ext         string // mp4 or webm
	Width       int
	Height      int
	Duration    time.Duration
	HasAudio    bool
}

// sniffVideo judges by the first bytes alone whether data is an MP4 (an
// ISO-BMFF "ftyp" box first) or a WebM (an EBML header), never by the name
// or the client's Content-Type.
func sniffVideo(head []byte) (contentType string, ok bool) {
	switch {
	case len(head) >= 12 && string(head[4:8]) == "ftyp":
		return "video/mp4", true
	case len(head) >= 4 && binary.BigEndian.Uint32(head) == ebmlHeaderID:
		return "video/webm", true
	}
	return "", false
}

// IsVideo reports whether head (the first bytes of a file) looks like a
// video Roost accepts, so a caller can choose between SaveVideo and Save.
func IsVideo(head []byte) bool {
	_, ok := sniffVideo(head)
	return ok
}

// ProbeVideo reads the container of the size-byte file r: its kind,
// picture size, running time and whether it carries sound. Every box or
// element it walks must lie inside the file, so a truncated upload is
// refused rather than stored.
func ProbeVideo(r io.ReaderAt, size int64) (VideoInfo, error) {
	head := make([]byte, 12)
	if _, err := r.ReadAt(head, 0); err != nil {
		return VideoInfo{}, badVideo("the file is too short to be a video")
	}
	ct, ok := sniffVideo(head)
	if !ok {
		return VideoInfo{}, fmt.Errorf("media: not an MP4 or WebM video: %w", ErrUnsupportedType)
	}
	var (
		info VideoInfo
		err  error
	)
	if ct == "video/mp4" {
		info, err = probeMP4(r, size)
		info.ContentType, info.Ext = ct, "mp4"
	} else {
		info, err = probeWebM(r, size)
		info.ContentType, info.Ext = ct, "webm"
	}
	if err != nil {
		return VideoInfo{}, err
	}
	if info.Width <= 0 || info.Height <= 0 || info.Width > maxVideoSide || info.Height > maxVideoSide {
		return VideoInfo{}, badVideo("the picture size %d×%d is not one a card can show", info.Width, info.Height)
	}
	return info, nil
}

// maxVideoSide bounds a video's width and height (8K).
const maxVideoSide = 8192

func badVideo(format string, args ...any) error {
	return fmt.Errorf("media: %s: %w", fmt.Sprintf(format, args...), ErrBadVideo)
}

// readAt reads exactly n bytes at off, or reports the file as truncated.
func readAt(r io.ReaderAt, off int64, n int) ([]byte, error) {
	b := make([]byte, n)
	if _, err := r.ReadAt(b, off); err != nil {
		return nil, badVideo("the file ends early (at byte %d)", off)
	}
	return b, nil
}
