package cache

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unsafe"

	"github.com/roost-embed/roost/storage"
)

func TestFillRendersOncePerKey(t *testing.T) {
	c, _ := newTestCache(t, Config{})
	var calls atomic.Int64
	render := func(context.Context) (Rendered, error) {
		calls.Add(1)
		time.Sleep(20 * time.Millisecond)
		return Rendered{Body: []byte("<p>one</p>"), Deps: Deps{Posts: []int64{1}}}, nil
	}
	const callers = 1000
	start := make(chan struct{})
	entries := make([]*Entry, callers)
	var wg sync.WaitGroup
	for i := range callers {
		wg.Go(func() {
			<-start
			e, err := c.Fill(context.Background(), "embed/post/1", render)
			if err != nil {
				t.Errorf("Fill: %v", err)
			}
			entries[i] = e
		})
	}
	close(start)
	wg.Wait()
	if got := calls.Load(); got != 1 {
		t.Fatalf("render ran %d times for %d concurrent misses, want 1", got, callers)
	}
	for i, e := range entries {
		if e != entries[0] || e == nil {
			t.Fatalf("caller %d got entry %p, caller 0 got %p; want one shared entry", i, e, entries[0])
		}
	}
}

func TestFillOwnsItsKey(t *testing.T) {
	c, _ := newTestCache(t, Config{})
	buf := []byte("embed/post/42")
	reused := unsafe.String(&buf[0], len(buf)) // like a Fiber string over request memory
	mustFill(t, c, reused, renderBody("<p>42</p>", Deps{}))
	copy(buf, "XXXXXXXXXXXXX") // the next request overwrites the memory
	if _, look := c.Get("embed/post/42"); look != Hit {
		t.Fatalf("Get with the original key = %v after the caller's memory was reused, want hit", look)
	}
}

func TestFillRerendersWhenInvalidatedMidRender(t *testing.T) {
	c, _ := newTestCache(t, Config{})
	var calls atomic.Int64
	render := func(context.Context) (Rendered, error) {
		if calls.Add(1) == 1 {
			c.Invalidate(storage.Change{Posts: []int64{7}}) // a delete lands during the first render
			return Rendered{Body: []byte("before delete"), Deps: Deps{Posts: []int64{7}}}, nil
		}
		return Rendered{Body: []byte("tombstone"), Status: 410, Deps: Deps{Posts: []int64{7}}}, nil
	}
	e := mustFill(t, c, "embed/post/7", render)
	if calls.Load() != 2 || string(e.Identity) != "tombstone" {
		t.Fatalf("Fill = %q after %d renders, want the tombstone after 2", e.Identity, calls.Load())
	}
	if got, look := c.Get("embed/post/7"); look != Hit || got != e {
		t.Fatalf("Get = %v, want a hit on the re-rendered entry", look)
	}
}

func TestFillOvertakenTwiceIsNotStored(t *testing.T) {
	c, _ := newTestCache(t, Config{})
	render := func(context.Context) (Rendered, error) {
		c.Invalidate(storage.Change{Users: []int64{3}}) // every render is overtaken
		return Rendered{Body: []byte("x"), Deps: Deps{Users: []int64{3}}}, nil
	}
	e := mustFill(t, c, "timeline/user/3", render)
	if string(e.Identity) != "x" {
		t.Fatalf("Fill returned %q, want the second render for this caller", e.Identity)
	}
	if _, look := c.Get("timeline/user/3"); look != Miss {
		t.Fatalf("Get = %v, want miss: an overtaken render must not be stored", look)
	}
}

func TestFillWaiterHonoursItsContext(t *testing.T) {
	c, _ := newTestCache(t, Config{})
	release, started, leaderDone := make(chan struct{}), make(chan struct{}), make(chan struct{})
	defer func() { close(release); <-leaderDone }()
	go func() {
		defer close(leaderDone)
		_, _ = c.Fill(context.Background(), "k", func(context.Context) (Rendered, error) {
			close(started)
			<-release
			return Rendered{Body: []byte("late")}, nil
		})
	}()
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	e, err := c.Fill(ctx, "k", renderBody("never", Deps{}))
	if e != nil || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("waiting Fill = %v, %v; want its own deadline error", e, err)
	}
}

func TestFillFinishingAfterCloseDoesNotStore(t *testing.T) {
	c, _ := newTestCache(t, Config{})
	release, started := make(chan struct{}), make(chan struct{})
	done := make(chan error)
	go func() {
		_, err := c.Fill(context.Background(), "k", func(context.Context) (Rendered, error) {
			close(started)
			<-release
			return Rendered{Body: []byte("late")}, nil
		})
		done <- err
	}()
	<-started
	c.Close()
	close(release)
	if err := <-done; err != nil {
		t.Fatalf("Fill finishing after Close: %v, want the render returned", err)
	}
	if _, look := c.Get("k"); look != Miss {
		t.Fatalf("Get after Close = %v, want miss", look)
	}
}
