package follow

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/roost-embed/roost/storage/postgres"
)

// Reconnect backoff of the LISTEN connection.
const (
	minBackoff = 100 * time.Millisecond
	maxBackoff = 5 * time.Second
)

// ListenApplicationName names the LISTEN connection in pg_stat_activity,
// so an operator can tell it from the store's pooled connections.
const ListenApplicationName = "roost-listen"

// PGWaker is a Waker over PostgreSQL LISTEN/NOTIFY on a connection of its
// own (outside the store's pool, which must not hold a connection forever).
// A lost connection is reopened with backoff; after each (re)connect it
// wakes the follower once, since notifications sent while it was away are
// lost and only the table has them.
type PGWaker struct {
	dsn       string
	log       *slog.Logger
	listening atomic.Bool
}

// NewPGWaker returns a waker that listens on postgres.ChangesChannel of
// the database named by dsn.
func NewPGWaker(dsn string, log *slog.Logger) *PGWaker {
	return &PGWaker{dsn: dsn, log: log}
}

// Listening reports whether the LISTEN connection is up.
func (w *PGWaker) Listening() bool { return w.listening.Load() }

// Run listens until ctx ends, reconnecting with exponential backoff.
func (w *PGWaker) Run(ctx context.Context, wake func()) {
	backoff := minBackoff
	for ctx.Err() == nil {
		started := time.Now()
		err := w.listen(ctx, wake)
		w.listening.Store(false)
		if ctx.Err() != nil {
			return
		}
		if time.Since(started) > maxBackoff {
			backoff = minBackoff // it worked for a while: retry quickly
		}
		w.log.Warn("change notifications lost; polling the log until they are back",
			"err", err, "retry_in", backoff)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, maxBackoff)
	}
}

// listen opens the connection, subscribes and relays notifications until
// the connection fails or ctx ends.
func (w *PGWaker) listen(ctx context.Context, wake func()) error {
	cfg, err := pgx.ParseConfig(w.dsn)
	if err != nil {
		return fmt.Errorf("parse connection string: %w", err)
	}
	if cfg.RuntimeParams["application_name"] == "" {
		cfg.RuntimeParams["application_name"] = ListenApplicationName
	}
	cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	conn, err := pgx.ConnectConfig(cctx, cfg)
	cancel()
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer closeQuietly(conn)
	if _, err := conn.Exec(ctx, "LISTEN "+postgres.ChangesChannel); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	w.listening.Store(true)
	wake() // anything sent while we were not listening is only in the table
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return fmt.Errorf("wait for notification: %w", err)
		}
		wake()
	}
}

// closeQuietly closes conn without waiting long on a dead socket.
func closeQuietly(conn *pgx.Conn) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_ = conn.Close(ctx)
}
