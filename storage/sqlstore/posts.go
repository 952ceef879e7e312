package sqlstore

import (
	"context"
	"slices"

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
	return s.write(ctx, "post.create", func(tx Tx, c *storage.Change) error {
		if err := s.absent(ctx, tx, storage.Conflict("id", "post %d already exists", p.ID),
			"SELECT 1 FROM posts WHERE id = ?", p.ID); err != nil {
			return err
		}
		if err := s.checkPost(ctx, tx, p, nil); err != nil {
			return err
		}
		b := tx.Batch()
		s.queuePost(b, p, false)
		if err := b.Run(ctx); err != nil {
			return s.errorf("insert post: %w", err)
		}
		return s.describePost(ctx, tx, c, p, nil)
	})
}

// UpdatePost replaces the post with p.ID, its media links and hashtag rows.
// A zero CreatedAt keeps the stored one. The post's row stays locked until
// commit, so two updates of one post cannot interleave their link rows.
func (s *Store) UpdatePost(ctx context.Context, p *storage.Post) (storage.Change, error) {
	return s.write(ctx, "post.update", func(tx Tx, c *storage.Change) error {
		old, err := s.postByID(ctx, tx, p.ID, forUpdate)
		if err != nil {
			return err
		}
		if p.CreatedAt.IsZero() {
			p.CreatedAt = old.CreatedAt
		}
		if err := s.checkPost(ctx, tx, p, old); err != nil {
			return err
		}
		b := tx.Batch()
		s.queuePost(b, p, true)
		if err := b.Run(ctx); err != nil {
			return s.errorf("update post %d: %w", p.ID, err)
		}
		return s.describePost(ctx, tx, c, p, old)
	})
}

// DeletePost removes the post, its link rows, its search document and its
// collection entries (the Change names those collections, whose entries
// move up). Replies and quotes keep their reference and render a
// tombstone for it.
func (s *Store) DeletePost(ctx context.Context, id int64) (storage.Change, error) {
	return s.write(ctx, "post.delete", func(tx Tx, c *storage.Change) error {
		old, err := s.postByID(ctx, tx, id, forUpdate)
		if err != nil {
			return err
		}
		if err := s.describePost(ctx, tx, c, old, nil); err != nil {
			return err
		}
		if c.Collections, err = s.int64s(ctx, tx, postCollectionsSQL, []int64{id}); err != nil {
			return err
		}
		b := tx.Batch()
		queueUnlink(b, id)
		s.queueUnindex(b, id)
		b.Queue("DELETE FROM collection_entries WHERE post_id = ?", id)
		b.Queue("DELETE FROM posts WHERE id = ?", id)
		if err := b.Run(ctx); err != nil {
			return s.errorf("delete post %d: %w", id, err)
		}
		return nil
	})
}

// queuePost queues the statements that write one post with its media links
// and hashtag rows and its search document; replace says it is stored and
// has old link rows to drop.
func (s *Store) queuePost(b Batch, p *storage.Post, replace bool) {
	if replace {
		b.Queue(`UPDATE posts SET (`+postWriteCols+`) = (`+postParams+`) WHERE id = ?`, append(postArgs(p), p.ID)...)
		queueUnlink(b, p.ID)
	} else {
		b.Queue(`INSERT INTO posts (`+postWriteCols+`) VALUES (`+postParams+`)`, postArgs(p)...)
	}
	for i, m := range p.MediaIDs {
		b.Queue("INSERT INTO post_media (post_id, position, media_id) VALUES (?, ?, ?)", p.ID, i, m)
	}
	for _, tag := range postTags(p) {
		b.Queue("INSERT INTO post_tags (tag, post_id) VALUES (?, ?)", tag, p.ID)
	}
	s.queueSearchDoc(b, p)
}

// queueUnlink queues the deletion of a post's media links and hashtag rows.
func queueUnlink(b Batch, id int64) {
	b.Queue("DELETE FROM post_media WHERE post_id = ?", id)
	b.Queue("DELETE FROM post_tags WHERE post_id = ?", id)
}

// checkPost validates p's references, as one post of a batch would be
// (see checkBatchPost): on an update (old != nil) references that did not
// change are not re-checked, since a reply may outlive its parent.
func (s *Store) checkPost(ctx context.Context, tx Tx, p, old *storage.Post) error {
	refs, err := s.loadBatchRefs(ctx, tx, []*storage.Post{p})
	if err != nil {
		return err
	}
	return checkBatchPost(p, old, refs)
}

// selfField names the field of a post that refers to itself.
func selfField(p *storage.Post) string {
	if p.ReplyTo == p.ID {
		return "reply_to"
	}
	return "quote_of"
}

// DependantsSQL finds the replies and quotes of the posts in set ?1. The
// "<> 0" terms let both engines use the partial indexes posts_reply_to and
// posts_quote_of; backend tests check its plan.
const DependantsSQL = `SELECT id FROM posts WHERE reply_to = ANY(?1) AND reply_to <> 0
	UNION SELECT id FROM posts WHERE quote_of = ANY(?1) AND quote_of <> 0`

// describePost fills c with what a write of p (replacing old, if any)
// touched; see describeWrites.
func (s *Store) describePost(ctx context.Context, tx Tx, c *storage.Change, p, old *storage.Post) error {
	return s.describeWrites(ctx, tx, c, []*storage.Post{p}, map[int64]*storage.Post{p.ID: old})
}

// describeWrites fills c with what writing posts (replacing old[id] where
// stored) touched: the posts, the posts they refer to and those that refer
// to them, the authors before and after, their lists, and every tag before
// and after.
func (s *Store) describeWrites(ctx context.Context, tx Tx, c *storage.Change, posts []*storage.Post, old map[int64]*storage.Post) error {
	ids := make([]int64, len(posts))
	for i, p := range posts {
		ids[i] = p.ID
		c.Posts = append(c.Posts, p.ID, p.ReplyTo, p.QuoteOf)
		c.Users = append(c.Users, p.AuthorID)
		c.Tags = append(c.Tags, postTags(p)...)
		if o := old[p.ID]; o != nil {
			c.Posts = append(c.Posts, o.ReplyTo, o.QuoteOf)
			c.Users = append(c.Users, o.AuthorID)
			c.Tags = append(c.Tags, postTags(o)...)
		}
	}
	deps, err := s.int64s(ctx, tx, DependantsSQL, ids)
	if err != nil {
		return err
	}
	c.Posts = append(c.Posts, deps...)
	lists, err := s.usersLists(ctx, tx, tidyIDs(slices.Clone(c.Users)))
	c.Lists = append(c.Lists, lists...)
	return err
}
