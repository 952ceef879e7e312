package media

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync/atomic"
	"time"

	"golang.org/x/sync/semaphore"
)

// DefaultDecodeBudget is the decode memory used when Options leave it 0:
// one image at the pixel limit (16.7 M pixels × 4 bytes) at a time, or
// several smaller ones.
const DefaultDecodeBudget = 64 << 20

// ErrBusy means image work would have waited longer than allowed for the
// decode memory budget (the server answers 503 with Retry-After).
var ErrBusy = errors.New("media: image processing is busy")

// RetryAfter is the wait an ErrBusy answer suggests to the client.
const RetryAfter = 2 * time.Second

// waitBuckets are the upper bounds, in seconds, of the queue-wait
// histogram: from no wait at all to an upload's longest.
var waitBuckets = []float64{0.001, 0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}

// budget is a weighted semaphore over decoded bytes (width × height × 4
// for a full decode): concurrent decodes queue, first come first served,
// instead of stacking their pixels in memory. A decode larger than the
// whole budget takes all of it, alone.
type budget struct {
	sem      *semaphore.Weighted
	capacity int64
	inUse    atomic.Int64
	waits    []atomic.Uint64 // per bucket, then +Inf; not cumulative
	waitNs   atomic.Int64
	rejected atomic.Uint64
}

func newBudget(capacity int64) *budget {
	return &budget{sem: semaphore.NewWeighted(capacity), capacity: capacity,
		waits: make([]atomic.Uint64, len(waitBuckets)+1)}
}

// acquire waits up to maxWait (0 = as long as ctx allows) for n bytes of
// the budget and returns the function that gives them back. Waiting past
// maxWait is ErrBusy; ctx ending first is ctx's error.
func (b *budget) acquire(ctx context.Context, n int64, maxWait time.Duration) (func(), error) {
	n = min(max(n, 1), b.capacity)
	start := time.Now()
	wctx := ctx
	if maxWait > 0 {
		var cancel context.CancelFunc
		wctx, cancel = context.WithTimeout(ctx, maxWait)
		defer cancel()
	}
	err := b.sem.Acquire(wctx, n)
	b.observeWait(time.Since(start))
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		b.rejected.Add(1)
		return nil, fmt.Errorf("media: %d MiB of image memory not free within %v: %w", n>>20, maxWait, ErrBusy)
	}
	b.inUse.Add(n)
	var once atomic.Bool
	return func() {
		if once.CompareAndSwap(false, true) {
			b.inUse.Add(-n)
			b.sem.Release(n)
		}
	}, nil
}

func (b *budget) observeWait(d time.Duration) {
	i, _ := slices.BinarySearch(waitBuckets, d.Seconds())
	b.waits[i].Add(1)
	b.waitNs.Add(int64(d))
}

// BudgetStats are the library's image-work figures for /metrics.
type BudgetStats struct {
	DecodeBytesInUse int64     // bytes of the budget held by decodes now
	BudgetBytes      int64     // the budget (--image-memory-mb)
	WaitBuckets      []float64 // upper bounds in seconds of the queue-wait histogram
	WaitCounts       []uint64  // waits per bucket (not cumulative), then those over the last bound
	WaitSum          float64   // seconds waited in all
	Decodes          uint64    // originals decoded (each yields all its variants)
	RejectedBusy     uint64    // work refused because the budget or queue was full (503)
	RejectedLimits   uint64    // uploads refused by the limits before decoding (422)
	Queued           int       // originals waiting for the background deriver
}

// Stats returns the current figures.
func (l *Library) Stats() BudgetStats {
	b := l.budget
	counts := make([]uint64, len(b.waits))
	for i := range b.waits {
		counts[i] = b.waits[i].Load()
	}
	return BudgetStats{
		DecodeBytesInUse: b.inUse.Load(),
		BudgetBytes:      b.capacity,
		WaitBuckets:      slices.Clone(waitBuckets),
		WaitCounts:       counts,
		WaitSum:          time.Duration(b.waitNs.Load()).Seconds(),
		Decodes:          l.decodes.Load(),
		RejectedBusy:     b.rejected.Load() + l.deriver.rejected.Load(),
		RejectedLimits:   l.refused.Load(),
		Queued:           l.deriver.queued(),
	}
}
