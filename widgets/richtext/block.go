package richtext

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	gtext "github.com/yuin/goldmark/text"
)

// kinds are the goldmark node kinds of one Renderer. They live in the
// Renderer rather than in package variables.
type kinds struct {
	post, spans, entity ast.NodeKind
}

// postBlock holds every line of a post, blank ones included.
type postBlock struct {
	ast.BaseBlock
	kind ast.NodeKind
}

// Kind implements ast.Node.
func (b *postBlock) Kind() ast.NodeKind { return b.kind }

// Dump implements ast.Node.
func (b *postBlock) Dump(source []byte, level int) { ast.DumpHelper(b, source, level, nil, nil) }

// postParser is the only block parser: it opens on the first non-blank line
// and accepts every line after it, so no heading, list, quote, code block,
// thematic break or HTML block can ever form, and leading spaces, "---",
// "===" and blank lines stay as typed.
type postParser struct{ kind ast.NodeKind }

// Trigger returns nil: the parser is tried on every line.
func (postParser) Trigger() []byte { return nil }

// Open starts the post at the first non-blank line. goldmark skips blank
// lines before the first block; they are put back here so that they render
// too.
func (p postParser) Open(parent ast.Node, reader gtext.Reader, _ parser.Context) (ast.Node, parser.State) {
	_, seg := reader.PeekLine()
	node := &postBlock{kind: p.kind}
	if parent.ChildCount() == 0 {
		appendLines(node.Lines(), reader.Source(), 0, seg.Start)
	}
	node.Lines().Append(seg)
	return node, parser.NoChildren
}

// Continue keeps every line, blank or not.
func (postParser) Continue(node ast.Node, reader gtext.Reader, _ parser.Context) parser.State {
	line, seg := reader.PeekLine()
	if line == nil {
		return parser.Close
	}
	node.Lines().Append(seg)
	return parser.Continue | parser.NoChildren
}

// Close has nothing to finish.
func (postParser) Close(ast.Node, gtext.Reader, parser.Context) {}

// CanInterruptParagraph reports true; there are no paragraphs to interrupt.
func (postParser) CanInterruptParagraph() bool { return true }

// CanAcceptIndentedLine reports true, so indented lines are text, not code.
func (postParser) CanAcceptIndentedLine() bool { return true }

// appendLines appends src[start:end] to lines, one segment per line.
func appendLines(lines *gtext.Segments, src []byte, start, end int) {
	for i := start; i < end; i++ {
		if src[i] == '\n' {
			lines.Append(gtext.NewSegment(start, i+1))
			start = i + 1
		}
	}
	if start < end {
		lines.Append(gtext.NewSegment(start, end))
	}
}
