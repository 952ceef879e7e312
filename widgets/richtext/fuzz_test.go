package richtext

import (
	"testing"

	"github.com/roost-embed/roost/entity"
	"github.com/roost-embed/roost/storage"
)

// FuzzHTML renders arbitrary text with the entities Find gives it and with
// one arbitrary stored entity, and checks that the output holds no tag but
// <a href=http(s)/mailto>, </a> and <br>.
func FuzzHTML(f *testing.F) {
	for _, seed := range []string{
		"hi @bob #go $AAPL https://example.com/a_(b).",
		"#1 *x* > q\n1. i\n    c\n<b>&amp;\\",
		"日本語#タグ\r\n\xff\x00 mailto:a@b.co",
	} {
		f.Add(seed, 0, 4, "url", "javascript:alert(1)")
	}
	r := New(testLinks())
	f.Fuzz(func(t *testing.T, text string, start, end int, kind, value string) {
		found := entity.Find(text)
		for _, ents := range [][]storage.Entity{
			found,
			append(found, storage.Entity{Kind: storage.EntityKind(kind), Start: start, End: end, Value: value}),
		} {
			html := string(r.HTML(text, ents))
			if problem := markupProblem(html); problem != "" {
				t.Fatalf("unsafe markup (%s) for %q %+v: %s", problem, text, ents, html)
			}
		}
	})
}
