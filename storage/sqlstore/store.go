package sqlstore

import (
	"context"
	"fmt"

	"github.com/roost-embed/roost/storage"
)

// Store implements storage.Store over an Engine.
type Store struct {
	e   Engine
	r   Conn // e.Reader(), kept for brevity
	ids *storage.IDGenerator
}

// Compile-time check that Store keeps the contract.
var _ storage.Store = (*Store)(nil)

// New returns the store over e, minting ids with ids.
func New(e Engine, ids *storage.IDGenerator) *Store {
	return &Store{e: e, r: e.Reader(), ids: ids}
}

// Engine returns the engine the store runs on (backend tests use it).
func (s *Store) Engine() Engine { return s.e }

// errorf formats an error prefixed with the engine's name.
func (s *Store) errorf(format string, args ...any) error {
	return fmt.Errorf(s.e.Name()+": "+format, args...)
}

// Ping reports whether the database answers.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.r.QueryRow(ctx, "SELECT 1").Scan(&one); err != nil {
		return s.errorf("ping: %w", err)
	}
	return nil
}

// Empty reports whether the store holds no users.
func (s *Store) Empty(ctx context.Context) (bool, error) {
	var found bool
	if err := s.r.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM users)").Scan(&found); err != nil {
		return false, s.errorf("empty: %w", err)
	}
	return !found, nil
}

// Close closes the engine's connections.
func (s *Store) Close() error { return s.e.Close() }
