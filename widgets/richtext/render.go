package richtext

import (
	"github.com/roost-embed/roost/storage"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// linkAttrs are the attributes of every link to another site.
const linkAttrs = `" rel="noopener noreferrer nofollow ugc" target="_blank">`

// nodeRenderer is the only node renderer: documents, the post block and
// the spans container add no markup; text is escaped; entities become links.
type nodeRenderer struct {
	kinds kinds
	links Links
}

// RegisterFuncs implements renderer.NodeRenderer.
func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindDocument, passThrough)
	reg.Register(r.kinds.post, passThrough)
	reg.Register(r.kinds.spans, passThrough)
	reg.Register(ast.KindText, renderText)
	reg.Register(r.kinds.entity, r.renderEntity)
}

// passThrough renders a container's children and nothing of its own.
func passThrough(util.BufWriter, []byte, ast.Node, bool) (ast.WalkStatus, error) {
	return ast.WalkContinue, nil
}

// renderText writes a text run escaped, then <br> if a line ends with it.
func renderText(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	t := n.(*ast.Text)
	writeEscaped(w, t.Segment.Value(source), false)
	if t.HardLineBreak() || t.SoftLineBreak() {
		_, _ = w.WriteString("<br>")
	}
	return ast.WalkContinue, nil
}

// renderEntity writes an entity as a link, or as plain text when it does
// not hold up (bad scheme, bad handle, no link builder).
func (r *nodeRenderer) renderEntity(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	e := n.(*entityNode).ent
	typed := source[e.Start:e.End]
	href, class := r.href(e)
	if href == "" {
		writeEscaped(w, typed, false)
		return ast.WalkSkipChildren, nil
	}
	_, _ = w.WriteString(`<a href="`)
	writeEscaped(w, []byte(href), true)
	if e.Kind == storage.EntityURL {
		_, _ = w.WriteString(linkAttrs)
		writeEscaped(w, displayURL(e.Value, typed), false)
	} else {
		_, _ = w.WriteString(`" class="` + class + `">`)
		writeEscaped(w, typed, false)
	}
	_, _ = w.WriteString("</a>")
	return ast.WalkSkipChildren, nil
}

// href returns the link target of e and its class, or "" when e must
// render as text.
func (r *nodeRenderer) href(e storage.Entity) (href, class string) {
	switch e.Kind {
	case storage.EntityURL:
		if safeURL(e.Value) {
			return e.Value, ""
		}
	case storage.EntityMention:
		if r.links.Mention != nil && validHandle(e.Value) {
			return r.links.Mention(e.Value), "m"
		}
	case storage.EntityHashtag:
		if r.links.Hashtag != nil && e.Value != "" {
			return r.links.Hashtag(e.Value), "h"
		}
	case storage.EntityCashtag:
		if r.links.Cashtag != nil && validSymbol(e.Value) {
			return r.links.Cashtag(e.Value), "c"
		}
	}
	return "", ""
}
