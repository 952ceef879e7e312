package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/roost-embed/roost/storage"
)

// writeBatch inserts the new posts and replaces the stored ones, with
// their media links and hashtag rows, sent as one pgx.Batch: pgx prepares
// each distinct statement once and the server answers them all in one
// round trip.
func writeBatch(ctx context.Context, tx pgx.Tx, posts []*storage.Post, old map[int64]*storage.Post) error {
	var b pgx.Batch
	for _, p := range posts {
		queuePost(&b, p, old[p.ID] != nil)
	}
	res := tx.SendBatch(ctx, &b)
	for range b.Len() {
		if _, err := res.Exec(); err != nil {
			res.Close()
			return fmt.Errorf("postgres: write batch: %w", err)
		}
	}
	if err := res.Close(); err != nil {
		return fmt.Errorf("postgres: write batch: %w", err)
	}
	return nil
}

// queuePost queues the statements that write one post; replace says it is
// stored and has old link rows to drop.
func queuePost(b *pgx.Batch, p *storage.Post, replace bool) {
	if replace {
		b.Queue(`UPDATE posts SET (`+postWriteCols+`) = (`+postParams+`) WHERE id = $1`, postArgs(p)...)
		b.Queue("DELETE FROM post_media WHERE post_id = $1", p.ID)
		b.Queue("DELETE FROM post_tags WHERE post_id = $1", p.ID)
	} else {
		b.Queue(`INSERT INTO posts (`+postWriteCols+`) VALUES (`+postParams+`)`, postArgs(p)...)
	}
	if len(p.MediaIDs) > 0 {
		b.Queue(`INSERT INTO post_media (post_id, position, media_id)
			SELECT $1, m.ord - 1, m.id FROM unnest($2::bigint[]) WITH ORDINALITY AS m (id, ord)`, p.ID, p.MediaIDs)
	}
	if tags := postTags(p); len(tags) > 0 {
		b.Queue("INSERT INTO post_tags (tag, post_id) SELECT unnest($2::text[]), $1", p.ID, tags)
	}
}
