package follow

import (
	"context"
	"fmt"
	"time"

	"github.com/roost-embed/roost/storage"
)

// Sync reads the log from the last change applied to its end and applies
// every change in order. When changes were missed (the log was trimmed past
// this follower's position, or it could not read the log for longer than
// the threshold) it also applies a purge of everything once caught up, so
// no render made before the missed changes is trusted again. Run calls it;
// tests may too. Calls never overlap.
func (f *Follower) Sync(ctx context.Context) error {
	f.readMu.Lock()
	defer f.readMu.Unlock()
	rctx, cancel := context.WithTimeout(ctx, readTimeout)
	defer cancel()
	if err := f.catchUp(rctx); err != nil {
		f.failed(ctx, err)
		return err
	}
	f.caughtUp()
	return nil
}

// catchUp applies the changes between the follower's position and the
// log's head. It reads the head first: a change committed after that read
// is left for the next Sync, so an empty page below the head can only mean
// the log was trimmed.
func (f *Follower) catchUp(ctx context.Context) error {
	head, err := f.st.LastChangeSeq(ctx)
	if err != nil {
		return err
	}
	seq := f.position()
	if head < seq {
		f.missed(fmt.Sprintf("log head %d is behind the last change applied %d (store restored?)", head, seq))
		f.setPosition(head)
		return nil
	}
	for seq < head {
		page, err := f.st.ChangesSince(ctx, seq, pageSize)
		if err != nil {
			return err
		}
		if len(page) == 0 || page[0].Seq > seq+1 {
			f.missed(fmt.Sprintf("changes after %d were trimmed from the log before this instance read them", seq))
		}
		if len(page) == 0 {
			seq = head
		}
		for _, c := range page {
			f.apply(c)
			seq = c.Seq
		}
		f.setPosition(seq)
	}
	return nil
}

// position returns the seq of the last change applied.
func (f *Follower) position() int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.seq
}

func (f *Follower) setPosition(seq int64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seq = seq
}

// missed records that changes were lost, so the cache must be flushed once
// the follower has caught up.
func (f *Follower) missed(why string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if !f.flush {
		f.gaps++
		f.log.Warn("change log gap: the render cache will be flushed once caught up", "why", why)
	}
	f.flush = true
}

// failed records a read error. The follower turns unhealthy once the log
// has gone unread for longer than the threshold (see Status), and caughtUp
// then flushes the cache.
func (f *Follower) failed(ctx context.Context, err error) {
	if ctx.Err() != nil {
		return // shutting down
	}
	f.mu.Lock()
	msg := err.Error()
	changed := msg != f.lastErr
	f.lastErr = msg
	f.mu.Unlock()
	if changed {
		f.log.Warn("change log read failed", "err", err)
	}
}

// caughtUp runs after a read that reached the log's head. If the log went
// unread for longer than the threshold, other instances' changes may have
// been served stale meanwhile and the instance cannot be sure it saw every
// change in time, so it flushes its render cache; likewise after a gap.
func (f *Follower) caughtUp() {
	f.mu.Lock()
	now := f.now()
	if now.Sub(f.lastOK) > f.cfg.Threshold && !f.flush {
		f.flush = true
		f.gaps++
		f.log.Warn("change log was unread for too long: the render cache will be flushed",
			"unread_for", now.Sub(f.lastOK).Round(time.Millisecond))
	}
	flush, hadErr := f.flush, f.lastErr != ""
	f.flush, f.lastErr, f.lastOK = false, "", now
	f.mu.Unlock()
	if flush {
		f.apply(storage.Change{Kind: "follow.gap", All: true})
		f.log.Warn("change log caught up after a gap: render cache flushed")
	} else if hadErr {
		f.log.Info("change log readable again")
	}
}

// maybeTrim drops changes older than TrimAge, and Idempotency-Key records
// older than storage.IdempotencyTTL, every TrimEvery. Every instance may do
// it: deleting already-deleted rows is harmless.
func (f *Follower) maybeTrim(ctx context.Context) {
	if f.cfg.TrimEvery < 0 || f.now().Sub(f.lastTrim) < f.cfg.TrimEvery {
		return
	}
	f.lastTrim = f.now()
	tctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := f.st.TrimChanges(tctx, f.now().Add(-f.cfg.TrimAge)); err != nil && ctx.Err() == nil {
		f.log.Warn("trimming the change log failed", "err", err)
	}
	if _, err := f.st.SweepIdempotency(tctx, f.now().Add(-storage.IdempotencyTTL)); err != nil && ctx.Err() == nil {
		f.log.Warn("sweeping expired idempotency keys failed", "err", err)
	}
}
