package storage

import (
	"sync"
	"testing"
	"time"
)

func TestIDGeneratorIsStrictlyIncreasingAndTimeOrdered(t *testing.T) {
	g := NewIDGenerator(7)
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	g.now = func() time.Time { return now }
	a, b := g.Next(), g.Next() // same millisecond
	if b <= a {
		t.Fatalf("ids in one millisecond: %d then %d, want increasing", a, b)
	}
	now = now.Add(-time.Second) // the clock steps back
	if c := g.Next(); c <= b {
		t.Fatalf("after the clock stepped back: %d after %d, want increasing", c, b)
	}
	if got := IDTime(a); !got.Equal(time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("IDTime(%d) = %v, want the generation time", a, got)
	}
	if node := a >> 12 & 0x3ff; node != 7 {
		t.Errorf("node bits = %d, want 7", node)
	}
}

func TestIDGeneratorConcurrentUnique(t *testing.T) {
	g := NewIDGenerator(1)
	const workers, each = 8, 2000
	seen := make(map[int64]bool, workers*each)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := make([]int64, each)
			for i := range local {
				local[i] = g.Next()
			}
			mu.Lock()
			defer mu.Unlock()
			for _, id := range local {
				if seen[id] {
					t.Errorf("id %d handed out twice", id)
				}
				seen[id] = true
			}
		}()
	}
	wg.Wait()
}

func TestTokenScopes(t *testing.T) {
	w, a := &Token{Scope: ScopeWrite}, &Token{Scope: ScopeAdmin}
	if !w.Allows(ScopeWrite) || w.Allows(ScopeAdmin) || !a.Allows(ScopeWrite) || !a.Allows(ScopeAdmin) {
		t.Error("admin must imply write, and write must not imply admin")
	}
	if w.Revoked() {
		t.Error("a token without RevokedAt is not revoked")
	}
}
