package storage

import (
	"sync"
	"time"
)

// idEpoch is the snowflake epoch Roost shares with X (2010-11-04), so new
// Roost ids sort among imported X ids by time.
const idEpoch = 1288834974657

// IDGenerator makes 64-bit, time-ordered ids: 41 bits of milliseconds
// since idEpoch, 10 bits of node, 12 bits of sequence. Ids are unique per
// node and strictly increasing within a process, even if the clock steps back.
type IDGenerator struct {
	mu   sync.Mutex
	node int64
	last int64 // last id handed out
	now  func() time.Time
}

// NewIDGenerator returns a generator for node (0–1023).
func NewIDGenerator(node int64) *IDGenerator {
	return &IDGenerator{node: node & 0x3ff, now: time.Now}
}

// Next returns a new id greater than every id it returned before.
func (g *IDGenerator) Next() int64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	ms := g.now().UnixMilli() - idEpoch
	id := ms<<22 | g.node<<12
	if id <= g.last {
		id = g.last + 1 // same millisecond or clock went back: keep counting
	}
	g.last = id
	return id
}

// IDTime returns the creation time encoded in a snowflake id.
func IDTime(id int64) time.Time {
	return time.UnixMilli(id>>22 + idEpoch).UTC()
}
