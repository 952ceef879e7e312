package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/roost-embed/roost/storage/sqlite"
)

// openStore opens (creating and migrating) the store named by --db.
func openStore(ctx context.Context, cfg *config) (*sqlite.Store, error) {
	st, err := sqlite.Open(ctx, cfg.DBPath)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	return st, nil
}

// newLogger builds the slog logger of --log-format.
func newLogger(format string, w io.Writer) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

// noPositional rejects arguments a command does not take.
func noPositional(cmd string, pos []string) error {
	if len(pos) > 0 {
		return usagef("%s: unexpected argument %q", cmd, pos[0])
	}
	return nil
}
