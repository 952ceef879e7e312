// Package server is Roost's HTTP layer and the only package that imports
// Fiber. It turns requests into store reads and writes and answers with
// JSON, HTML or media files; rendering and storage live elsewhere.
package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/netip"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/cache"
	"github.com/roost-embed/roost/media"
	"github.com/roost-embed/roost/storage"
	"github.com/roost-embed/roost/widgets"
)

// Defaults applied by New to zero Config fields.
const (
	DefaultBodyLimit  = 12 << 20 // room for a 10 MiB image plus multipart framing
	DefaultEdgeTTL    = 60 * time.Second
	DefaultRateLimit  = 50  // ingestion requests per second per token
	DefaultRateBurst  = 100 // ingestion requests a token may send at once
	jsonBodyLimit     = 256 << 10
	storeReadTimeout  = 5 * time.Second
	storeWriteTimeout = 15 * time.Second
)

// Config is what the server needs from the operator. Zero values get the
// defaults above.
type Config struct {
	PublicURL      string // base of every absolute URL, without a trailing slash
	MediaDir       string
	EdgeTTL        time.Duration // max-age on public responses
	IntentURL      string
	TrustedProxies []netip.Prefix // peers whose X-Forwarded-For is believed
	PurgeURL       string
	BodyLimit      int     // largest request body in bytes (media uploads)
	MediaMaxBytes  int64   // largest media file; informational, the library enforces it
	RateLimit      float64 // ingestion requests per second per token
	RateBurst      int     // ingestion bucket size per token
}

// Parts are the components a server is built from; cmd/roost wires them.
type Parts struct {
	Store   storage.Store
	Media   *media.Library
	Widgets *widgets.Renderer
	Cache   *cache.Cache
	Log     *slog.Logger
}

// Server answers Roost's HTTP routes from one store and media library.
type Server struct {
	cfg      Config
	st       storage.Store
	lib      *media.Library
	widgets  *widgets.Renderer
	cache    *cache.Cache
	log      *slog.Logger
	app      *fiber.App
	metrics  *metrics
	limiter  *limiter
	ipLimit  *clientLimiter // per-client bucket for cache misses (ratelimit_client.go)
	draining atomic.Bool    // set by Shutdown: answers say Connection: close (drain.go)
	touches  *touchThrottle
	ids      *requestIDs
	aliases  *keyAliases // request URI → cache key, for byURI
	keyBufs  sync.Pool   // *[]byte buffers for cache keys: a hit allocates nothing
	cacheCC  string      // Cache-Control of public, changeable answers
	widgetCC string      // Cache-Control of widget documents (see widgetCacheControl)
	imports  *importJobs // POST /api/v1/imports, one at a time (api_imports.go)

	// Sampling of the 503 log during a store outage (errors.go).
	unavailableLogged atomic.Int64  // unix ns of the last one logged
	unavailableMuted  atomic.Uint64 // not logged since

	lnMu      sync.Mutex
	listeners []*onceCloseListener // what Serve accepts on, closed first by the drain

	hookMu sync.RWMutex
	hooks  []func(storage.Change)

	freshness func() error // see CheckFreshness in health.go; nil on a lone instance
}

// New builds a server with every route registered. It does not listen:
// call Serve with a listener. The render cache's version fence is hooked
// to every write here, so no route can answer from a render older than a
// write that has returned.
func New(cfg Config, p Parts) *Server {
	cfg = withDefaults(cfg)
	s := &Server{
		cfg:      cfg,
		st:       p.Store,
		lib:      p.Media,
		widgets:  p.Widgets,
		cache:    p.Cache,
		log:      p.Log,
		metrics:  newMetrics(),
		limiter:  newLimiter(cfg.RateLimit, cfg.RateBurst),
		ipLimit:  newClientLimiter(DefaultClientRenderRate, DefaultClientRenderBurst, maxTrackedClients),
		touches:  newTouchThrottle(time.Minute),
		ids:      newRequestIDs(),
		aliases:  newKeyAliases(),
		cacheCC:  "public, max-age=" + strconv.Itoa(int(cfg.EdgeTTL.Seconds())),
		widgetCC: widgetCacheControl(cfg.EdgeTTL),
	}
	s.keyBufs.New = newKeyBuffer
	s.OnChange(s.cache.Invalidate)
	s.Register(cacheCollector(s.cache))
	if s.lib != nil {
		s.Register(imageCollector(s.lib))
	}
	s.app = fiber.New(fiber.Config{
		AppName:               "roost",
		ReadTimeout:           15 * time.Second,
		WriteTimeout:          30 * time.Second,
		IdleTimeout:           90 * time.Second,
		ReadBufferSize:        16 << 10,
		BodyLimit:             cfg.BodyLimit,
		DisableStartupMessage: true,
		ErrorHandler:          s.fiberErrorHandler,
	})
	s.app.Use(s.closeWhenDraining)
	s.routes()
	return s
}

// withDefaults fills the zero fields of cfg.
func withDefaults(cfg Config) Config {
	if cfg.BodyLimit <= 0 {
		cfg.BodyLimit = DefaultBodyLimit
	}
	if cfg.EdgeTTL <= 0 {
		cfg.EdgeTTL = DefaultEdgeTTL
	}
	if cfg.RateLimit <= 0 {
		cfg.RateLimit = DefaultRateLimit
	}
	if cfg.RateBurst <= 0 {
		cfg.RateBurst = DefaultRateBurst
	}
	for len(cfg.PublicURL) > 0 && cfg.PublicURL[len(cfg.PublicURL)-1] == '/' {
		cfg.PublicURL = cfg.PublicURL[:len(cfg.PublicURL)-1]
	}
	return cfg
}

// App returns the Fiber app, for tests (app.Test) and for wiring more routes.
func (s *Server) App() *fiber.App { return s.app }

// Serve answers requests on ln until Shutdown is called. The listener is
// kept so that the drain can stop new connections first (drain.go); the
// accept loop's error from that close is the normal end, not a failure.
func (s *Server) Serve(ln net.Listener) error {
	ol := &onceCloseListener{Listener: ln}
	s.lnMu.Lock()
	s.listeners = append(s.listeners, ol)
	s.lnMu.Unlock()
	err := s.app.Listener(ol)
	if s.draining.Load() && errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}

// Shutdown stops accepting connections and waits until in-flight requests
// finish or ctx ends.
//
// The render cache is flushed first: while this instance drains, a
// restarted or other instance already answers from the store, and a
// visitor whose keep-alive connection still reaches this one must not see
// a render older than what the other instance showed them. Then drain
// (drain.go) tells keep-alive clients, on their next answer, that the
// connection closes, so none sends a request into a closing socket.
func (s *Server) Shutdown(ctx context.Context) error {
	s.cache.Invalidate(storage.Change{Kind: "shutdown", All: true})
	s.drain(ctx)
	return s.app.ShutdownWithContext(ctx)
}

// OnChange registers fn to be called, synchronously and before the
// response is sent, after every successful write. The render cache plugs
// its version fence in here, so no reader can see a stale render once a
// write has answered. Hooks run on request goroutines, concurrently with
// each other, and must be quick. Register hooks before Serve.
func (s *Server) OnChange(fn func(storage.Change)) {
	s.hookMu.Lock()
	defer s.hookMu.Unlock()
	s.hooks = append(s.hooks, fn)
}

// changed runs the OnChange hooks for c.
func (s *Server) changed(c storage.Change) {
	s.hookMu.RLock()
	defer s.hookMu.RUnlock()
	for _, fn := range s.hooks {
		fn(c)
	}
}
