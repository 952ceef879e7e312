package richtext

import (
	"github.com/roost-embed/roost/storage"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	gtext "github.com/yuin/goldmark/text"
)

// spansNode holds the inline content of a whole post: text runs (with a
// line break flag at each line end) and entity nodes.
type spansNode struct {
	ast.BaseInline
	kind ast.NodeKind
}

// Kind implements ast.Node.
func (n *spansNode) Kind() ast.NodeKind { return n.kind }

// Dump implements ast.Node.
func (n *spansNode) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// entityNode is one stored entity; its span is source[Start:End].
type entityNode struct {
	ast.BaseInline
	kind ast.NodeKind
	ent  storage.Entity
}

// Kind implements ast.Node.
func (n *entityNode) Kind() ast.NodeKind { return n.kind }

// Dump implements ast.Node.
func (n *entityNode) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// spanParser is the only inline parser. goldmark calls it at the head of
// the post's first line (a line head triggers the ' ' parsers, or the
// parsers of its first byte when that is punctuation), and it parses the
// whole block at once, as goldmark allows. Taking every line itself keeps
// goldmark's line-end handling (trailing spaces and backslashes turned into
// hard breaks and trimmed) away from the text, and lets entities start
// anywhere, not only after spaces or punctuation.
type spanParser struct {
	kinds kinds
	key   parser.ContextKey
}

// Trigger returns ' ' and every ASCII punctuation byte, so the parser
// runs at the head of the first line whatever its first byte.
func (spanParser) Trigger() []byte {
	t := []byte{' '}
	for c := byte('!'); c <= '~'; c++ {
		if !('0' <= c && c <= '9') && !('a' <= c && c <= 'z') && !('A' <= c && c <= 'Z') {
			t = append(t, c)
		}
	}
	return t
}

// Parse consumes every remaining line of the block.
func (p spanParser) Parse(_ ast.Node, block gtext.Reader, pc parser.Context) ast.Node {
	ents, _ := pc.Get(p.key).([]storage.Entity)
	spans := &spansNode{kind: p.kinds.spans}
	src := block.Source()
	for {
		line, seg := block.PeekLine()
		if line == nil {
			break
		}
		ents = p.appendLine(spans, src, seg, ents)
		block.AdvanceLine()
	}
	return spans
}

// appendLine appends the text runs and entities of the line seg to spans
// and returns the entities not yet used. A line ending in "\n" or "\r\n"
// ends with a text run flagged as a hard line break.
func (p spanParser) appendLine(spans ast.Node, src []byte, seg gtext.Segment, ents []storage.Entity) []storage.Entity {
	pos, stop := seg.Start, seg.Stop
	newline := stop > pos && src[stop-1] == '\n'
	if newline {
		stop--
		if stop > pos && src[stop-1] == '\r' {
			stop--
		}
	}
	for len(ents) > 0 && ents[0].Start < pos {
		ents = ents[1:] // before this line: in text goldmark did not hand over
	}
	for len(ents) > 0 && ents[0].End <= stop {
		e := ents[0]
		if e.Start > pos {
			spans.AppendChild(spans, ast.NewTextSegment(gtext.NewSegment(pos, e.Start)))
		}
		spans.AppendChild(spans, &entityNode{kind: p.kinds.entity, ent: e})
		pos, ents = e.End, ents[1:]
	}
	if pos < stop || newline {
		t := ast.NewTextSegment(gtext.NewSegment(pos, stop))
		t.SetHardLineBreak(newline)
		spans.AppendChild(spans, t)
	}
	return ents
}
