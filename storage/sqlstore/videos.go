package sqlstore

import (
	"context"

	"github.com/roost-embed/roost/storage"
)

// unusedMedia keeps, of the media ids in ?1, those nothing shows any more:
// no post lists them, no user has them as avatar, and no listed video has
// them as poster.
const unusedMedia = `SELECT m.id FROM media m WHERE m.id = ANY(?1)
	AND NOT EXISTS (SELECT 1 FROM post_media pm WHERE pm.media_id = m.id)
	AND NOT EXISTS (SELECT 1 FROM users u WHERE u.avatar_media_id = m.id)
	AND NOT EXISTS (SELECT 1 FROM media v JOIN post_media pv ON pv.media_id = v.id WHERE v.poster_media_id = m.id)`

// DeleteMedia deletes the media rows among ids that nothing shows any
// more (see unusedMedia) and returns the ids it deleted.
func (s *Store) DeleteMedia(ctx context.Context, ids []int64) ([]int64, storage.Change, error) {
	var gone []int64
	c, err := s.write(ctx, "media.delete", func(tx Tx, c *storage.Change) error {
		var err error
		if gone, err = s.int64s(ctx, tx, unusedMedia+forUpdate, tidyIDs(ids)); err != nil || len(gone) == 0 {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM media WHERE id = ANY(?)", gone); err != nil {
			return s.errorf("delete media: %w", err)
		}
		return nil
	})
	return gone, c, err
}

// MediaPathInUse reports whether any media row still names the file path
// (files are content-addressed, so one file may back several rows).
func (s *Store) MediaPathInUse(ctx context.Context, path string) (bool, error) {
	return s.exists(ctx, s.r, "SELECT 1 FROM media WHERE path = ?", path)
}
