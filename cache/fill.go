package cache

import (
	"context"
	"fmt"
	"strings"
)

// RenderFunc renders the response for one key from the store.
type RenderFunc func(ctx context.Context) (Rendered, error)

// fillResult is what one flight hands to every caller waiting on it.
type fillResult struct {
	entry *Entry
	err   error
}

// Fill renders key once however many requests miss it at the same time,
// compresses the result, stores it and returns it.
//
// Concurrent callers of one key share the first caller's render (and so
// its ctx); each caller still stops waiting when its own ctx ends.
//
// Deletion is strict: if any dependency of the rendering is invalidated
// while the render runs, Fill renders once more, since the first result may
// show content that was just deleted. If the second render is overtaken
// too, it is returned to the callers (it began after the first
// invalidation) but not stored.
//
// When the render fails, Fill returns the error together with a stale entry
// when one may still be served (no dependency changed, before StaleUntil):
// the caller serves it and says so in a header. With a nil entry there is
// nothing to serve.
func (c *Cache) Fill(ctx context.Context, key string, render RenderFunc) (*Entry, error) {
	key = strings.Clone(key) // callers pass Fiber's reused request memory
	var res fillResult
	for attempt := 0; ; attempt++ {
		if attempt == maxFlightJoins {
			// Writes keep overtaking shared renders of this key: render
			// for this caller alone, so it still sees only current content.
			res = c.fillAlone(ctx, key, render)
			break
		}
		res = c.joinFlight(ctx, key, render)
		// A flight this caller joined may have passed its own fence check
		// before a write that returned before this caller asked: check
		// again on receipt, so no caller gets content older than its request.
		if res.err != nil || c.fence.valid(&res.entry.Deps, res.entry.RenderedAt) {
			break
		}
	}
	if res.err != nil && res.entry != nil {
		c.counters.staleServed.Add(1)
	}
	return res.entry, res.err
}

// maxFlightJoins bounds how often Fill joins a shared render that then
// turns out to be overtaken by a write, before it renders on its own.
const maxFlightJoins = 3

// joinFlight waits for the key's shared render, starting it if none runs.
func (c *Cache) joinFlight(ctx context.Context, key string, render RenderFunc) fillResult {
	flight := c.flights.DoChan(key, func() (any, error) {
		return c.fill(ctx, key, render), nil
	})
	select {
	case r := <-flight:
		return r.Val.(fillResult)
	case <-ctx.Done():
		return c.staleOr(key, ctx.Err())
	}
}

// fillAlone renders for one caller without sharing the result. The
// render starts after this caller's request did, so it reflects every
// write that returned before the request: it is the right answer for this
// caller even if a newer write overtakes it, in which case it is not
// stored.
func (c *Cache) fillAlone(ctx context.Context, key string, render RenderFunc) fillResult {
	stamp, start := c.fence.stamp(), c.cfg.Now()
	r, err := render(ctx)
	c.counters.fills.Add(1)
	if err != nil {
		return c.staleOr(key, err)
	}
	e := newEntry(&r, stamp, start, c.cfg.FreshTTL, &c.cfg, c.packer)
	if c.fence.valid(&e.Deps, stamp) {
		c.store(key, e)
	}
	return fillResult{entry: e}
}

// fill is the body of one flight.
func (c *Cache) fill(ctx context.Context, key string, render RenderFunc) fillResult {
	if e, look := c.lookup(key); look == Hit {
		return fillResult{entry: e} // a flight that just ended stored it
	}
	e, storable, err := c.render(ctx, render)
	if err != nil {
		return c.staleOr(key, err)
	}
	if storable {
		c.store(key, e)
	}
	return fillResult{entry: e}
}

// render runs the render function, a second time if the fence moved for
// its dependencies meanwhile, and builds the entry. storable is false when
// even the second render was overtaken by an invalidation.
func (c *Cache) render(ctx context.Context, render RenderFunc) (e *Entry, storable bool, err error) {
	for attempt := 1; ; attempt++ {
		stamp, start := c.fence.stamp(), c.cfg.Now()
		var r Rendered
		r, err = render(ctx)
		c.counters.fills.Add(1)
		if err != nil {
			return nil, false, err
		}
		current := c.fence.valid(&r.Deps, stamp)
		if current || attempt == 2 {
			return newEntry(&r, stamp, start, c.cfg.FreshTTL, &c.cfg, c.packer), current, nil
		}
	}
}

// store hands e to ristretto with its byte cost and a TTL that ends at
// StaleUntil. ristretto may still drop or reject it; that only costs a
// later miss.
func (c *Cache) store(key string, e *Entry) {
	ttl := e.StaleUntil.Sub(c.cfg.Now())
	if ttl <= 0 {
		return
	}
	if c.set(key, e, ttl) && c.upgrades != nil {
		c.queueUpgrade(key, e)
	}
}

// staleOr returns the entry to serve when a render failed with err: a
// stale or fresh entry whose dependencies are unchanged, or none.
func (c *Cache) staleOr(key string, err error) fillResult {
	err = fmt.Errorf("cache: render %q: %w", key, err)
	if e, look := c.lookup(key); look != Miss {
		return fillResult{entry: e, err: err}
	}
	return fillResult{err: err}
}
