package sqlstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/roost-embed/roost/storage"
)

// CreateCollection inserts c, assigning its id and times when zero.
func (s *Store) CreateCollection(ctx context.Context, c *storage.Collection) (storage.Change, error) {
	if c.ID == 0 {
		c.ID = s.ids.Next()
	}
	if c.CreatedAt.IsZero() {
		c.CreatedAt = now()
	}
	if c.UpdatedAt.IsZero() {
		c.UpdatedAt = c.CreatedAt
	}
	return s.write(ctx, "collection.create", func(tx Tx, ch *storage.Change) error {
		if err := s.absent(ctx, tx, storage.Conflict("id", "collection %d already exists", c.ID),
			"SELECT 1 FROM collections WHERE id = ?", c.ID); err != nil {
			return err
		}
		if c.OwnerID == 0 {
			return storage.Invalid("owner_id", "is missing")
		}
		if err := s.presentIf(ctx, tx, c.OwnerID, "owner_id", "user", "SELECT 1 FROM users WHERE id = ?"); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO collections (id, owner_id, name, description, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)`, c.ID, c.OwnerID, c.Name, c.Description,
			millis(c.CreatedAt), millis(c.UpdatedAt)); err != nil {
			return s.errorf("insert collection: %w", err)
		}
		ch.Collections = []int64{c.ID}
		return nil
	})
}

// CollectionByID returns the collection with id.
func (s *Store) CollectionByID(ctx context.Context, id int64) (*storage.Collection, error) {
	return s.collectionByID(ctx, s.r, id, "")
}

// collectionByID reads one collection; lock is "" or forUpdate.
func (s *Store) collectionByID(ctx context.Context, q Conn, id int64, lock string) (*storage.Collection, error) {
	var (
		c                storage.Collection
		created, updated int64
	)
	err := q.QueryRow(ctx, "SELECT id, owner_id, name, description, created_at, updated_at FROM collections WHERE id = ?"+lock, id).
		Scan(&c.ID, &c.OwnerID, &c.Name, &c.Description, &created, &updated)
	if errors.Is(err, ErrNoRows) {
		return nil, storage.NotFound("collection", id)
	}
	if err != nil {
		return nil, s.errorf("collection %d: %w", id, err)
	}
	c.CreatedAt, c.UpdatedAt = fromMillis(created), fromMillis(updated)
	return &c, nil
}

// SetCollectionEntries replaces the entries of collection id. The
// collection's row stays locked until commit, so two concurrent sets run
// one after the other; the posts' authors are locked against a change of
// state (FOR KEY SHARE would not block it), so a post accepted as visible
// is visible at commit.
func (s *Store) SetCollectionEntries(ctx context.Context, id int64, entries []storage.CollectionEntry) (storage.Change, error) {
	return s.write(ctx, "collection.entries", func(tx Tx, ch *storage.Change) error {
		if _, err := s.collectionByID(ctx, tx, id, forUpdate); err != nil {
			return err
		}
		if err := s.checkEntries(ctx, tx, entries); err != nil {
			return err
		}
		b := tx.Batch()
		b.Queue("DELETE FROM collection_entries WHERE collection_id = ?", id)
		for i, e := range entries {
			b.Queue("INSERT INTO collection_entries (collection_id, position, post_id, note) VALUES (?, ?, ?, ?)", id, i, e.PostID, e.Note)
		}
		b.Queue("UPDATE collections SET updated_at = ? WHERE id = ?", millis(now()), id)
		if err := b.Run(ctx); err != nil {
			return s.errorf("set entries of collection %d: %w", id, err)
		}
		ch.Collections = []int64{id}
		return nil
	})
}

// checkEntries refuses too many entries, a post named twice, and posts
// that do not exist or cannot be shown, naming the first bad entry.
func (s *Store) checkEntries(ctx context.Context, tx Tx, entries []storage.CollectionEntry) error {
	if len(entries) > storage.MaxCollectionEntries {
		return storage.Invalid("posts", "at most %d posts, got %d", storage.MaxCollectionEntries, len(entries))
	}
	ids := make([]int64, len(entries))
	seen := make(map[int64]int, len(entries))
	for i, e := range entries {
		if j, dup := seen[e.PostID]; dup {
			return storage.Invalid(fmt.Sprintf("posts[%d].id", i), "post %d is already entry %d", e.PostID, j)
		}
		seen[e.PostID] = i
		ids[i] = e.PostID
	}
	if len(ids) == 0 {
		return nil
	}
	shown, err := s.int64s(ctx, tx, `SELECT p.id FROM posts p JOIN users u ON u.id = p.author_id
		WHERE p.id = ANY(?) AND NOT u.protected AND NOT u.suspended`+forUpdate, ids)
	if err != nil {
		return err
	}
	ok := make(map[int64]bool, len(shown))
	for _, id := range shown {
		ok[id] = true
	}
	for i, id := range ids {
		if !ok[id] {
			return storage.Invalid(fmt.Sprintf("posts[%d].id", i), "post %d does not exist or its author's posts are not public", id)
		}
	}
	return nil
}

// CollectionEntries returns the collection's entries in order.
func (s *Store) CollectionEntries(ctx context.Context, id int64) ([]storage.CollectionEntry, error) {
	if _, err := s.collectionByID(ctx, s.r, id, ""); err != nil {
		return nil, err
	}
	out, err := collect(ctx, s.r, func(r Rows) (storage.CollectionEntry, error) {
		var e storage.CollectionEntry
		return e, r.Scan(&e.PostID, &e.Note)
	}, "SELECT post_id, note FROM collection_entries WHERE collection_id = ? ORDER BY position", id)
	if err != nil {
		return nil, s.errorf("entries of collection %d: %w", id, err)
	}
	return out, nil
}

// CollectionItems returns visible entries after position after, in order,
// walking the collection's primary key.
func (s *Store) CollectionItems(ctx context.Context, id int64, after, limit int) ([]storage.CollectionItem, error) {
	if limit <= 0 || limit > maxTimeline {
		limit = maxTimeline
	}
	out, err := collect(ctx, s.r, func(r Rows) (storage.CollectionItem, error) {
		var it storage.CollectionItem
		p, err := s.scanPost(rowWith{r, []any{&it.Position, &it.Note}})
		it.Post = p
		return it, err
	}, `SELECT `+postCols+`, ce.position, ce.note FROM collection_entries ce
		JOIN posts p ON p.id = ce.post_id
		JOIN users u ON u.id = p.author_id AND NOT u.protected AND NOT u.suspended
		WHERE ce.collection_id = ? AND ce.position > ? ORDER BY ce.position LIMIT ?`, id, after, limit)
	if err != nil {
		return nil, s.errorf("items of collection %d: %w", id, err)
	}
	return out, nil
}

// rowWith scans a row into scanPost's columns followed by extra ones.
type rowWith struct {
	r     Rows
	extra []any
}

func (w rowWith) Scan(dest ...any) error { return w.r.Scan(append(dest, w.extra...)...) }

// DeleteCollection removes the collection and its entries.
func (s *Store) DeleteCollection(ctx context.Context, id int64) (storage.Change, error) {
	return s.write(ctx, "collection.delete", func(tx Tx, ch *storage.Change) error {
		if _, err := s.collectionByID(ctx, tx, id, forUpdate); err != nil {
			return err
		}
		b := tx.Batch()
		b.Queue("DELETE FROM collection_entries WHERE collection_id = ?", id)
		b.Queue("DELETE FROM collections WHERE id = ?", id)
		if err := b.Run(ctx); err != nil {
			return s.errorf("delete collection %d: %w", id, err)
		}
		ch.Collections = []int64{id}
		return nil
	})
}

// authorCollectionsSQL finds the collections holding a post by user ?1:
// a change of the author's state shows or hides those entries.
const authorCollectionsSQL = `SELECT DISTINCT ce.collection_id FROM collection_entries ce
	JOIN posts p ON p.id = ce.post_id WHERE p.author_id = ?`

// postCollectionsSQL finds the collections holding any post of set ?1; a
// post's deletion names them, since their entries move up.
const postCollectionsSQL = "SELECT DISTINCT collection_id FROM collection_entries WHERE post_id = ANY(?)"
