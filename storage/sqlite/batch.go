package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/roost-embed/roost/storage"
)

// batchKind is the change-log kind of a WritePosts entry.
const batchKind = "post.batch"

// WritePosts creates or replaces posts in one transaction with one
// change-log entry. Every statement is prepared once per batch and every
// check and lookup covers the whole batch in one query, which is what
// makes a 250-post batch cost a small fraction of 250 CreatePost calls.
func (s *Store) WritePosts(ctx context.Context, posts []*storage.Post) (storage.Change, error) {
	if err := assignBatchIDs(posts, s.ids); err != nil {
		return storage.Change{}, err
	}
	return s.write(ctx, batchKind, func(tx *sql.Tx, c *storage.Change) error {
		ids := batchIDs(posts)
		old, err := postsIn(ctx, tx, ids)
		if err != nil {
			return err
		}
		stampBatch(posts, old)
		if err := checkBatch(ctx, tx, posts, old); err != nil {
			return err
		}
		if err := writeBatch(ctx, tx, posts, old); err != nil {
			return err
		}
		return describeBatch(ctx, tx, c, posts, old)
	})
}

// assignBatchIDs refuses an empty batch or a nil post and gives new posts
// their ids, so that references inside the batch can be checked.
func assignBatchIDs(posts []*storage.Post, ids *storage.IDGenerator) error {
	if len(posts) == 0 {
		return storage.Invalid("posts", "no posts to write")
	}
	for i, p := range posts {
		if p == nil {
			return storage.Invalid(fmt.Sprintf("posts[%d]", i), "is null")
		}
		if p.ID == 0 {
			p.ID = ids.Next()
		}
	}
	return nil
}

func batchIDs(posts []*storage.Post) []int64 {
	ids := make([]int64, len(posts))
	for i, p := range posts {
		ids[i] = p.ID
	}
	return ids
}

// stampBatch sets the CreatedAt of posts that have none: the stored one
// on an update, now on a create.
func stampBatch(posts []*storage.Post, old map[int64]*storage.Post) {
	t := now()
	for _, p := range posts {
		switch o := old[p.ID]; {
		case !p.CreatedAt.IsZero():
		case o != nil:
			p.CreatedAt = o.CreatedAt
		default:
			p.CreatedAt = t
		}
	}
}

// postsIn reads the stored posts among ids inside tx.
func postsIn(ctx context.Context, q queryer, ids []int64) (map[int64]*storage.Post, error) {
	posts, err := queryPosts(ctx, q, "SELECT "+postCols+" FROM posts p WHERE p.id IN (SELECT value FROM json_each(?))", jsonIDs(ids))
	out := make(map[int64]*storage.Post, len(posts))
	for _, p := range posts {
		out[p.ID] = p
	}
	return out, err
}

// batchRefs is what the rows a batch refers to look like: which of the
// named users, posts (stored or in the batch) and media exist.
type batchRefs struct {
	users, posts, media map[int64]bool
}

// checkBatch validates every post of the batch, in order, against the
// rows it refers to, found with one query per table. The first invalid
// post fails the batch with a field named "posts[i].field".
func checkBatch(ctx context.Context, tx *sql.Tx, posts []*storage.Post, old map[int64]*storage.Post) error {
	refs, err := loadBatchRefs(ctx, tx, posts)
	if err != nil {
		return err
	}
	seen := make(map[int64]bool, len(posts))
	for i, p := range posts {
		if seen[p.ID] {
			return storage.Invalid(fmt.Sprintf("posts[%d].id", i), "post %d appears twice in the batch", p.ID)
		}
		seen[p.ID] = true
		if err := checkBatchPost(p, old[p.ID], refs); err != nil {
			return batchField(i, err)
		}
	}
	return nil
}

// loadBatchRefs finds which of the users, posts and media the batch names
// exist; the batch's own posts count as existing.
func loadBatchRefs(ctx context.Context, tx *sql.Tx, posts []*storage.Post) (batchRefs, error) {
	var users, refs, media []int64
	inBatch := make(map[int64]bool, len(posts))
	for _, p := range posts {
		inBatch[p.ID] = true
		users = append(users, p.AuthorID)
		refs = append(refs, p.ReplyTo, p.QuoteOf)
		media = append(media, p.MediaIDs...)
	}
	r := batchRefs{posts: inBatch}
	var err error
	if r.users, err = idSet(ctx, tx, "users", users); err != nil {
		return r, err
	}
	if r.media, err = idSet(ctx, tx, "media", media); err != nil {
		return r, err
	}
	stored, err := idSet(ctx, tx, "posts", refs)
	for id := range stored {
		r.posts[id] = true
	}
	return r, err
}

