package media

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/roost-embed/roost/storage"
)

// Video limits used when SetVideoLimits was not called.
const (
	DefaultMaxVideoBytes    = 100 << 20
	DefaultMaxVideoDuration = 10 * time.Minute
)

// ErrTooLong means a video runs longer than the library's duration limit
// (the server answers 422 naming the file).
var ErrTooLong = fmt.Errorf("video too long: %w", storage.ErrInvalid)

// VideoLimits are the largest and longest video SaveVideo accepts.
type VideoLimits struct {
	MaxBytes    int64
	MaxDuration time.Duration
}

// videoLimits returns the limits in force, the defaults filling zeros.
func (l *Library) videoLimits() VideoLimits {
	v := l.video
	if v.MaxBytes <= 0 {
		v.MaxBytes = DefaultMaxVideoBytes
	}
	if v.MaxDuration <= 0 {
		v.MaxDuration = DefaultMaxVideoDuration
	}
	return v
}

// SetVideoLimits sets the video size and duration limits (zero keeps the
// default). Call it before the library is shared.
func (l *Library) SetVideoLimits(v VideoLimits) { l.video = v }

// MaxVideoBytes returns the largest video SaveVideo accepts, so the server
// can set a matching request body limit.
func (l *Library) MaxVideoBytes() int64 { return l.videoLimits().MaxBytes }

// SaveVideo streams r to a temporary file (never whole in memory), probes
// it as an MP4 or WebM, and stores it under its SHA-256. It returns a Media
// of kind video with the content fields filled; the caller adds the
// poster, owner and alt text and records the row.
func (l *Library) SaveVideo(r io.Reader) (*storage.Media, VideoInfo, error) {
	lim := l.videoLimits()
	tmp, err := os.CreateTemp(l.dir, ".video-*")
	if err != nil {
		return nil, VideoInfo{}, fmt.Errorf("media: temp file: %w", err)
	}
	defer func() { tmp.Close(); os.Remove(tmp.Name()) }() // a no-op after the rename
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(tmp, h), io.LimitReader(r, lim.MaxBytes+1))
	switch {
	case err != nil:
		return nil, VideoInfo{}, fmt.Errorf("media: read upload: %w", err)
	case n > lim.MaxBytes:
		return nil, VideoInfo{}, fmt.Errorf("media: video is larger than %d bytes: %w", lim.MaxBytes, ErrTooLarge)
	case n == 0:
		return nil, VideoInfo{}, storage.Invalid("file", "is empty")
	}
	info, err := ProbeVideo(tmp, n)
	if err != nil {
		return nil, VideoInfo{}, err
	}
	if info.Duration > lim.MaxDuration {
		return nil, VideoInfo{}, fmt.Errorf("media: the video runs %v, over the %v limit: %w",
			info.Duration.Round(time.Second), lim.MaxDuration, ErrTooLong)
	}
	rel := relPath(hex.EncodeToString(h.Sum(nil)), info.Ext)
	if err := l.placeTemp(tmp, rel, n); err != nil {
		return nil, VideoInfo{}, err
	}
	return &storage.Media{Path: rel, ContentType: info.ContentType, Kind: storage.MediaVideo, Width: info.Width,
		Height: info.Height, Bytes: n, DurationMS: info.Duration.Milliseconds()}, info, nil
}

// placeTemp moves a complete temporary file to rel, unless a file of the
// same size (the same content: the name is its hash) is already there.
func (l *Library) placeTemp(tmp *os.File, rel string, n int64) error {
	final := filepath.Join(l.dir, filepath.FromSlash(rel))
	if st, err := os.Stat(final); err == nil && st.Size() == n {
		return nil
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("media: write video: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return fmt.Errorf("media: create dir: %w", err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("media: write video: %w", err)
	}
	if err := os.Rename(tmp.Name(), final); err != nil {
		return fmt.Errorf("media: store %s: %w", rel, err)
	}
	return nil
}

// Remove deletes the stored file rel and its derived sizes, when no row
// names it any more (the caller checks). A missing file is no error.
func (l *Library) Remove(rel string) error {
	full, err := l.Path(rel)
	if err != nil {
		return err
	}
	if err := os.Remove(full); err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("media: remove %s: %w", rel, err)
	}
	for _, w := range []int{48, 96, 600} {
		for _, ext := range []string{"jpg", "png"} {
			if v, err := l.Path(variantRel(rel, w, ext)); err == nil {
				os.Remove(v) // most widths were never made
			}
		}
	}
	return nil
}
