package cache

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/roost-embed/roost/storage"
)

// post is a one-row "store" whose text a render reads.
type post struct {
	mu   sync.Mutex
	text string
}

func (p *post) read() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.text
}

func (p *post) write(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.text = s
}

// TestFenceBeatsSlowFill: a fill that read the store before a delete and
// lands after it is never served, and the next render shows the delete.
func TestFenceBeatsSlowFill(t *testing.T) {
	c, _ := newTestCache(t, Config{})
	for i := range 200 {
		id := int64(i + 1)
		key := fmt.Sprintf("embed/post/%d", id)
		db := &post{text: fmt.Sprintf("post %d", id)}
		started, release := make(chan struct{}), make(chan struct{})
		var once sync.Once
		render := func(context.Context) (Rendered, error) {
			text := db.read()
			once.Do(func() { close(started); <-release }) // only the first render is slow
			return Rendered{Body: []byte(text), Deps: Deps{Posts: []int64{id}}}, nil
		}
		done := make(chan *Entry)
		go func() {
			e, err := c.Fill(context.Background(), key, render)
			if err != nil {
				t.Errorf("iteration %d: Fill: %v", i, err)
			}
			done <- e
		}()
		<-started
		db.write("deleted")
		c.Invalidate(storage.Change{Kind: "post.delete", Posts: []int64{id}})
		close(release)
		if e := <-done; e == nil || string(e.Identity) != "deleted" {
			t.Fatalf("iteration %d: the overtaken Fill returned %v, want the re-render of the new state", i, e)
		}
		c.Wait()
		if e, look := c.Get(key); look != Miss && string(e.Identity) != "deleted" {
			t.Fatalf("iteration %d: Get = %v %q after the delete", i, look, e.Identity)
		}
		e := mustFill(t, c, key, render)
		if string(e.Identity) != "deleted" {
			t.Fatalf("iteration %d: new Fill rendered %q, want the new state", i, e.Identity)
		}
	}
}

// TestFenceRejectsLateLanding stores, straight into ristretto, an entry
// whose render began before an invalidation, as a delayed async Set would.
func TestFenceRejectsLateLanding(t *testing.T) {
	c, clk := newTestCache(t, Config{})
	stamp, start := c.fence.stamp(), clk.Now()
	c.Invalidate(storage.Change{Posts: []int64{5}})
	r := Rendered{Body: []byte("deleted post"), Deps: Deps{Posts: []int64{5}}}
	e := newEntry(&r, stamp, start, time.Minute, &c.cfg, c.packer)
	c.rc.Set("embed/post/5", e, e.cost("embed/post/5"))
	c.Wait()
	if _, look := c.Get("embed/post/5"); look != Miss {
		t.Fatalf("Get of an entry rendered before the delete = %v, want miss", look)
	}
	if e, err := c.Fill(context.Background(), "embed/post/5", func(context.Context) (Rendered, error) {
		return Rendered{}, fmt.Errorf("store down")
	}); e != nil || err == nil {
		t.Fatalf("stale-if-error offered %v for a deleted post, want nothing", e)
	}
}

func TestFencePruneBoundsMemory(t *testing.T) {
	c, clk := newTestCache(t, Config{FreshTTL: time.Minute, StaleTTL: time.Minute})
	horizon := 2 * time.Minute
	for id := range int64(1000) {
		c.Invalidate(storage.Change{Posts: []int64{id}, Tags: []string{fmt.Sprint("t", id)}})
	}
	if got := c.Stats().FenceRecords; got != 2000 {
		t.Fatalf("FenceRecords = %d after 2000 changed ids, want 2000", got)
	}
	clk.Advance(c.fence.every)
	c.fence.prune() // a checkpoint after the burst
	clk.Advance(horizon)
	c.Invalidate(storage.Change{Posts: []int64{5000}}) // prunes: the checkpoint is past the horizon
	if got := c.Stats().FenceRecords; got != 1 {
		t.Fatalf("FenceRecords = %d after pruning, want only the 1 recent change", got)
	}
}

func TestFencePruneNeverRevivesOldEntries(t *testing.T) {
	c, clk := newTestCache(t, Config{FreshTTL: time.Minute, StaleTTL: time.Minute})
	stamp, start := c.fence.stamp(), clk.Now()
	r := Rendered{Body: []byte("old"), Deps: Deps{Posts: []int64{9}}}
	e := newEntry(&r, stamp, start, time.Minute, &c.cfg, c.packer)
	e.FreshUntil, e.StaleUntil = start.Add(24*time.Hour), start.Add(48*time.Hour) // outlive the horizon on purpose
	c.rc.Set("k", e, e.cost("k"))
	c.Wait()
	c.Invalidate(storage.Change{Posts: []int64{9}})
	for range 20 { // walk well past the horizon, pruning as the ticker would
		clk.Advance(c.fence.every)
		c.fence.prune()
	}
	if n := c.Stats().FenceRecords; n != 0 {
		t.Fatalf("FenceRecords = %d, want the change to post 9 forgotten", n)
	}
	if _, look := c.Get("k"); look != Miss {
		t.Fatalf("Get = %v once the fence forgot post 9, want miss: the entry predates the floor", look)
	}
	if c.fence.valid(&Deps{}, stamp) {
		t.Fatal("fence.valid accepted a stamp below the floor")
	}
}

func TestFenceMemoSeesLaterInvalidation(t *testing.T) {
	c, _ := newTestCache(t, Config{})
	mustFill(t, c, "k", renderBody("x", Deps{Lists: []int64{4}}))
	c.Invalidate(storage.Change{Lists: []int64{99}})
	if _, look := c.Get("k"); look != Hit { // memoises validity at this version
		t.Fatalf("Get after an unrelated change = %v, want hit", look)
	}
	c.Invalidate(storage.Change{Lists: []int64{4}})
	if _, look := c.Get("k"); look != Miss {
		t.Fatalf("Get after its list changed = %v, want miss despite the memo", look)
	}
}

// TestFenceSearchAndCollections: a search rendering is dropped by any
// change that touches posts or users, and by nothing else; a collection
// rendering by a change naming its collection.
func TestFenceSearchAndCollections(t *testing.T) {
	f := newFence(time.Minute, time.Now)
	search, coll := &Deps{Search: true}, &Deps{Collections: []int64{7}}
	tests := []struct {
		change       storage.Change
		search, coll bool // still valid after the change
	}{
		{storage.Change{Kind: "list.update", Lists: []int64{1}}, true, true},
		{storage.Change{Kind: "collection.update", Collections: []int64{8}}, true, true},
		{storage.Change{Kind: "collection.update", Collections: []int64{7}}, true, false},
		{storage.Change{Kind: "post.create", Posts: []int64{5}}, false, true},
		{storage.Change{Kind: "user.update", Users: []int64{3}}, false, true},
		{storage.Change{Kind: "purge", All: true}, false, false},
	}
	for _, tc := range tests {
		stamp := f.stamp()
		f.invalidate(&tc.change)
		if got := f.valid(search, stamp); got != tc.search {
			t.Errorf("after %+v: search valid = %v, want %v", tc.change, got, tc.search)
		}
		if got := f.valid(coll, stamp); got != tc.coll {
			t.Errorf("after %+v: collection valid = %v, want %v", tc.change, got, tc.coll)
		}
	}
}
