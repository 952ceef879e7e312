package widgets

import (
	"bytes"
	"compress/gzip"
	"testing"

	"github.com/andybalholm/brotli"
)

// BenchmarkPostDocument is a cold render of a typical card (two entities,
// one image): view model, template and minify, before compression. Goal
// ≤ 150 µs.
func BenchmarkPostDocument(b *testing.B) {
	r := newTestRenderer(b)
	v, o := typicalPost(b), DefaultPostOptions()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.PostDocument(v, o); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPostDocumentCompressed adds what a cache fill does next: gzip
// and brotli at fast levels. Goal ≤ 1 ms.
func BenchmarkPostDocumentCompressed(b *testing.B) {
	r := newTestRenderer(b)
	v, o := typicalPost(b), DefaultPostOptions()
	b.ReportAllocs()
	for b.Loop() {
		doc, err := r.PostDocument(v, o)
		if err != nil {
			b.Fatal(err)
		}
		gz, br := compressed(b, doc, gzip.BestSpeed, 4)
		b.SetBytes(int64(len(doc) + gz + br))
	}
}

// BenchmarkRichDocument is BenchmarkPostDocument for each rich card kind,
// to compare with the typical card in the same run.
func BenchmarkRichDocument(b *testing.B) {
	r := newTestRenderer(b)
	cases := renderCases(b)
	for _, name := range []string{"typical", "poll_open", "card_large", "card_small", "video"} {
		c := cases[name]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := r.PostDocument(c.view, c.opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// maxBrotliCard is the hard limit on a typical card document, brotli
// compressed; the goal is 3 KB.
const maxBrotliCard = 4096

// TestPostDocumentSize logs the bytes of a typical card document raw, gzip
// and brotli, and fails when brotli exceeds maxBrotliCard.
func TestPostDocumentSize(t *testing.T) {
	r := newTestRenderer(t)
	for _, name := range []string{"typical", "plain", "tomb_404", "poll_open", "poll_closed", "card_large", "card_small", "card_text", "video", "gif", "quote_with_video"} {
		c := renderCases(t)[name]
		doc, err := r.PostDocument(c.view, c.opts)
		if err != nil {
			t.Fatal(err)
		}
		gzFast, brFast := compressed(t, doc, gzip.BestSpeed, 4)
		gzBest, brBest := compressed(t, doc, gzip.BestCompression, 11)
		t.Logf("%-11s raw %5d B, gzip %4d B (level 1) %4d B (level 9), brotli %4d B (q4) %4d B (q11)",
			name, len(doc), gzFast, gzBest, brFast, brBest)
		if brBest > maxBrotliCard {
			t.Errorf("%s card is %d bytes brotli, over the %d-byte limit", name, brBest, maxBrotliCard)
		}
	}
}

// compressed returns the gzip and brotli sizes of doc at the given levels.
func compressed(tb testing.TB, doc []byte, gzLevel, brQuality int) (int, int) {
	tb.Helper()
	var gz, br bytes.Buffer
	gw, err := gzip.NewWriterLevel(&gz, gzLevel)
	if err != nil {
		tb.Fatal(err)
	}
	bw := brotli.NewWriterLevel(&br, brQuality)
	for _, w := range []interface {
		Write([]byte) (int, error)
		Close() error
	}{gw, bw} {
		if _, err := w.Write(doc); err != nil {
			tb.Fatal(err)
		}
		if err := w.Close(); err != nil {
			tb.Fatal(err)
		}
	}
	return gz.Len(), br.Len()
}
