package cache

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/roost-embed/roost/storage"
	"golang.org/x/sync/errgroup"
)

func TestGetHitStaleMiss(t *testing.T) {
	c, clk := newTestCache(t, Config{FreshTTL: 5 * time.Minute, StaleTTL: time.Hour})
	if _, look := c.Get("k"); look != Miss {
		t.Fatalf("Get on empty cache = %v, want miss", look)
	}
	want := mustFill(t, c, "k", renderBody("<p>hi</p>", Deps{Posts: []int64{1}}))
	steps := []struct {
		advance time.Duration
		want    Lookup
	}{
		{0, Hit},
		{5*time.Minute - time.Second, Hit},
		{time.Second, Stale},
		{time.Hour - time.Second, Stale},
		{time.Second, Miss},
	}
	for i, s := range steps {
		clk.Advance(s.advance)
		e, look := c.Get("k")
		if look != s.want {
			t.Fatalf("step %d: Get = %v, want %v", i, look, s.want)
		}
		if look != Miss && e != want {
			t.Fatalf("step %d: Get returned another entry", i)
		}
	}
	st := c.Stats()
	if st.Hits != 2 || st.Misses != 4 || st.Fills != 1 {
		t.Fatalf("stats = %+v, want 2 hits, 4 misses, 1 fill", st)
	}
}

func TestEntryFields(t *testing.T) {
	c, clk := newTestCache(t, Config{FreshTTL: time.Minute, StaleTTL: time.Hour})
	start := clk.Now()
	e := mustFill(t, c, "k", func(context.Context) (Rendered, error) {
		return Rendered{
			Body: []byte("gone"), ContentType: "text/html", Status: 410, TTL: 10 * time.Second,
			Deps: Deps{Posts: []int64{1, 2}, Users: []int64{3}, Lists: []int64{4}, Tags: []string{"go"}},
		}, nil
	})
	checks := []struct {
		name      string
		got, want any
	}{
		{"status", e.Status, 410},
		{"content type", e.ContentType, "text/html"},
		{"fresh until (TTL below FreshTTL wins)", e.FreshUntil, start.Add(10 * time.Second)},
		{"stale until", e.StaleUntil, start.Add(10*time.Second + time.Hour)},
		{"surrogate keys", e.SurrogateKeys, "p1 p2 u3 l4 tgo"},
		{"etag length", len(e.ETag), 34},
		{"etag quoted", e.ETag[0] == '"' && e.ETag[33] == '"', true},
	}
	for _, ch := range checks {
		if ch.got != ch.want {
			t.Errorf("%s = %v, want %v", ch.name, ch.got, ch.want)
		}
	}
}

func TestTTLNeverExceedsFreshTTL(t *testing.T) {
	c, clk := newTestCache(t, Config{FreshTTL: time.Minute})
	e := mustFill(t, c, "k", func(context.Context) (Rendered, error) {
		return Rendered{Body: []byte("x"), TTL: 24 * time.Hour}, nil
	})
	if want := clk.Now().Add(time.Minute); !e.FreshUntil.Equal(want) {
		t.Fatalf("FreshUntil = %v, want %v (capped at FreshTTL)", e.FreshUntil, want)
	}
	if e.Status != 200 {
		t.Fatalf("Status = %d, want 200 for a zero status", e.Status)
	}
}

func TestInvalidate(t *testing.T) {
	deps := Deps{Posts: []int64{10}, Users: []int64{20}, Lists: []int64{30}, Tags: []string{"go"}}
	cases := map[string]struct {
		deps   Deps
		change storage.Change
		stale  bool
	}{
		"post":                  {deps, storage.Change{Posts: []int64{10}}, true},
		"user":                  {deps, storage.Change{Users: []int64{20}}, true},
		"list":                  {deps, storage.Change{Lists: []int64{30}}, true},
		"tag":                   {deps, storage.Change{Tags: []string{"go"}}, true},
		"all":                   {deps, storage.Change{All: true}, true},
		"unrelated ids":         {deps, storage.Change{Posts: []int64{20, 30}, Users: []int64{10}, Tags: []string{"rust"}}, false},
		"id of another kind":    {Deps{Users: []int64{10}}, storage.Change{Posts: []int64{10}}, false},
		"entry depends on all":  {Deps{All: true}, storage.Change{Posts: []int64{999}}, true},
		"no deps, no purge-all": {Deps{}, storage.Change{Posts: []int64{10}}, false},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c, _ := newTestCache(t, Config{})
			mustFill(t, c, "k", renderBody("body", tc.deps))
			c.Invalidate(tc.change)
			_, look := c.Get("k")
			if want := map[bool]Lookup{true: Miss, false: Hit}[tc.stale]; look != want {
				t.Fatalf("after Invalidate(%+v) Get = %v, want %v", tc.change, look, want)
			}
		})
	}
}

