package widgets

import (
	"bytes"
	"fmt"
	"io/fs"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
)

// minifier wraps two tdewolff minifiers: one for the assets at start, and
// one for documents that knows only HTML, so the already-minified inline CSS
// and script pass through untouched (the CSP hash stays valid) and a render
// does no CSS or JS work.
type minifier struct {
	assets *minify.M
	docs   *minify.M
}

func newMinifier() *minifier {
	assets := minify.New()
	assets.AddFunc("text/css", css.Minify)
	assets.AddFunc("application/javascript", js.Minify)
	docs := minify.New()
	// Document and end tags are kept: the output stays valid, tokenises to the
	// same structure as the template output, and costs few bytes compressed.
	docs.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true})
	return &minifier{assets: assets, docs: docs}
}

// asset reads and minifies one asset file.
func (m *minifier) asset(fsys fs.FS, name, mediatype string) ([]byte, error) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("widgets: reading asset: %w", err)
	}
	out, err := m.assets.Bytes(mediatype, src)
	if err != nil {
		return nil, fmt.Errorf("widgets: minifying asset %s: %w", name, err)
	}
	return bytes.TrimSpace(out), nil
}

// html minifies a rendered document into a new slice the caller owns.
func (m *minifier) html(doc []byte) ([]byte, error) {
	var out bytes.Buffer
	out.Grow(len(doc))
	if err := m.docs.Minify("text/html", &out, bytes.NewReader(doc)); err != nil {
		return nil, fmt.Errorf("widgets: minifying document: %w", err)
	}
	return out.Bytes(), nil
}
