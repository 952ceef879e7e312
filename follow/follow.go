// Package follow keeps one instance's render cache in step with writes made
// by every other instance. It follows the store's change log from the last
// sequence it saw and hands each change to an apply function (the cache's
// Invalidate). The log table is the only source of truth: a Waker (Postgres
// LISTEN/NOTIFY) only says "read now", so a lost notification costs at most
// one poll interval, never a change.
package follow

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/roost-embed/roost/storage"
)

// Defaults applied by New to zero Config fields.
const (
	DefaultPoll      = 150 * time.Millisecond // without a working waker
	DefaultSlowPoll  = time.Second            // safety net while a waker is listening
	DefaultThreshold = 2 * time.Second        // behind longer than this: not ready, distrust the cache
	DefaultTrimAge   = 24 * time.Hour
	DefaultTrimEvery = 5 * time.Minute
	readTimeout      = time.Second
	pageSize         = 1000
)

// Config tunes a Follower. Zero values get the defaults above.
type Config struct {
	Poll      time.Duration // read interval when no waker is listening
	SlowPoll  time.Duration // read interval while a waker is listening
	Threshold time.Duration // how long the log may go unread before the instance distrusts its cache
	TrimAge   time.Duration // changes older than this are trimmed from the log
	TrimEvery time.Duration // how often to trim; negative disables trimming
}

// Waker tells the follower when the log may have grown, sooner than its
// poll would notice. Run blocks until ctx ends, calling wake (which never
// blocks) for every notification and after every (re)connect; Listening
// reports whether notifications are flowing right now, so the follower can
// poll fast while they are not.
type Waker interface {
	Run(ctx context.Context, wake func())
	Listening() bool
}

// Status is what /readyz and the logs say about a follower.
type Status struct {
	Seq       int64         // the last change applied
	Lag       time.Duration // time since the follower last read the log to its end
	Healthy   bool          // caught up within the threshold and no flush pending
	Listening bool          // a waker is delivering notifications
	Gaps      int           // times the cache was flushed because changes were missed
	LastError string        // the last read error, "" once a read succeeds
}

// Follower follows one store's change log. Its methods are safe for
// concurrent use; Run is called once.
type Follower struct {
	st    storage.Store
	apply func(storage.Change)
	waker Waker
	cfg   Config
	log   *slog.Logger
	now   func() time.Time
	wake  chan struct{}

	readMu   sync.Mutex // one Sync at a time
	mu       sync.Mutex
	seq      int64
	lastOK   time.Time // last read that reached the end of the log
	flush    bool      // changes were (or may have been) missed: invalidate everything once caught up
	gaps     int
	lastErr  string
	lastTrim time.Time
}

// New returns a follower that applies every change after seq (normally the
// store's LastChangeSeq when the instance started, before it cached
// anything). waker may be nil (SQLite: poll only).
func New(st storage.Store, seq int64, apply func(storage.Change), waker Waker, cfg Config, log *slog.Logger) *Follower {
	now := time.Now
	return &Follower{
		st: st, apply: apply, waker: waker, cfg: withDefaults(cfg), log: log, now: now,
		wake: make(chan struct{}, 1), seq: seq, lastOK: now(), lastTrim: now(),
	}
}

// withDefaults fills the zero fields of cfg.
func withDefaults(cfg Config) Config {
	if cfg.Poll <= 0 {
		cfg.Poll = DefaultPoll
	}
	if cfg.SlowPoll <= 0 {
		cfg.SlowPoll = DefaultSlowPoll
	}
	if cfg.Threshold <= 0 {
		cfg.Threshold = DefaultThreshold
	}
	if cfg.TrimAge <= 0 {
		cfg.TrimAge = DefaultTrimAge
	}
	if cfg.TrimEvery == 0 {
		cfg.TrimEvery = DefaultTrimEvery
	}
	return cfg
}

// Run follows the log until ctx ends.
func (f *Follower) Run(ctx context.Context) {
	if f.waker != nil {
		go f.waker.Run(ctx, f.Wake)
	}
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-f.wake:
		case <-timer.C:
		}
		f.Sync(ctx)
		f.maybeTrim(ctx)
		timer.Reset(f.interval())
	}
}

// Wake asks Run to read the log now. It never blocks.
func (f *Follower) Wake() {
	select {
	case f.wake <- struct{}{}:
	default:
	}
}

// interval is the time to the next read: slow while notifications flow,
// fast otherwise so that freshness stays within a second without them.
func (f *Follower) interval() time.Duration {
	if f.waker != nil && f.waker.Listening() {
		return f.cfg.SlowPoll
	}
	return f.cfg.Poll
}

// Status reports the follower's position and health.
func (f *Follower) Status() Status {
	f.mu.Lock()
	defer f.mu.Unlock()
	lag := f.now().Sub(f.lastOK)
	return Status{
		Seq:       f.seq,
		Lag:       lag,
		Healthy:   lag <= f.cfg.Threshold && !f.flush,
		Listening: f.waker != nil && f.waker.Listening(),
		Gaps:      f.gaps,
		LastError: f.lastErr,
	}
}
