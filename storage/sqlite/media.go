package sqlite

import (
	"context"
	"database/sql"
	"fmt"

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
	return s.write(ctx, "media.create", func(tx *sql.Tx, c *storage.Change) error {
		if err := absent(ctx, tx, storage.Conflict("id", "media %d already exists", m.ID),
			"SELECT 1 FROM media WHERE id = ?", m.ID); err != nil {
			return err
		}
		if err := presentIf(ctx, tx, m.OwnerID, "owner_id", "user", "SELECT 1 FROM users WHERE id = ?"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO media (`+mediaCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			m.ID, m.OwnerID, m.Path, m.ContentType, m.Kind, m.Width, m.Height, m.Bytes, m.Alt, m.Color,
			m.Blurhash, millis(m.CreatedAt)); err != nil {
			return fmt.Errorf("sqlite: insert media: %w", err)
		}
		c.Users = []int64{m.OwnerID}
		return nil
	})
}

// MediaByID returns the media row with id.
func (s *Store) MediaByID(ctx context.Context, id int64) (*storage.Media, error) {
	m, err := scanMedia(s.r.QueryRowContext(ctx, "SELECT "+mediaCols+" FROM media WHERE id = ?", id))
	if err == sql.ErrNoRows {
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
	rows, err := s.r.QueryContext(ctx, "SELECT "+mediaCols+" FROM media WHERE id IN (SELECT value FROM json_each(?))", jsonIDs(ids))
	if err != nil {
		return nil, fmt.Errorf("sqlite: media by ids: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		m, err := scanMedia(rows)
		if err != nil {
			return nil, err
		}
		out[m.ID] = m
	}
	return out, rows.Err()
}

func scanMedia(sc scanner) (*storage.Media, error) {
	var (
		m       storage.Media
		created int64
	)
	err := sc.Scan(&m.ID, &m.OwnerID, &m.Path, &m.ContentType, &m.Kind, &m.Width, &m.Height, &m.Bytes,
		&m.Alt, &m.Color, &m.Blurhash, &created)
	if err == sql.ErrNoRows {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: scan media: %w", err)
	}
	m.CreatedAt = fromMillis(created)
	return &m, nil
}
