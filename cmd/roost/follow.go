package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/roost-embed/roost/cache"
	"github.com/roost-embed/roost/follow"
	"github.com/roost-embed/roost/server"
	"github.com/roost-embed/roost/storage"
)

// startFollowing keeps this instance fresh with writes made by others: a
// follower applies the store's change log to the render cache (woken by
// LISTEN/NOTIFY on PostgreSQL, polling on SQLite), /readyz and /metrics
// report it, and with --purge-url the writes this instance handles are
// purged from the CDN. Call it before serving, while the cache is empty;
// the returned stop ends the background work.
func startFollowing(ctx context.Context, cfg *config, st storage.Store, srv *server.Server, c *cache.Cache, log *slog.Logger) (stop func(), err error) {
	seq, err := st.LastChangeSeq(ctx)
	if err != nil {
		return nil, fmt.Errorf("read the change log position: %w", err)
	}
	var waker follow.Waker
	if cfg.PostgresDSN != "" {
		waker = follow.NewPGWaker(cfg.PostgresDSN, log)
	}
	// Not the serve context: that ends at the stop signal, while the
	// server still drains in-flight requests, which must be answered from a
	// cache that is still following the log. stop runs after the drain.
	ctx, stop = context.WithCancel(context.WithoutCancel(ctx))
	fl := follow.New(st, seq, c.Invalidate, waker, follow.Config{}, log)
	srv.CheckFreshness(fl.Ready)
	srv.Register(fl.Collector())
	go fl.Run(ctx)
	if cfg.PurgeURL != "" {
		p := server.NewPurger(cfg.PurgeURL, log)
		srv.OnChange(p.Enqueue)
		go p.Run(ctx)
	}
	return stop, nil
}