// idSet returns which of ids are rows of table (a constant of this file).
func idSet(ctx context.Context, q queryer, table string, ids []int64) (map[int64]bool, error) {
	found, err := int64s(ctx, q, "SELECT id FROM "+table+" WHERE id IN (SELECT value FROM json_each(?))", jsonIDs(tidyIDs(ids)))
	set := make(map[int64]bool, len(found))
	for _, id := range found {
		set[id] = true
	}
	return set, err
}

// checkBatchPost is checkPost against the batch's reference sets. As for
// UpdatePost, references that did not change are not re-checked.
func checkBatchPost(p, old *storage.Post, refs batchRefs) error {
	switch {
	case len(p.MediaIDs) > maxMedia:
		return storage.Invalid("media_ids", "at most %d media, got %d", maxMedia, len(p.MediaIDs))
	case p.ReplyTo == p.ID || p.QuoteOf == p.ID:
		return storage.Invalid(selfField(p), "a post cannot refer to itself")
	case p.AuthorID == 0:
		return storage.Invalid("author", "is missing")
	case !refs.users[p.AuthorID]:
		return storage.Invalid("author", "user %d does not exist", p.AuthorID)
	}
	if p.ReplyTo != 0 && (old == nil || old.ReplyTo != p.ReplyTo) && !refs.posts[p.ReplyTo] {
		return storage.Invalid("reply_to", "post %d does not exist", p.ReplyTo)
	}
	if p.QuoteOf != 0 && (old == nil || old.QuoteOf != p.QuoteOf) && !refs.posts[p.QuoteOf] {
		return storage.Invalid("quote_of", "post %d does not exist", p.QuoteOf)
	}
	for _, m := range p.MediaIDs {
		if !refs.media[m] {
			return storage.Invalid("media_ids", "media %d does not exist", m)
		}
	}
	return nil
}

// batchField prefixes a field error with the post's place in the batch.
func batchField(i int, err error) error {
	var fe *storage.FieldError
	if !errors.As(err, &fe) {
		return err
	}
	return &storage.FieldError{Field: fmt.Sprintf("posts[%d].%s", i, fe.Field), Message: fe.Message, Kind: fe.Kind}
}

// describeBatch fills c with what the batch touched: its posts, the posts
// they refer to and those that refer to them, the authors (before and
// after), their lists, and every tag (before and after).
func describeBatch(ctx context.Context, tx *sql.Tx, c *storage.Change, posts []*storage.Post, old map[int64]*storage.Post) error {
	for _, p := range posts {
		c.Posts = append(c.Posts, p.ID, p.ReplyTo, p.QuoteOf)
		c.Users = append(c.Users, p.AuthorID)
		c.Tags = append(c.Tags, postTags(p)...)
		if o := old[p.ID]; o != nil {
			c.Posts = append(c.Posts, o.ReplyTo, o.QuoteOf)
			c.Users = append(c.Users, o.AuthorID)
			c.Tags = append(c.Tags, postTags(o)...)
		}
	}
	ids := jsonIDs(batchIDs(posts))
	deps, err := int64s(ctx, tx, `SELECT id FROM posts WHERE reply_to IN (SELECT value FROM json_each(?1)) AND reply_to <> 0
		UNION SELECT id FROM posts WHERE quote_of IN (SELECT value FROM json_each(?1)) AND quote_of <> 0`, ids)
	if err != nil {
		return err
	}
	c.Posts = append(c.Posts, deps...)
	users := jsonIDs(tidyIDs(slices.Clone(c.Users)))
	lists, err := int64s(ctx, tx, `SELECT id FROM lists WHERE owner_id IN (SELECT value FROM json_each(?1))
		UNION SELECT list_id FROM list_members WHERE user_id IN (SELECT value FROM json_each(?1))`, users)
	c.Lists = append(c.Lists, lists...)
	return err
}
