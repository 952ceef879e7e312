package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/roost-embed/roost/storage"
)

// maxMedia is how many media a post may carry.
const maxMedia = 4

// CreatePost inserts p with its media links and hashtag rows, assigning its
// id and CreatedAt when zero.
func (s *Store) CreatePost(ctx context.Context, p *storage.Post) (storage.Change, error) {
	if p.ID == 0 {
		p.ID = s.ids.Next()
	}
	if p.CreatedAt.IsZero() {
		p.CreatedAt = now()
	}
	return s.write(ctx, "post.create", func(tx *sql.Tx, c *storage.Change) error {
		if err := absent(ctx, tx, storage.Conflict("id", "post %d already exists", p.ID),
			"SELECT 1 FROM posts WHERE id = ?", p.ID); err != nil {
			return err
		}
		if err := checkPost(ctx, tx, p, nil); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO posts (`+postWriteCols+`)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, postArgs(p)...); err != nil {
			return fmt.Errorf("sqlite: insert post: %w", err)
		}
		if err := writePostLinks(ctx, tx, p); err != nil {
			return err
		}
		return describePost(ctx, tx, c, p, nil)
	})
}

// UpdatePost replaces the post with p.ID, its media links and hashtag rows.
// A zero CreatedAt keeps the stored one.
func (s *Store) UpdatePost(ctx context.Context, p *storage.Post) (storage.Change, error) {
	return s.write(ctx, "post.update", func(tx *sql.Tx, c *storage.Change) error {
		old, err := postByID(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		if p.CreatedAt.IsZero() {
			p.CreatedAt = old.CreatedAt
		}
		if err := checkPost(ctx, tx, p, old); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE posts SET (`+postWriteCols+`)
			= (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE id = ?`, append(postArgs(p), p.ID)...); err != nil {
			return fmt.Errorf("sqlite: update post %d: %w", p.ID, err)
		}
		if err := deletePostLinks(ctx, tx, p.ID); err != nil {
			return err
		}
		if err := writePostLinks(ctx, tx, p); err != nil {
			return err
		}
		return describePost(ctx, tx, c, p, old)
	})
}

// DeletePost removes the post, its media links and hashtag rows. Replies
// and quotes keep pointing at it and render a tombstone.
func (s *Store) DeletePost(ctx context.Context, id int64) (storage.Change, error) {
	return s.write(ctx, "post.delete", func(tx *sql.Tx, c *storage.Change) error {
		old, err := postByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := describePost(ctx, tx, c, old, nil); err != nil {
			return err
		}
		if err := deletePostLinks(ctx, tx, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM posts WHERE id = ?", id); err != nil {
			return fmt.Errorf("sqlite: delete post %d: %w", id, err)
		}
		return nil
	})
}

// checkPost validates what other rows constrain. References that did not
// change on an update are not re-checked: a reply stays editable after
// its parent was deleted.
func checkPost(ctx context.Context, tx *sql.Tx, p, old *storage.Post) error {
	if len(p.MediaIDs) > maxMedia {
		return storage.Invalid("media_ids", "at most %d media, got %d", maxMedia, len(p.MediaIDs))
	}
	if p.ReplyTo == p.ID || p.QuoteOf == p.ID {
		return storage.Invalid(selfField(p), "a post cannot refer to itself")
	}
	if p.AuthorID == 0 {
		return storage.Invalid("author", "is missing")
	}
	if err := presentIf(ctx, tx, p.AuthorID, "author", "user", "SELECT 1 FROM users WHERE id = ?"); err != nil {
		return err
	}
	if old == nil || old.ReplyTo != p.ReplyTo {
		if err := presentIf(ctx, tx, p.ReplyTo, "reply_to", "post", "SELECT 1 FROM posts WHERE id = ?"); err != nil {
			return err
		}
	}
	if old == nil || old.QuoteOf != p.QuoteOf {
		if err := presentIf(ctx, tx, p.QuoteOf, "quote_of", "post", "SELECT 1 FROM posts WHERE id = ?"); err != nil {
			return err
		}
	}
	for _, m := range p.MediaIDs {
		if err := presentIf(ctx, tx, m, "media_ids", "media", "SELECT 1 FROM media WHERE id = ?"); err != nil {
			return err
		}
	}
	return nil
}

func selfField(p *storage.Post) string {
	if p.ReplyTo == p.ID {
		return "reply_to"
	}
	return "quote_of"
}

// writePostLinks inserts p's media links in order and its hashtag rows.
func writePostLinks(ctx context.Context, tx *sql.Tx, p *storage.Post) error {
	for i, m := range p.MediaIDs {
		if _, err := tx.ExecContext(ctx, "INSERT INTO post_media (post_id, position, media_id) VALUES (?, ?, ?)",
			p.ID, i, m); err != nil {
			return fmt.Errorf("sqlite: link media %d to post %d: %w", m, p.ID, err)
		}
	}
	for _, tag := range postTags(p) {
		if _, err := tx.ExecContext(ctx, "INSERT INTO post_tags (tag, post_id) VALUES (?, ?)", tag, p.ID); err != nil {
			return fmt.Errorf("sqlite: tag post %d: %w", p.ID, err)
		}
	}
	return nil
}

// deletePostLinks removes the post's media links and hashtag rows.
func deletePostLinks(ctx context.Context, tx *sql.Tx, id int64) error {
	for _, q := range []string{"DELETE FROM post_media WHERE post_id = ?", "DELETE FROM post_tags WHERE post_id = ?"} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return fmt.Errorf("sqlite: unlink post %d: %w", id, err)
		}
	}
	return nil
}

// dependantsSQL finds the replies and quotes of post ?1. The "<> 0" terms
// let SQLite use the partial indexes posts_reply_to and posts_quote_of.
const dependantsSQL = `SELECT id FROM posts WHERE reply_to = ?1 AND reply_to <> 0
	UNION SELECT id FROM posts WHERE quote_of = ?1 AND quote_of <> 0`

// describePost fills c with what a write of p touched: the post, the posts
// it refers to and the ones that refer to it, its author, the author's
// lists and its tags. old is the previous version on an update.
func describePost(ctx context.Context, tx *sql.Tx, c *storage.Change, p, old *storage.Post) error {
	c.Posts = append(c.Posts, p.ID, p.ReplyTo, p.QuoteOf)
	c.Users = append(c.Users, p.AuthorID)
	c.Tags = append(c.Tags, postTags(p)...)
	if old != nil {
		c.Posts = append(c.Posts, old.ReplyTo, old.QuoteOf)
		c.Users = append(c.Users, old.AuthorID)
		c.Tags = append(c.Tags, postTags(old)...)
	}
	deps, err := int64s(ctx, tx, dependantsSQL, p.ID)
	if err != nil {
		return err
	}
	c.Posts = append(c.Posts, deps...)
	for _, u := range c.Users {
		lists, err := userLists(ctx, tx, u)
		if err != nil {
			return err
		}
		c.Lists = append(c.Lists, lists...)
	}
	return nil
}
