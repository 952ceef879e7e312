// Command baseline is the load benchmark's yardstick: a bare Fiber handler
// that answers every GET with one fixed byte slice the size of a typical
// Roost card. Every Roost figure is a ratio to it, measured in the same
// round, so the numbers mean the same on a noisy laptop and a big server.
//
//	go run ./bench/baseline --addr 127.0.0.1:0 --size 3400
//
// It prints "listening on http://HOST:PORT" once it accepts connections
// and stops on SIGINT or SIGTERM.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/gofiber/fiber/v2"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "baseline:", err)
		os.Exit(1)
	}
}

// run serves the fixed body on --addr until ctx ends.
func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("baseline", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	size := fs.Int("size", 1536, "body size in bytes")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *size < 1 {
		return fmt.Errorf("--size %d: must be at least 1", *size)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	app := newApp(fixedBody(*size))
	fmt.Fprintf(stdout, "listening on http://%s\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- app.Listener(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return app.Shutdown()
	}
}

// newApp is the bare handler: no middleware, one route, the body sent
// as it is with the content type a widget has.
func newApp(body []byte) *fiber.App {
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/*", func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentType, "text/html; charset=utf-8")
		return c.Send(body)
	})
	return app
}

// fixedBody is size bytes of HTML-looking text.
func fixedBody(size int) []byte {
	const unit = "<p>Roost baseline body.</p>\n"
	return bytes.Repeat([]byte(unit), size/len(unit)+1)[:size]
}
