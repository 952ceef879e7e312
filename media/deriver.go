package media

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sync"
	"sync/atomic"
)

// Queue bounds of the background deriver. Requests for a missing variant
// go to the front; more than maxRequested waiting is ErrBusy (503), so a
// flood of distinct originals cannot queue without bound. The start-up
// backfill feeds the back and waits while backfillHigh are queued, so it
// never crowds requests out.
const (
	maxRequested = 256
	backfillHigh = 8
)

// deriver makes the variants of stored originals one at a time, on one
// goroutine that runs only while there is work: an original is decoded
// once however many requests ask for its variants meanwhile.
type deriver struct {
	l        *Library
	mu       sync.Mutex
	shrunk   *sync.Cond // signalled when the queue gets shorter
	queue    []string   // original rels, the next first
	pending  map[string]chan struct{}
	failed   map[string]error // originals that cannot be derived (until restart)
	running  bool
	rejected atomic.Uint64
}

func newDeriver(l *Library) *deriver {
	d := &deriver{l: l, pending: map[string]chan struct{}{}, failed: map[string]error{}}
	d.shrunk = sync.NewCond(&d.mu)
	return d
}

// request puts rel at the front of the queue (or moves it there) and
// returns a channel closed once it is derived or has failed.
func (d *deriver) request(rel string) (<-chan struct{}, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.failed[rel]; err != nil {
		return nil, err
	}
	if ch, ok := d.pending[rel]; ok {
		if i := slices.Index(d.queue, rel); i > 0 {
			d.queue = slices.Insert(slices.Delete(d.queue, i, i+1), 0, rel)
		}
		return ch, nil
	}
	if len(d.queue) >= maxRequested {
		d.rejected.Add(1)
		return nil, fmt.Errorf("media: %d originals already wait for their variants: %w", len(d.queue), ErrBusy)
	}
	ch := make(chan struct{})
	d.pending[rel] = ch
	d.queue = slices.Insert(d.queue, 0, rel)
	d.start()
	return ch, nil
}

// add puts rel at the back of the queue, first waiting while backfillHigh
// originals are queued. It returns false when ctx ends.
func (d *deriver) add(ctx context.Context, rel string) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	for len(d.queue) >= backfillHigh && ctx.Err() == nil {
		d.shrunk.Wait()
	}
	if ctx.Err() != nil {
		return false
	}
	if _, ok := d.pending[rel]; ok || d.failed[rel] != nil {
		return true
	}
	d.pending[rel] = make(chan struct{})
	d.queue = append(d.queue, rel)
	d.start()
	return true
}

// start runs the worker if it is not running. d.mu is held.
func (d *deriver) start() {
	if !d.running {
		d.running = true
		go d.run()
	}
}

// run derives queued originals until the queue is empty, on a thread of
// lower priority than the request threads.
func (d *deriver) run() {
	backgroundThread()
	for {
		d.mu.Lock()
		if len(d.queue) == 0 {
			d.running = false
			d.mu.Unlock()
			return
		}
		rel := d.queue[0]
		d.queue = d.queue[1:]
		d.shrunk.Broadcast()
		d.mu.Unlock()

		err := d.l.deriveStored(rel)

		d.mu.Lock()
		if err != nil {
			d.failed[rel] = err
		}
		close(d.pending[rel])
		delete(d.pending, rel)
		d.mu.Unlock()
	}
}

// failure is why rel could not be derived, or nil.
func (d *deriver) failure(rel string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.failed[rel]
}

func (d *deriver) queued() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.queue)
}

// deriveStored makes the variants of a stored original, refusing what
// Save would refuse.
func (l *Library) deriveStored(rel string) error {
	src, err := l.Path(rel)
	if err != nil {
		return err
	}
	st, err := os.Stat(src)
	if err != nil {
		return err
	}
	if st.Size() > l.maxBytes {
		return fmt.Errorf("media: %s is larger than %d bytes: %w", rel, l.maxBytes, ErrTooLarge)
	}
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	f, ok := sniff(data)
	if !ok {
		return ErrUnsupportedType
	}
	h, err := checkHeader(f, data)
	if err != nil {
		return err
	}
	d, err := l.derive(context.Background(), rel, data, f, h, 0)
	if err != nil {
		return err
	}
	return l.writeVariants(d)
}

func (l *Library) writeVariants(d derived) error {
	for _, v := range d.files {
		if err := l.write(v.rel, v.data); err != nil {
			return err
		}
	}
	return nil
}
