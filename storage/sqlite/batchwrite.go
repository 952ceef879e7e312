package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/roost-embed/roost/storage"
)

// batchStmts are the statements a batch runs once per post, prepared once
// per batch: preparing is most of what a single small write costs.
type batchStmts struct {
	insert, update, unlinkMedia, unlinkTags, link, tag *sql.Stmt
}

// prepareBatch prepares every batch statement inside tx.
func prepareBatch(ctx context.Context, tx *sql.Tx) (*batchStmts, error) {
	var b batchStmts
	queries := []struct {
		dst **sql.Stmt
		sql string
	}{
		{&b.insert, `INSERT INTO posts (` + postWriteCols + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&b.update, `UPDATE posts SET (` + postWriteCols + `) = (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE id = ?`},
		{&b.unlinkMedia, "DELETE FROM post_media WHERE post_id = ?"},
		{&b.unlinkTags, "DELETE FROM post_tags WHERE post_id = ?"},
		{&b.link, "INSERT INTO post_media (post_id, position, media_id) VALUES (?, ?, ?)"},
		{&b.tag, "INSERT INTO post_tags (tag, post_id) VALUES (?, ?)"},
	}
	for _, q := range queries {
		st, err := tx.PrepareContext(ctx, q.sql)
		if err != nil {
			b.close()
			return nil, fmt.Errorf("sqlite: prepare batch: %w", err)
		}
		*q.dst = st
	}
	return &b, nil
}

// close closes the prepared statements (a nil one was never prepared).
func (b *batchStmts) close() {
	for _, st := range []*sql.Stmt{b.insert, b.update, b.unlinkMedia, b.unlinkTags, b.link, b.tag} {
		if st != nil {
			st.Close()
		}
	}
}

// writeBatch inserts the new posts and replaces the stored ones, with
// their media links and hashtag rows.
func writeBatch(ctx context.Context, tx *sql.Tx, posts []*storage.Post, old map[int64]*storage.Post) error {
	b, err := prepareBatch(ctx, tx)
	if err != nil {
		return err
	}
	defer b.close()
	for _, p := range posts {
		if err := b.writePost(ctx, p, old[p.ID] != nil); err != nil {
			return err
		}
	}
	return nil
}

// writePost writes one post of the batch; replace says it is stored.
func (b *batchStmts) writePost(ctx context.Context, p *storage.Post, replace bool) error {
	if err := b.writeRow(ctx, p, replace); err != nil {
		return fmt.Errorf("sqlite: write post %d: %w", p.ID, err)
	}
	for i, m := range p.MediaIDs {
		if _, err := b.link.ExecContext(ctx, p.ID, i, m); err != nil {
			return fmt.Errorf("sqlite: link media %d to post %d: %w", m, p.ID, err)
		}
	}
	for _, tag := range postTags(p) {
		if _, err := b.tag.ExecContext(ctx, tag, p.ID); err != nil {
			return fmt.Errorf("sqlite: tag post %d: %w", p.ID, err)
		}
	}
	return nil
}

// writeRow inserts the post's row, or updates it and drops its old media
// links and hashtag rows.
func (b *batchStmts) writeRow(ctx context.Context, p *storage.Post, replace bool) error {
	if !replace {
		_, err := b.insert.ExecContext(ctx, postArgs(p)...)
		return err
	}
	if _, err := b.update.ExecContext(ctx, append(postArgs(p), p.ID)...); err != nil {
		return err
	}
	if _, err := b.unlinkMedia.ExecContext(ctx, p.ID); err != nil {
		return err
	}
	_, err := b.unlinkTags.ExecContext(ctx, p.ID)
	return err
}