func TestFillAfterInvalidateIsFresh(t *testing.T) {
	c, _ := newTestCache(t, Config{})
	mustFill(t, c, "k", renderBody("old", Deps{Posts: []int64{1}}))
	c.Purge(storage.Change{Posts: []int64{1}})
	mustFill(t, c, "k", renderBody("new", Deps{Posts: []int64{1}}))
	e, look := c.Get("k")
	if look != Hit || string(e.Identity) != "new" {
		t.Fatalf("Get after refill = %v %q, want hit \"new\"", look, e.Identity)
	}
}

func TestStaleIfError(t *testing.T) {
	errDown := errors.New("store down")
	failing := func(context.Context) (Rendered, error) { return Rendered{}, errDown }
	c, clk := newTestCache(t, Config{FreshTTL: time.Minute, StaleTTL: time.Hour})

	if e, err := c.Fill(context.Background(), "cold", failing); e != nil || !errors.Is(err, errDown) {
		t.Fatalf("Fill cold key with failing render = %v, %v; want nil entry and the render error", e, err)
	}
	old := mustFill(t, c, "k", renderBody("old", Deps{Posts: []int64{1}}))
	clk.Advance(2 * time.Minute)
	e, err := c.Fill(context.Background(), "k", failing)
	if e != old || !errors.Is(err, errDown) {
		t.Fatalf("Fill stale key with failing render = %v, %v; want the stale entry and the error", e, err)
	}
	if got := c.Stats().StaleServed; got != 1 {
		t.Fatalf("StaleServed = %d, want 1", got)
	}
	c.Invalidate(storage.Change{Posts: []int64{1}, Kind: "post.delete"})
	if e, err := c.Fill(context.Background(), "k", failing); e != nil || err == nil {
		t.Fatalf("Fill after delete with failing render = %v, %v; want no entry: a deleted post is never served stale", e, err)
	}
}

func TestCostNeverExceedsBudget(t *testing.T) {
	const budget = 64 << 10
	keys := 10_000
	if testing.Short() || raceEnabled {
		keys = 2_000 // instrumented compression is ~20x slower; 10,000 runs without -race
	}
	c, _ := newTestCache(t, Config{MaxBytes: budget, Metrics: true})
	checkBudget := func(when string) {
		c.Wait()
		cost, m := c.Stats().CostBytes, c.rc.Metrics
		if net := int64(m.CostAdded() - m.CostEvicted()); cost > budget || net > budget {
			t.Errorf("%s: cost %d, metrics added-evicted %d, budget %d", when, cost, net, budget)
		}
	}
	fillRange := func(from, to int) error {
		for i := from; i < to; i++ {
			body := fmt.Sprintf("<p>%d %x</p>%s", i, i*7919, cardHTML(i)[:200+i%300])
			if _, err := c.Fill(context.Background(), fmt.Sprintf("post/%d", i), renderBody(body, Deps{})); err != nil {
				return fmt.Errorf("Fill %d: %w", i, err)
			}
		}
		return nil
	}
	const workers, batch = 4, 500
	for from := 0; from < keys; from += workers * batch {
		var g errgroup.Group
		for w := range workers {
			lo := from + w*batch
			g.Go(func() error { return fillRange(lo, min(lo+batch, keys)) })
		}
		if err := g.Wait(); err != nil {
			t.Fatal(err)
		}
		checkBudget(fmt.Sprintf("after %d keys", min(from+workers*batch, keys)))
	}
	if st := c.Stats(); st.Evictions == 0 || st.CostBytes == 0 {
		t.Fatalf("stats = %+v, want evictions and a non-empty cache", st)
	}
}

func TestGetHitDoesNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector makes sync.Pool allocate on purpose")
	}
	c, _ := newTestCache(t, Config{})
	mustFill(t, c, "embed/post/1?theme=dark", renderBody(cardHTML(1), Deps{Posts: []int64{1}}))
	c.Invalidate(storage.Change{Posts: []int64{2}}) // exercise the dependency check too
	key := "embed/post/1?theme=dark"
	allocs := testing.AllocsPerRun(1000, func() {
		e, look := c.Get(key)
		if look != Hit {
			t.Fatal("Get missed")
		}
		_, _ = e.Body("gzip, deflate, br, zstd")
	})
	if allocs != 0 {
		t.Fatalf("Get+Body allocate %v times per hit, want 0", allocs)
	}
}

func TestNewRejectsNegativeConfig(t *testing.T) {
	for _, cfg := range []Config{{MaxBytes: -1}, {FreshTTL: -time.Second}, {StaleTTL: -time.Second}} {
		if _, err := New(cfg); err == nil {
			t.Errorf("New(%+v) succeeded, want an error", cfg)
		}
	}
}
