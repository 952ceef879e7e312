package e2e

import (
	"testing"
	"time"
)

// TestModelFlagsOnlyProvableResurrections runs the multi-instance checker
// on made-up answers about one post whose author is protected (name n7),
// lifted (n8), then protected again (n9) with a slow write: a protected
// timeline looks the same before the lift and after the second protect.
func TestModelFlagsOnlyProvableResurrections(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	hidden, lifted := sig{403, -1, -1}, sig{200, -1, 8}
	type answer struct {
		node       string
		got        sig
		start, end int // ms after t0
	}
	tests := []struct {
		name    string
		answers []answer
		resurr  int
	}{
		{"hidden before the lift, then lifted: the hidden answer ended after the second protect was sent, not acked",
			[]answer{{"roost-2", hidden, 150, 250}, {"roost-2", lifted, 260, 270}}, 0},
		{"lifted, then hidden before the second protect was sent: the old hidden state came back",
			[]answer{{"roost-2", lifted, 120, 130}, {"roost-2", hidden, 140, 150}}, 1},
		{"lifted, hidden again after the second protect, then lifted again",
			[]answer{{"roost-2", lifted, 120, 130}, {"roost-2", hidden, 310, 320}, {"roost-2", lifted, 330, 340}}, 1},
		{"answers in flight together may end in either order",
			[]answer{{"roost-2", lifted, 120, 180}, {"roost-2", hidden, 110, 190}}, 0},
		{"a follower may lag behind a write that returned",
			[]answer{{"roost-2", hidden, 120, 130}}, 0},
		{"the writer may not: it invalidates before answering the write",
			[]answer{{"roost-1", hidden, 120, 130}}, 1},
		{"nodes are checked apart",
			[]answer{{"roost-2", lifted, 120, 130}, {"roost-3", hidden, 140, 150}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newModel()
			m.writer = "roost-1"
			m.shapes["timeline"] = map[kind]shape{
				visible: {200, true, true}, deleted: {200, false, true},
				protected: {403, false, false}, suspended: {410, false, false},
			}
			tg := &target{idx: 1, user: &tuser{idx: 1}, hist: []version{
				{issued: at(-1000), kind: protected, author: protected, k: 0, j: 7},
				{issued: at(100), acked: at(110), kind: deleted, author: visible, k: -1, j: 8},
				{issued: at(200), acked: at(300), kind: protected, author: protected, k: 0, j: 9},
			}}
			for _, a := range tt.answers {
				m.observe(&node{name: a.node}, "timeline", tg, a.got, at(a.start), at(a.end))
			}
			if len(m.resurr) != tt.resurr || len(m.odd) != 0 {
				t.Errorf("resurrections %q, unexplained %q; want %d resurrections", m.resurr, m.odd, tt.resurr)
			}
		})
	}
}
