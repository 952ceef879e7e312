package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

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
	return s.write(ctx, "post.create", func(tx pgx.Tx, c *storage.Change) error {
		if err := absent(ctx, tx, storage.Conflict("id", "post %d already exists", p.ID),
			"SELECT 1 FROM posts WHERE id = $1", p.ID); err != nil {
			return err
		}
		if err := checkPost(ctx, tx, p, nil); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO posts (`+postWriteCols+`) VALUES (`+postParams+`)`,
			postArgs(p)...); err != nil {
			return fmt.Errorf("postgres: insert post: %w", err)
		}
		if err := writePostLinks(ctx, tx, p); err != nil {
			return err
		}
		return describePost(ctx, tx, c, p, nil)
	})
}

// UpdatePost replaces the post with p.ID, its media links and hashtag rows.
// A zero CreatedAt keeps the stored one. The post's row stays locked until
// commit, so two updates of one post cannot interleave their link rows.
func (s *Store) UpdatePost(ctx context.Context, p *storage.Post) (storage.Change, error) {
	return s.write(ctx, "post.update", func(tx pgx.Tx, c *storage.Change) error {
		old, err := postByID(ctx, tx, p.ID, " FOR UPDATE")
		if err != nil {
			return err
		}
		if p.CreatedAt.IsZero() {
			p.CreatedAt = old.CreatedAt
		}
		if err := checkPost(ctx, tx, p, old); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE posts SET (`+postWriteCols+`) = (`+postParams+`) WHERE id = $1`,
			postArgs(p)...); err != nil {
			return fmt.Errorf("postgres: update post %d: %w", p.ID, err)
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
	return s.write(ctx, "post.delete", func(tx pgx.Tx, c *storage.Change) error {
		old, err := postByID(ctx, tx, id, " FOR UPDATE")
		if err != nil {
			return err
		}
		if err := describePost(ctx, tx, c, old, nil); err != nil {
			return err
		}
		if err := deletePostLinks(ctx, tx, id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, "DELETE FROM posts WHERE id = $1", id); err != nil {
			return fmt.Errorf("postgres: delete post %d: %w", id, err)
		}
		return nil
	})
}

// checkPost validates what other rows constrain. References that did not
// change on an update are not re-checked: a reply stays editable after
// its parent was deleted.
func checkPost(ctx context.Context, tx pgx.Tx, p, old *storage.Post) error {
	if len(p.MediaIDs) > maxMedia {
		return storage.Invalid("media_ids", "at most %d media, got %d", maxMedia, len(p.MediaIDs))
	}
	if p.ReplyTo == p.ID || p.QuoteOf == p.ID {
		return storage.Invalid(selfField(p), "a post cannot refer to itself")
	}
	if p.AuthorID == 0 {
		return storage.Invalid("author", "is missing")
	}
	if err := presentIf(ctx, tx, p.AuthorID, "author", "user", "SELECT 1 FROM users WHERE id = $1"); err != nil {
		return err
	}
	if old == nil || old.ReplyTo != p.ReplyTo {
		if err := presentIf(ctx, tx, p.ReplyTo, "reply_to", "post", "SELECT 1 FROM posts WHERE id = $1"); err != nil {
			return err
		}
	}
	if old == nil || old.QuoteOf != p.QuoteOf {
		if err := presentIf(ctx, tx, p.QuoteOf, "quote_of", "post", "SELECT 1 FROM posts WHERE id = $1"); err != nil {
			return err
		}
	}
	for _, m := range p.MediaIDs {
		if err := presentIf(ctx, tx, m, "media_ids", "media", "SELECT 1 FROM media WHERE id = $1"); err != nil {
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

// writePostLinks inserts p's media links in order and its hashtag rows,
// each set in one statement over arrays.
func writePostLinks(ctx context.Context, tx pgx.Tx, p *storage.Post) error {
	if len(p.MediaIDs) > 0 {
		if _, err := tx.Exec(ctx, `INSERT INTO post_media (post_id, position, media_id)
			SELECT $1, m.ord - 1, m.id FROM unnest($2::bigint[]) WITH ORDINALITY AS m (id, ord)`,
			p.ID, p.MediaIDs); err != nil {
			return fmt.Errorf("postgres: link media to post %d: %w", p.ID, err)
		}
	}
	if tags := postTags(p); len(tags) > 0 {
		if _, err := tx.Exec(ctx, "INSERT INTO post_tags (tag, post_id) SELECT unnest($2::text[]), $1",
			p.ID, tags); err != nil {
			return fmt.Errorf("postgres: tag post %d: %w", p.ID, err)
		}
	}
	return nil
}

// deletePostLinks removes the post's media links and hashtag rows.
func deletePostLinks(ctx context.Context, tx pgx.Tx, id int64) error {
	for _, q := range []string{"DELETE FROM post_media WHERE post_id = $1", "DELETE FROM post_tags WHERE post_id = $1"} {
		if _, err := tx.Exec(ctx, q, id); err != nil {
			return fmt.Errorf("postgres: unlink post %d: %w", id, err)
		}
	}
	return nil
}

// dependantsSQL finds the replies and quotes of post $1. The "<> 0" terms
// let Postgres use the partial indexes posts_reply_to and posts_quote_of.
const dependantsSQL = `SELECT id FROM posts WHERE reply_to = $1 AND reply_to <> 0
	UNION SELECT id FROM posts WHERE quote_of = $1 AND quote_of <> 0`

// describePost fills c with what a write of p touched: the post, the posts
// it refers to and the ones that refer to it, its author, the author's
// lists and its tags. old is the previous version on an update.
func describePost(ctx context.Context, tx pgx.Tx, c *storage.Change, p, old *storage.Post) error {
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
	lists, err := int64s(ctx, tx, `SELECT id FROM lists WHERE owner_id = ANY($1)
		UNION SELECT list_id FROM list_members WHERE user_id = ANY($1)`, c.Users)
	c.Lists = append(c.Lists, lists...)
	return err
}
