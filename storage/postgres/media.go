package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/roost-embed/roost/storage"
)

const mediaCols = `id, owner_id, path, content_type, kind, width, height, bytes, alt, color, blurhash, created_at`

// CreateMedia inserts m, assigning its id and CreatedAt when zero.
func (s *Store) CreateMedia(ctx context.Context, m *storage.Media) (storage.Change, error) {
	if m.ID == 0 {
		m.ID = s.ids.Next()
	}
	if m.CreatedAt.IsZero() {
		m.CreatedAt = now()
	}
	return s.write(ctx, "media.create", func(tx pgx.Tx, c *storage.Change) error {
		if err := absent(ctx, tx, storage.Conflict("id", "media %d already exists", m.ID),
			"SELECT 1 FROM media WHERE id = $1", m.ID); err != nil {
			return err
		}
		// KEY SHARE holds the owner against a concurrent DeleteUser, the
		// way a foreign key would: owner_id has none, as 0 means unattached.
		if err := presentIf(ctx, tx, m.OwnerID, "owner_id", "user",
			"SELECT 1 FROM users WHERE id = $1 FOR KEY SHARE"); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO media (`+mediaCols+`)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			m.ID, m.OwnerID, m.Path, m.ContentType, m.Kind, m.Width, m.Height, m.Bytes, m.Alt, m.Color,
			m.Blurhash, millis(m.CreatedAt)); err != nil {
			return fmt.Errorf("postgres: insert media: %w", err)
		}
		c.Users = []int64{m.OwnerID}
		return nil
	})
}

// MediaByID returns the media row with id.
func (s *Store) MediaByID(ctx context.Context, id int64) (*storage.Media, error) {
	m, err := scanMedia(s.pool.QueryRow(ctx, "SELECT "+mediaCols+" FROM media WHERE id = $1", id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, storage.NotFound("media", id)
	}
	return m, err
}

// MediaByIDs returns the media that exist among ids, keyed by id.
func (s *Store) MediaByIDs(ctx context.Context, ids []int64) (map[int64]*storage.Media, error) {
	out := make(map[int64]*storage.Media, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.pool.Query(ctx, "SELECT "+mediaCols+" FROM media WHERE id = ANY($1)", ids)
	if err != nil {
		return nil, fmt.Errorf("postgres: media by ids: %w", err)
	}
	media, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*storage.Media, error) { return scanMedia(r) })
	if err != nil {
		return nil, fmt.Errorf("postgres: media by ids: %w", err)
	}
	for _, m := range media {
		out[m.ID] = m
	}
	return out, nil
}

func scanMedia(sc scanner) (*storage.Media, error) {
	var (
		m       storage.Media
		created int64
	)
	err := sc.Scan(&m.ID, &m.OwnerID, &m.Path, &m.ContentType, &m.Kind, &m.Width, &m.Height, &m.Bytes,
		&m.Alt, &m.Color, &m.Blurhash, &created)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: scan media: %w", err)
	}
	m.CreatedAt = fromMillis(created)
	return &m, nil
}
