package sqlstore

import (
	"context"
	"errors"

	"github.com/roost-embed/roost/storage"
)

const mediaCols = `id, owner_id, path, content_type, kind, width, height, bytes, alt, color, blurhash, created_at,
	duration_ms, poster_media_id`

// CreateMedia inserts m, assigning its id and CreatedAt when zero.
func (s *Store) CreateMedia(ctx context.Context, m *storage.Media) (storage.Change, error) {
	if m.ID == 0 {
		m.ID = s.ids.Next()
	}
	if m.CreatedAt.IsZero() {
		m.CreatedAt = now()
	}
	return s.write(ctx, "media.create", func(tx Tx, c *storage.Change) error {
		if err := s.absent(ctx, tx, storage.Conflict("id", "media %d already exists", m.ID),
			"SELECT 1 FROM media WHERE id = ?", m.ID); err != nil {
			return err
		}
		// KEY SHARE holds the owner against a concurrent DeleteUser, the
		// way a foreign key would: owner_id has none, as 0 means unattached.
		if err := s.presentIf(ctx, tx, m.OwnerID, "owner_id", "user",
			"SELECT 1 FROM users WHERE id = ?"+forKeyShare); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO media (`+mediaCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			m.ID, m.OwnerID, m.Path, m.ContentType, m.Kind, m.Width, m.Height, m.Bytes, m.Alt, m.Color,
			m.Blurhash, millis(m.CreatedAt), m.DurationMS, m.PosterMediaID); err != nil {
			return s.errorf("insert media: %w", err)
		}
		c.Users = []int64{m.OwnerID}
		return nil
	})
}

// MediaByID returns the media row with id.
func (s *Store) MediaByID(ctx context.Context, id int64) (*storage.Media, error) {
	m, err := s.scanMedia(s.r.QueryRow(ctx, "SELECT "+mediaCols+" FROM media WHERE id = ?", id))
	if errors.Is(err, ErrNoRows) {
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
	media, err := collect(ctx, s.r, func(r Rows) (*storage.Media, error) { return s.scanMedia(r) },
		"SELECT "+mediaCols+" FROM media WHERE id = ANY(?)", ids)
	if err != nil {
		return nil, s.errorf("media by ids: %w", err)
	}
	for _, m := range media {
		out[m.ID] = m
	}
	return out, nil
}

func (s *Store) scanMedia(sc Row) (*storage.Media, error) {
	var (
		m       storage.Media
		created int64
	)
	err := sc.Scan(&m.ID, &m.OwnerID, &m.Path, &m.ContentType, &m.Kind, &m.Width, &m.Height, &m.Bytes,
		&m.Alt, &m.Color, &m.Blurhash, &created, &m.DurationMS, &m.PosterMediaID)
	if errors.Is(err, ErrNoRows) {
		return nil, err
	}
	if err != nil {
		return nil, s.errorf("scan media: %w", err)
	}
	m.CreatedAt = fromMillis(created)
	return &m, nil
}
