package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"net/url"

	"github.com/roost-embed/roost/storage"
	"github.com/roost-embed/roost/storage/postgres"
	"github.com/roost-embed/roost/storage/sqlite"
)

// migratingStore is a store that can also apply its migrations on demand
// (`roost migrate`); both backends are.
type migratingStore interface {
	storage.Store
	Migrate(ctx context.Context) error
}

// openStore opens (creating and migrating) the store named by --db.
func openStore(ctx context.Context, cfg *config) (migratingStore, error) {
	var (
		st  migratingStore
		err error
	)
	if cfg.PostgresDSN != "" {
		st, err = postgres.Open(ctx, cfg.PostgresDSN)
	} else {
		st, err = sqlite.Open(ctx, cfg.DBPath)
	}
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", storeName(cfg), err)
	}
	return st, nil
}

// storeName names the store for messages and logs, without a password.
func storeName(cfg *config) string {
	if cfg.PostgresDSN == "" {
		return "sqlite:" + cfg.DBPath
	}
	u, err := url.Parse(cfg.PostgresDSN)
	if err != nil {
		return "postgres"
	}
	return u.Redacted()
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
