// Package media stores uploaded and imported images under one directory,
// content-addressed by their SHA-256, so identical files are kept once and
// a stored file never changes under a URL that caches hold forever.
package media

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"github.com/roost-embed/roost/storage"
)

// ErrUnsupportedType means the bytes are not a JPEG, PNG, GIF or WebP image
// (the server answers 415). SVG and HTML are never accepted: they can carry
// scripts that would run on Roost's origin.
var ErrUnsupportedType = errors.New("unsupported media type")

// ErrTooLarge means the upload is longer than the library's byte limit (the
// server answers 413).
var ErrTooLarge = errors.New("media too large")

// DefaultMaxBytes is the upload limit used when NewLibrary is given 0.
const DefaultMaxBytes = 10 << 20

// DefaultSaveWait is how long Save waits for decode memory when Options
// leave it 0; past it, Save fails with ErrBusy (503 for an upload).
const DefaultSaveWait = 10 * time.Second

// Library is a directory of content-addressed image files and the one
// bounded path by which they are decoded.
type Library struct {
	dir      string // absolute
	maxBytes int64
	video    VideoLimits // SaveVideo's limits (video_save.go)
	saveWait time.Duration
	budget   *budget
	deriver  *deriver
	decodes  atomic.Uint64 // originals decoded
	refused  atomic.Uint64 // uploads refused by the limits
}

// Options configure a library; zero fields get the defaults.
type Options struct {
	MaxBytes     int64         // largest file (DefaultMaxBytes)
	DecodeBudget int64         // bytes all decodes may hold at once (DefaultDecodeBudget)
	SaveWait     time.Duration // longest Save waits for the budget (DefaultSaveWait)
}

// NewLibrary opens (and creates) the media directory dir. maxBytes caps
// the size of one file; 0 means DefaultMaxBytes.
func NewLibrary(dir string, maxBytes int64) (*Library, error) {
	return Open(dir, Options{MaxBytes: maxBytes})
}

// Open opens (and creates) the media directory dir with opt.
func Open(dir string, opt Options) (*Library, error) {
	if opt.MaxBytes < 0 || opt.DecodeBudget < 0 || opt.SaveWait < 0 {
		return nil, fmt.Errorf("media: negative option in %+v", opt)
	}
	if opt.MaxBytes == 0 {
		opt.MaxBytes = DefaultMaxBytes
	}
	if opt.DecodeBudget == 0 {
		opt.DecodeBudget = DefaultDecodeBudget
	}
	if opt.SaveWait == 0 {
		opt.SaveWait = DefaultSaveWait
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("media: dir %q: %w", dir, err)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, fmt.Errorf("media: create dir: %w", err)
	}
	l := &Library{dir: abs, maxBytes: opt.MaxBytes, saveWait: opt.SaveWait, budget: newBudget(opt.DecodeBudget)}
	l.deriver = newDeriver(l)
	return l, nil
}

// Dir returns the absolute media directory.
func (l *Library) Dir() string { return l.dir }

// MaxBytes returns the largest file Save accepts, so the server can set a
// matching request body limit.
func (l *Library) MaxBytes() int64 { return l.maxBytes }

// Save checks that r holds one supported image within the limits, makes
// its variants from one decode and stores them and it. It returns a Media
// with the content fields filled (Path, ContentType, Kind, Width, Height,
// Bytes, Color); ID, OwnerID and Alt are left to the caller, who records
// the row in the store. Saving the same bytes twice yields the same Path
// and writes nothing the second time. Nothing is written unless all of it
// can be: the original last, so a stored original has its variants.
func (l *Library) Save(r io.Reader) (*storage.Media, error) {
	return l.SaveContext(context.Background(), r)
}

// SaveContext is Save that stops waiting for decode memory when ctx ends.
func (l *Library) SaveContext(ctx context.Context, r io.Reader) (*storage.Media, error) {
	data, err := l.read(r)
	if err != nil {
		return nil, err
	}
	info, err := inspect(data)
	if err != nil {
		if errors.Is(err, storage.ErrInvalid) {
			l.refused.Add(1)
		}
		return nil, err
	}
	sum := sha256.Sum256(data)
	rel := relPath(hex.EncodeToString(sum[:]), info.format.ext)
	d, err := l.derive(ctx, rel, data, info.format, info.header, l.saveWait)
	if err != nil {
		return nil, err
	}
	info.color = d.color
	if err := l.writeVariants(d); err != nil {
		return nil, err
	}
	if err := l.write(rel, data); err != nil {
		return nil, err
	}
	return &storage.Media{
		Path:        rel,
		ContentType: info.format.contentType,
		Kind:        "image",
		Width:       info.width,
		Height:      info.height,
		Bytes:       int64(len(data)),
		Color:       info.color,
	}, nil
}

// read takes at most maxBytes+1 bytes from r, so an oversized upload is
// detected without reading it all.
func (l *Library) read(r io.Reader) ([]byte, error) {
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, io.LimitReader(r, l.maxBytes+1)); err != nil {
		return nil, fmt.Errorf("media: read upload: %w", err)
	}
	if int64(buf.Len()) > l.maxBytes {
		return nil, fmt.Errorf("media: file is larger than %d bytes: %w", l.maxBytes, ErrTooLarge)
	}
	if buf.Len() == 0 {
		return nil, storage.Invalid("file", "is empty")
	}
	return buf.Bytes(), nil
}
