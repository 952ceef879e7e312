package cache

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// A burst of concurrent users never makes more items than the bound, and
// everyone is served.
func TestFreeListLendsAtMostSize(t *testing.T) {
	var made, out, most atomic.Int64
	l := newFreeList(3, func() int { return int(made.Add(1)) })
	var wg sync.WaitGroup
	for range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := l.get()
			n := out.Add(1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			time.Sleep(time.Millisecond)
			out.Add(-1)
			l.put(w)
		}()
	}
	wg.Wait()
	if made.Load() > 3 || most.Load() > 3 {
		t.Fatalf("made %d items, %d lent at once; bound 3", made.Load(), most.Load())
	}
	if made.Load() == 0 {
		t.Fatal("nothing made")
	}
}
