package server

import (
	"context"
	"net"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
)

// drainGrace is how long Shutdown keeps serving, with "Connection: close"
// on every answer, before it closes the listener and idle connections.
const drainGrace = 500 * time.Millisecond

// closeWhenDraining marks every answer "Connection: close" once Shutdown
// has begun, so keep-alive clients learn from a response that the
// connection ends instead of sending their next request into a socket the
// server is about to close (which they would see as an EOF or reset).
func (s *Server) closeWhenDraining(c *fiber.Ctx) error {
	err := c.Next()
	if s.draining.Load() {
		c.Context().Response.SetConnectionClose()
	}
	return err
}

// drain starts the draining phase: it stops accepting connections (a
// client dials and is refused at once, rather than having a connection
// accepted and then closed under its first request, which it would see as
// a reset), then waits up to drainGrace (less when ctx ends sooner, none
// when no connection is open) so that every busy keep-alive client gets
// one answer saying the connection closes.
func (s *Server) drain(ctx context.Context) {
	s.draining.Store(true)
	s.lnMu.Lock()
	for _, ln := range s.listeners {
		ln.Close()
	}
	s.lnMu.Unlock()
	t := time.NewTimer(drainGrace)
	defer t.Stop()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for s.app.Server().GetOpenConnectionsCount() > 0 {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			return
		case <-tick.C:
		}
	}
}

// onceCloseListener closes its listener once; later calls return nil. The
// drain closes it before fasthttp's Shutdown does, and Shutdown stops at
// the first listener that fails to close.
type onceCloseListener struct {
	net.Listener
	once sync.Once
	err  error
}

func (l *onceCloseListener) Close() error {
	l.once.Do(func() { l.err = l.Listener.Close() })
	return l.err
}
