package server

import (
	"math"
	"net/netip"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
)

// Defaults of the per-client render limiter. They are generous: a person
// loading pages never meets them; a script rendering every id in turn does.
const (
	DefaultClientRenderRate  = 50  // uncached widget renders per second per client
	DefaultClientRenderBurst = 200 // uncached renders a client may ask for at once
	maxTrackedClients        = 8192
)

// clientLimiter is a token bucket per client address for expensive,
// uncached renders. IPv6 clients are keyed by their /64, since one host
// usually owns a whole /64. Memory is bounded by two generations of
// buckets: when the current one holds half the cap it becomes the old one
// and the previous old one is dropped, so the least recently seen clients
// go first and their next request starts with a full bucket (fail open).
type clientLimiter struct {
	mu       sync.Mutex
	rate     float64
	burst    int
	cur, old map[netip.Addr]*bucket
	max      int
	inflight map[string]int // cache keys being rendered → requests waiting on them
}

func newClientLimiter(rate float64, burst, maxClients int) *clientLimiter {
	return &clientLimiter{rate: rate, burst: burst, max: maxClients,
		cur: map[netip.Addr]*bucket{}, old: map[netip.Addr]*bucket{}, inflight: map[string]int{}}
}

// start admits a miss on key from addr. A key another request is already
// rendering costs nothing: the request only waits for that shared render
// (the cache renders a key once however many ask). Otherwise addr pays
// one token. When admitted, the caller must call finish(key) after the fill.
func (l *clientLimiter) start(addr netip.Addr, key string, now time.Time) (bool, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.inflight[key] > 0 {
		l.inflight[key]++
		return true, 0
	}
	if ok, wait := l.take(addr, now); !ok {
		return false, wait
	}
	l.inflight[key] = 1
	return true, 0
}

// finish ends one admitted miss on key.
func (l *clientLimiter) finish(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.inflight[key]--; l.inflight[key] <= 0 {
		delete(l.inflight, key)
	}
}

// allow takes one render from addr's bucket; see limiter.allow.
func (l *clientLimiter) allow(addr netip.Addr, now time.Time) (bool, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.take(addr, now)
}

// take is allow for a caller holding l.mu.
func (l *clientLimiter) take(addr netip.Addr, now time.Time) (bool, int) {
	b := l.cur[addr]
	if b == nil {
		if b = l.old[addr]; b != nil {
			delete(l.old, addr)
		} else {
			b = &bucket{tokens: float64(l.burst), last: now}
		}
		if len(l.cur) >= l.max/2 {
			l.old, l.cur = l.cur, make(map[netip.Addr]*bucket, len(l.cur))
		}
		l.cur[addr] = b
	}
	return takeToken(b, l.rate, float64(l.burst), now)
}

// takeToken refills b for the time since its last use and takes one token;
// it is the per-token limiter's arithmetic, for a bucket the caller locked.
func takeToken(b *bucket, rate, burst float64, now time.Time) (bool, int) {
	if now.After(b.last) {
		b.tokens = math.Min(burst, b.tokens+now.Sub(b.last).Seconds()*rate)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := math.Ceil((1 - b.tokens) / rate)
	return false, int(math.Max(1, math.Min(wait, 3600)))
}

// tracked is how many clients have a bucket, for tests.
func (l *clientLimiter) tracked() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.cur) + len(l.old)
}

// limitRender charges the client (see clientIP, which honours
// --trusted-proxies) one render of key; loopback clients are not charged. It is called on cache misses only,
// so hits stay free; joining a render of key already under way is free
// too. With a nil error the caller must call done after the fill.
func (s *Server) limitRender(c *fiber.Ctx, key string) (done func(), _ *apiError) {
	addr, err := netip.ParseAddr(s.clientIP(c))
	if err != nil || addr.IsUnspecified() || addr.IsLoopback() {
		// No real client to charge: app.Test's fake conn, or a loopback
		// peer (a local reverse proxy not named in --trusted-proxies, the
		// operator's own tools), where one bucket would throttle everyone.
		return func() {}, nil
	}
	if addr.Is6() {
		addr = netip.PrefixFrom(addr, 64).Masked().Addr()
	}
	key = strings.Clone(key) // may point into reused request memory
	if ok, wait := s.ipLimit.start(addr, key, time.Now()); !ok {
		return nil, &apiError{Status: fiber.StatusTooManyRequests, Code: "rate_limited",
			Message: "too many uncached requests from this address; slow down", RetryAfter: wait}
	}
	return func() { s.ipLimit.finish(key) }, nil
}
