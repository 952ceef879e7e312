package server

import (
	"math"
	"sync"
	"time"
)

// limiter is a token bucket per API token: rate requests per second on
// average, burst at once. Buckets are kept for every token seen; there
// are few tokens, so they are never evicted.
type limiter struct {
	mu      sync.Mutex
	rate    float64
	burst   float64
	buckets map[int64]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

func newLimiter(rate float64, burst int) *limiter {
	return &limiter{rate: rate, burst: float64(burst), buckets: map[int64]*bucket{}}
}

// allow takes one request from id's bucket. When the bucket is empty it
// returns false and the whole seconds until a request would be allowed.
func (l *limiter) allow(id int64, now time.Time) (bool, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[id]
	if b == nil {
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[id] = b
	}
	if now.After(b.last) { // callers read the clock before the lock: never go back
		b.tokens = math.Min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := math.Ceil((1 - b.tokens) / l.rate)
	return false, int(math.Max(1, math.Min(wait, 3600)))
}
