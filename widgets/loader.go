package widgets

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
)

// MaxLoaderBrotli is the hard budget of the loader script, brotli-compressed:
// it is what every publisher's visitor downloads, so start-up fails when an
// edit makes it outgrow this. It is the limit (1.5 KB; the goal is
// 1 KB); TestLoaderBuilt logs the current size.
const MaxLoaderBrotli = 1536

// Loader is the publisher's loader script (assets/widgets.js), minified and
// compressed once at start, so serving it costs no work per request. Its
// fields never change after NewRenderer.
type Loader struct {
	Identity []byte
	Gzip     []byte
	Brotli   []byte
	ETag     string // strong, quoted: the first 16 bytes of the SHA-256 in hex
	Name     string // "widgets.<hash>.js", its immutable name under /assets/
}

// Loader returns the loader script built at start.
func (r *Renderer) Loader() *Loader { return r.loader }

// newLoader reads, minifies and compresses widgets.js (gzip and brotli at
// their best levels, which only start-up pays for) and names it by its
// content hash.
func newLoader(fsys fs.FS, m *minifier) (*Loader, error) {
	js, err := m.asset(fsys, "widgets.js", "application/javascript")
	if err != nil {
		return nil, err
	}
	l := &Loader{Identity: js}
	if l.Gzip, err = gzipBest(js); err != nil {
		return nil, err
	}
	if l.Brotli, err = brotliBest(js); err != nil {
		return nil, err
	}
	if len(l.Brotli) > MaxLoaderBrotli {
		return nil, fmt.Errorf("widgets: widgets.js is %d bytes brotli, over its %d-byte budget", len(l.Brotli), MaxLoaderBrotli)
	}
	sum := sha256.Sum256(js)
	l.ETag = `"` + hex.EncodeToString(sum[:16]) + `"`
	l.Name = "widgets." + hex.EncodeToString(sum[:6]) + ".js"
	return l, nil
}

func gzipBest(b []byte) ([]byte, error) {
	var out bytes.Buffer
	w, err := gzip.NewWriterLevel(&out, gzip.BestCompression)
	if err != nil {
		return nil, fmt.Errorf("widgets: gzip: %w", err)
	}
	if _, err = w.Write(b); err == nil {
		err = w.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("widgets: gzip: %w", err)
	}
	return out.Bytes(), nil
}

func brotliBest(b []byte) ([]byte, error) {
	var out bytes.Buffer
	w := brotli.NewWriterLevel(&out, brotli.BestCompression)
	_, err := w.Write(b)
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return nil, fmt.Errorf("widgets: brotli: %w", err)
	}
	return out.Bytes(), nil
}
