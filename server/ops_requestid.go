package server

import (
	"crypto/rand"
	"encoding/binary"
	"sync/atomic"
)

// requestIDs makes request ids: a random per-process prefix and a counter,
// written as 16 hex digits. They are unique within a process and across
// restarts (the prefix changes), cost no system call, and need no
// allocation. They are not secrets.
type requestIDs struct {
	prefix uint64 // random high 24 bits
	n      atomic.Uint64
}

func newRequestIDs() *requestIDs {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go ≥ 1.24)
	return &requestIDs{prefix: binary.LittleEndian.Uint64(b[:]) << 40}
}

const hexDigits = "0123456789abcdef"

// next writes the next id into b.
func (r *requestIDs) next(b *[16]byte) {
	v := r.prefix ^ (r.n.Add(1) & (1<<40 - 1))
	for i := 15; i >= 0; i-- {
		b[i] = hexDigits[v&0xf]
		v >>= 4
	}
}
