package cache

import (
	"bytes"
	"runtime"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
)

// Compression levels. A fill compresses on the request path of the first
// visitor, so it uses fast levels; the upgrader re-does brotli at the best
// quality off the request path. Measured on a 9.3 KB card (`go test -bench
// CompressLevels ./cache`): brotli q4 219 µs → 3,672 B, q5 289 µs → 3,403 B; gzip 1
// 34 µs → 4,189 B, 6 56 µs → 3,769 B. Brotli q4 and gzip 1 take ~90 µs
// (about a tenth) off a cold card for 8–11 % more bytes until the upgrade;
// browsers ask for brotli, so gzip's extra bytes reach few visitors.
const (
	gzipLevel  = 1
	brotliFast = 4
	brotliBest = 11
)

// compressor keeps pooled writers: a brotli writer carries megabytes of
// hash tables and a gzip writer hundreds of kilobytes, far too much to
// allocate per fill.
type compressor struct {
	gzips   *freeList[*gzip.Writer]
	brotlis [brotliBest + 1]*freeList[*brotli.Writer]
}

// newCompressor returns a compressor whose free lists each lend at most
// two writers per CPU at a time.
func newCompressor() *compressor {
	size := 2 * runtime.GOMAXPROCS(0)
	p := &compressor{gzips: newFreeList(size, func() *gzip.Writer {
		w, _ := gzip.NewWriterLevel(nil, gzipLevel) // the level is a valid constant
		return w
	})}
	for q := range p.brotlis {
		p.brotlis[q] = newFreeList(size, func() *brotli.Writer { return brotli.NewWriterLevel(nil, q) })
	}
	return p
}

// freeList lends at most size items at a time and keeps them between
// uses. Unlike sync.Pool it survives garbage collections, which matters for
// writers this large: sync.Pool would drop them every GC cycle and the next
// fills would allocate them again. The bound matters as much: compression
// is CPU-bound, so a burst of 64 concurrent cold renders gains nothing from
// 64 writers, while each would hold megabytes (the load benchmark's peak
// RSS came from such bursts); a fill past the bound waits for a writer.
type freeList[T any] struct {
	free   chan T        // idle items
	tokens chan struct{} // one per item lent out
	fresh  func() T
}

// newFreeList lends at most size items, made by fresh when none is idle.
func newFreeList[T any](size int, fresh func() T) *freeList[T] {
	return &freeList[T]{free: make(chan T, size), tokens: make(chan struct{}, size), fresh: fresh}
}

// get waits until fewer than size items are out, then returns an idle
// item or a new one.
func (l *freeList[T]) get() T {
	l.tokens <- struct{}{}
	select {
	case w := <-l.free:
		return w
	default:
		return l.fresh()
	}
}

// put takes back an item get lent.
func (l *freeList[T]) put(w T) {
	l.free <- w // never blocks: at most size items exist
	<-l.tokens
}

// gzip returns body gzipped. Writing to a bytes.Buffer cannot fail.
func (p *compressor) gzip(body []byte) []byte {
	out := scratch.Get().(*bytes.Buffer)
	defer putScratch(out)
	w := p.gzips.get()
	w.Reset(out)
	_, _ = w.Write(body)
	_ = w.Close()
	p.gzips.put(w)
	return bytes.Clone(out.Bytes())
}

// brotli returns body compressed at quality q (0–11).
func (p *compressor) brotli(body []byte, q int) []byte {
	out := scratch.Get().(*bytes.Buffer)
	defer putScratch(out)
	w := p.brotlis[q].get()
	w.Reset(out)
	_, _ = w.Write(body)
	_ = w.Close()
	p.brotlis[q].put(w)
	return bytes.Clone(out.Bytes())
}

// scratch holds the buffers compression writes into. The result is copied
// out at its exact length: an entry keeping a grown buffer would hold up
// to twice its compressed bytes for as long as it is cached, memory the
// cache's budget does not see.
var scratch = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// maxScratch is the largest buffer kept for reuse; a rare huge document
// does not pin its buffer.
const maxScratch = 256 << 10

func putScratch(b *bytes.Buffer) {
	if b.Cap() > maxScratch {
		return
	}
	b.Reset()
	scratch.Put(b)
}
