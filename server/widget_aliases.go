package server

import (
	"strings"
	"sync"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/cache"
)

// Bounds of the alias table: a request URI longer than maxAliasURI is
// never remembered (real embeds are short), and the table starts over
// when it holds maxAliases entries, so neither grows without bound
// whatever URIs a client invents.
const (
	maxAliasURI = 512
	maxAliases  = 32 << 10
)

// keyAliases remembers, for each raw request URI a widget handler has
// seen, the normalised cache key the handler derived from it. A repeat
// request then finds its render without parsing options or building the
// key, so a hit costs the same on every widget route: a map lookup and
// the cache's, no allocation.
//
// It is keyed by the raw request URI as sent, never a decoded or
// normalised form: a handler's key is a function of the raw URI (its
// params and query), so two URIs that share an alias always share a key.
// Keying by a decoded path would let "/embed/timeline/al%69ce" (a 404
// for the handler) claim the alias of "/embed/timeline/alice".
type keyAliases struct {
	mu sync.RWMutex
	m  map[string]string
}

func newKeyAliases() *keyAliases {
	return &keyAliases{m: make(map[string]string)}
}

// lookup returns the key remembered for uri. The map index converts the
// bytes without allocating.
func (a *keyAliases) lookup(uri []byte) (string, bool) {
	a.mu.RLock()
	key, ok := a.m[string(uri)]
	a.mu.RUnlock()
	return key, ok
}

// remember records key for uri unless it is already there. key may point
// into reused memory: it is copied.
func (a *keyAliases) remember(uri []byte, key string) {
	if len(uri) > maxAliasURI {
		return
	}
	if _, ok := a.lookup(uri); ok {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.m) >= maxAliases {
		clear(a.m) // starting over costs each URI one more parse
	}
	a.m[string(uri)] = strings.Clone(key)
}

// len reports how many aliases are held, for tests.
func (a *keyAliases) len() int {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return len(a.m)
}

// byURI wraps a widget handler whose answer is exactly its cache entry
// (every header it sets is set by the route's middleware, and its key
// depends on the request URI alone): a request whose URI was seen before
// and whose render is still cached is answered before the handler runs.
func (s *Server) byURI(handler fiber.Handler) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if key, ok := s.aliases.lookup(c.Request().Header.RequestURI()); ok {
			if e, hit := s.cache.Probe(key); hit {
				return writeEntry(c, e)
			}
		}
		return handler(c)
	}
}

// cachedEntry looks key up in the render cache, first remembering it as
// the alias of the request's URI for byURI.
func (s *Server) cachedEntry(c *fiber.Ctx, key string) (*cache.Entry, bool) {
	s.aliases.remember(c.Request().Header.RequestURI(), key)
	e, look := s.cache.Get(key)
	return e, look == cache.Hit
}
