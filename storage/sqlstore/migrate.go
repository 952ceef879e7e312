package sqlstore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"
)

// migration is one numbered schema step, read from migrations/NNN_name.sql.
type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations returns the migrations in fsys, in version order.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	files, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, f := range files {
		base := strings.TrimSuffix(strings.TrimPrefix(f, "migrations/"), ".sql")
		num, name, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration file %s: want NNN_name.sql", f)
		}
		body, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: name, sql: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// SchemaVersion is a short digest of every migration in fsys; benchmarks
// key cached fixture databases by it so a schema change rebuilds them.
func SchemaVersion(fsys fs.FS) (string, error) {
	ms, err := loadMigrations(fsys)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, m := range ms {
		fmt.Fprintf(h, "%d %s\n%s\n", m.version, m.name, m.sql)
	}
	return hex.EncodeToString(h.Sum(nil))[:12], nil
}

// Migrate applies every migration the database has not seen yet, each in
// its own transaction with its schema_migrations row, after the engine's
// migration lock. Running it again, or from several instances at once, is
// safe; `roost migrate` calls it.
func (s *Store) Migrate(ctx context.Context) error {
	ms, err := loadMigrations(s.e.Migrations())
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	for _, m := range ms {
		if err := s.inTx(ctx, func(tx Tx) error { return s.applyMigration(ctx, tx, m) }); err != nil {
			return fmt.Errorf("migrate: %03d_%s: %w", m.version, m.name, err)
		}
	}
	if err := s.indexMissing(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// applyMigration runs m unless schema_migrations already records it. The
// table is created under the lock too: two concurrent CREATE TABLE IF NOT
// EXISTS can still clash in PostgreSQL's catalog.
func (s *Store) applyMigration(ctx context.Context, tx Tx, m migration) error {
	if lock := s.e.MigrationLock(); lock != "" {
		if _, err := tx.Exec(ctx, lock); err != nil {
			return err
		}
	}
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	var done bool
	if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = ?)",
		m.version).Scan(&done); err != nil || done {
		return err
	}
	if _, err := tx.Exec(ctx, m.sql); err != nil {
		return err
	}
	_, err := tx.Exec(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
		m.version, m.name, time.Now().UnixMilli())
	return err
}
