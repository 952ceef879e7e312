package follow

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/roost-embed/roost/storage"
)

// fastConfig keeps the tests quick: a 20 ms poll and a 300 ms threshold.
var fastConfig = Config{Poll: 20 * time.Millisecond, SlowPoll: 500 * time.Millisecond, Threshold: 300 * time.Millisecond}

// TestAppliesChangesOfAnotherHandle checks that writes made through another
// store handle (another instance) are applied, in order, within a second.
func TestAppliesChangesOfAnotherHandle(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			writer, reader, waker := b.open(t)
			r := &recorder{}
			cfg := fastConfig
			if waker != nil {
				cfg.Poll = time.Hour // only notifications and the slow poll may wake it
				cfg.SlowPoll = time.Hour
			}
			f := startFollower(t, reader, waker, cfg, r)
			if waker != nil {
				if err := eventually(5*time.Second, waker.Listening); err != nil {
					t.Fatal("the waker never started listening")
				}
			}
			ctx := context.Background()
			u := &storage.User{Handle: "ann"}
			c1, err := writer.CreateUser(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			c2, err := writer.AppendChange(ctx, storage.Change{Kind: "purge", Posts: []int64{42}})
			if err != nil {
				t.Fatal(err)
			}
			took := r.waitFor(t, time.Second, "change of another handle", hasSeq(c2.Seq))
			t.Logf("%s: applied within %s", b.name, took)
			got := r.snapshot()
			if len(got) != 2 || got[0].Seq != c1.Seq || got[1].Seq != c2.Seq {
				t.Fatalf("applied %+v, want seqs %d then %d", got, c1.Seq, c2.Seq)
			}
			if !slices.Contains(got[0].Users, u.ID) || len(got[1].Posts) != 1 || got[1].Posts[0] != 42 || got[1].Kind != "purge" {
				t.Errorf("applied changes lost their content: %+v", got)
			}
			if st := f.Status(); !st.Healthy || st.Seq != c2.Seq || st.Gaps != 0 {
				t.Errorf("status %+v, want healthy at seq %d without gaps", st, c2.Seq)
			}
		})
	}
}

// TestTrimmedGapFlushesEverything checks that a follower whose position was
// trimmed from the log applies what is left and then a purge of everything.
func TestTrimmedGapFlushesEverything(t *testing.T) {
	old := time.Now().Add(-2 * time.Hour)
	tests := map[string]struct {
		old, recent int // changes written before and after the trim horizon
	}{
		"part of the log trimmed": {old: 2, recent: 2},
		"whole log trimmed":       {old: 3, recent: 0},
	}
	for _, b := range backends() {
		for name, tc := range tests {
			t.Run(b.name+"/"+name, func(t *testing.T) {
				writer, reader, _ := b.open(t)
				ctx := context.Background()
				var last int64
				for i := range tc.old + tc.recent {
					at := time.Time{}
					if i < tc.old {
						at = old
					}
					c, err := writer.AppendChange(ctx, storage.Change{Kind: "purge", At: at, Posts: []int64{int64(i + 1)}})
					if err != nil {
						t.Fatal(err)
					}
					last = c.Seq
				}
				if err := writer.TrimChanges(ctx, time.Now().Add(-time.Hour)); err != nil {
					t.Fatal(err)
				}
				r := &recorder{}
				f := New(reader, 0, r.apply, nil, fastConfig, quietLog())
				if err := f.Sync(ctx); err != nil {
					t.Fatalf("Sync: %v", err)
				}
				got := r.snapshot()
				if len(got) != tc.recent+1 {
					t.Fatalf("applied %+v, want the %d changes left and one flush", got, tc.recent)
				}
				if flush := got[len(got)-1]; !flush.All {
					t.Errorf("last change applied %+v, want a flush of everything", flush)
				}
				if st := f.Status(); !st.Healthy || st.Gaps != 1 || st.Seq != last {
					t.Errorf("status %+v, want healthy at seq %d with one gap", st, last)
				}
				if err := f.Sync(ctx); err != nil || len(r.snapshot()) != len(got) {
					t.Errorf("a second Sync applied more (err %v): %+v", err, r.snapshot())
				}
			})
		}
	}
}

// TestStoreDownThenBack checks that a follower that cannot read the log
// turns unhealthy after the threshold, and once the store answers again
// applies what it missed, flushes everything and turns healthy.
func TestStoreDownThenBack(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			writer, reader, _ := b.open(t)
			_, closed, _ := b.open(t)
			closed.Close()
			sw := &switchStore{Store: reader, cur: reader}
			r := &recorder{}
			f := startFollower(t, sw, nil, fastConfig, r)
			ctx := context.Background()
			sw.use(closed)
			if err := eventually(2*time.Second, func() bool { return !f.Status().Healthy }); err != nil {
				t.Fatalf("follower still healthy with the store closed: %+v", f.Status())
			}
			if st := f.Status(); st.LastError == "" || st.Lag <= fastConfig.Threshold {
				t.Errorf("unhealthy status %+v should name the error and a lag past the threshold", st)
			}
			c, err := writer.AppendChange(ctx, storage.Change{Kind: "purge", Users: []int64{7}})
			if err != nil {
				t.Fatal(err)
			}
			sw.use(reader)
			r.waitFor(t, 2*time.Second, "the missed change and a flush", func(cs []storage.Change) bool {
				return hasSeq(c.Seq)(cs) && hasAll(cs)
			})
			if err := eventually(time.Second, func() bool { return f.Status().Healthy }); err != nil {
				t.Fatalf("follower did not recover: %+v", f.Status())
			}
			if st := f.Status(); st.LastError != "" || st.Gaps != 1 {
				t.Errorf("recovered status %+v, want no error and one gap", st)
			}
		})
	}
}
