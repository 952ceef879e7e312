// Package richtext turns stored post text and its entities into safe inline
// HTML for post cards.
//
// It uses goldmark's parser and renderer with nothing of Markdown left in
// them: one block parser that keeps every line as typed and one inline
// parser driven by the entities stored with the post, so what was linked
// when the post was written is exactly what is linked now, and a post that
// starts with "#1" or contains "*stars*", "> quote", "1. item", "    code"
// or "<b>" shows exactly what was typed. Every "\n" becomes <br>.
package richtext

import (
	"bytes"
	"html/template"

	"github.com/roost-embed/roost/storage"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	gtext "github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Links builds the href of each entity kind; the card renderer supplies it.
// Each function must escape its argument for use in a URL; the Renderer
// escapes the result for the HTML attribute. A nil function, or one that
// returns "", leaves entities of that kind as plain text.
type Links struct {
	Mention func(handle string) string
	Hashtag func(tag string) string
	Cashtag func(symbol string) string
}

// Renderer renders post text. It is built once and safe for concurrent use:
// goldmark's parser and renderer keep no per-call state, and everything a
// render needs travels in its own parser context.
type Renderer struct {
	md  goldmark.Markdown
	key parser.ContextKey // where a render's usable entities travel
}

// New builds a Renderer whose mention, hashtag and cashtag links come from
// links.
func New(links Links) *Renderer {
	k := kinds{
		post:   ast.NewNodeKind("RoostPost"),
		spans:  ast.NewNodeKind("RoostSpans"),
		entity: ast.NewNodeKind("RoostEntity"),
	}
	key := parser.NewContextKey()
	p := parser.NewParser(
		parser.WithBlockParsers(util.Prioritized(postParser{kind: k.post}, 100)),
		parser.WithInlineParsers(util.Prioritized(spanParser{kinds: k, key: key}, 100)),
	)
	r := renderer.NewRenderer(renderer.WithNodeRenderers(
		util.Prioritized(&nodeRenderer{kinds: k, links: links}, 100)))
	return &Renderer{md: goldmark.New(goldmark.WithParser(p), goldmark.WithRenderer(r)), key: key}
}

// HTML renders text as inline HTML (no wrapping <p>): user text escaped,
// usable entities as links, line breaks as <br>. Entities that are out of
// range, overlapping, not on rune boundaries or spanning lines are ignored;
// links whose scheme is not http, https or mailto render as text.
func (r *Renderer) HTML(text string, ents []storage.Entity) template.HTML {
	src := []byte(text)
	pc := parser.NewContext()
	pc.Set(r.key, usable(text, ents))
	doc := r.md.Parser().Parse(gtext.NewReader(src), parser.WithContext(pc))
	var out htmlBuffer
	out.Grow(len(src) + len(src)/4 + 128*len(ents))
	if doc.ChildCount() == 0 || r.md.Renderer().Render(&out, src, doc) != nil {
		// Only blank lines (no block opened) or a failed render, which the
		// node renderers never cause: show the text as text.
		out.Reset()
		writeLines(&out, src)
	}
	return template.HTML(out.String())
}

// htmlBuffer is the util.BufWriter goldmark renders into, so that it does
// not wrap the output in a bufio.Writer of its own on every call.
type htmlBuffer struct{ bytes.Buffer }

// Buffered reports the bytes written so far.
func (b *htmlBuffer) Buffered() int { return b.Len() }

// Flush does nothing: the buffer is the destination.
func (b *htmlBuffer) Flush() error { return nil }
