package sqlstore

import (
	"context"

	"github.com/roost-embed/roost/storage"
)

// DeleteUser erases the user and everything that is theirs (posts, media,
// lists, list memberships) in one transaction. The Change names every
// post, list and tag that disappeared, and the posts that replied to,
// quoted or showed media of the erased ones. The user's row is locked
// first, which holds off new posts, lists and media of theirs (their
// inserts wait on it) until the erasure commits and they fail.
func (s *Store) DeleteUser(ctx context.Context, id int64) (storage.Change, error) {
	return s.write(ctx, "user.delete", func(tx Tx, c *storage.Change) error {
		if _, err := s.userByID(ctx, tx, id, forUpdate); err != nil {
			return err
		}
		if err := s.describeErasure(ctx, tx, c, id); err != nil {
			return err
		}
		return s.erase(ctx, tx, id)
	})
}

// The probes that fill the Change of a DeleteUser before anything is deleted.
const (
	erasedPosts = `SELECT id FROM posts WHERE author_id = ?1
		UNION SELECT r.id FROM posts p JOIN posts r ON r.reply_to = p.id AND r.reply_to <> 0 WHERE p.author_id = ?1
		UNION SELECT q.id FROM posts p JOIN posts q ON q.quote_of = p.id AND q.quote_of <> 0 WHERE p.author_id = ?1
		UNION SELECT pm.post_id FROM media m JOIN post_media pm ON pm.media_id = m.id WHERE m.owner_id = ?1`
	erasedAvatarUsers = `SELECT u.id FROM media m JOIN users u ON u.avatar_media_id = m.id WHERE m.owner_id = ?1`
	erasedCollections = `SELECT id FROM collections WHERE owner_id = ?1
		UNION SELECT ce.collection_id FROM posts p JOIN collection_entries ce ON ce.post_id = p.id WHERE p.author_id = ?1`
	erasedTags = `SELECT DISTINCT t.tag FROM posts p JOIN post_tags t ON t.post_id = p.id WHERE p.author_id = ?1`
)

func (s *Store) describeErasure(ctx context.Context, tx Tx, c *storage.Change, id int64) error {
	var err error
	if c.Users, err = s.int64s(ctx, tx, erasedAvatarUsers, id); err != nil {
		return err
	}
	c.Users = append(c.Users, id)
	if c.Posts, err = s.int64s(ctx, tx, erasedPosts, id); err != nil {
		return err
	}
	if c.Tags, err = s.strs(ctx, tx, erasedTags, id); err != nil {
		return err
	}
	if c.Collections, err = s.int64s(ctx, tx, erasedCollections, id); err != nil {
		return err
	}
	c.Lists, err = s.userLists(ctx, tx, id)
	return err
}

// erase deletes a user's rows, children before parents so foreign keys
// hold at every step.
func (s *Store) erase(ctx context.Context, tx Tx, id int64) error {
	b := tx.Batch()
	for _, q := range [...]string{
		"DELETE FROM post_tags WHERE post_id IN (SELECT id FROM posts WHERE author_id = ?1)",
		"DELETE FROM post_media WHERE post_id IN (SELECT id FROM posts WHERE author_id = ?1)",
		"DELETE FROM post_media WHERE media_id IN (SELECT id FROM media WHERE owner_id = ?1)",
		s.unindexAuthorSQL(),
		"DELETE FROM collection_entries WHERE post_id IN (SELECT id FROM posts WHERE author_id = ?1) OR collection_id IN (SELECT id FROM collections WHERE owner_id = ?1)",
		"DELETE FROM collections WHERE owner_id = ?1",
		"DELETE FROM posts WHERE author_id = ?1",
		"UPDATE users SET avatar_media_id = 0 WHERE avatar_media_id IN (SELECT id FROM media WHERE owner_id = ?1)",
		"DELETE FROM media WHERE owner_id = ?1",
		"DELETE FROM list_members WHERE user_id = ?1 OR list_id IN (SELECT id FROM lists WHERE owner_id = ?1)",
		"DELETE FROM lists WHERE owner_id = ?1",
		"DELETE FROM users WHERE id = ?1",
	} {
		b.Queue(q, id)
	}
	if err := b.Run(ctx); err != nil {
		return s.errorf("erase user %d: %w", id, err)
	}
	return nil
}
