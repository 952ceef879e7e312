package richtext

import (
	"testing"

	"github.com/roost-embed/roost/entity"
	"github.com/roost-embed/roost/internal/lineartest"
)

// linearPatterns are inputs that would make a Markdown-ish renderer or an
// escaper rescan: emphasis and link openers, entities, quotes, newlines.
var linearPatterns = map[string]string{
	"emphasis":   "*_`~",
	"brackets":   "[[[(",
	"html":       "<a <b &amp;&#",
	"newlines":   "a\n\n\r\n",
	"blockquote": "> > 1. ",
	"code":       "    `x",
	"entities":   "@a #b $C https://e.com/x ",
	"backslash":  "\\\\\\*",
	"bidi":       "\u202e\u200b\ufeffx",
}

// TestHTMLDoublingRatio renders inputs from 2 KB to 16 KB (a post is at most 4000 characters) of each pattern,
// with the entities Find gives them: each doubling may cost at most 2.5×.
func TestHTMLDoublingRatio(t *testing.T) {
	r := New(testLinks())
	lineartest.Check(t, linearPatterns, func(text string) func() {
		ents := entity.Find(text)
		return func() { r.HTML(text, ents) }
	})
}
