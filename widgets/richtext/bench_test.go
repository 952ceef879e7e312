package richtext

import (
	"testing"

	"github.com/roost-embed/roost/entity"
)

// BenchmarkHTML renders a typical 200-character post with three entities.
func BenchmarkHTML(b *testing.B) {
	text := "Shipping the new embed today 🎉 Huge thanks to @alice for the review. " +
		"Cards now load in under 1 KB of CSS, no JS needed. Details: " +
		"https://example.com/blog/roost-embeds #webdev and more soon!"
	ents := entity.Find(text)
	if len(ents) != 3 {
		b.Fatalf("want 3 entities in the benchmark post, got %d", len(ents))
	}
	r := New(testLinks())
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		r.HTML(text, ents)
	}
}
