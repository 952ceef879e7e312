package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/roost-embed/roost/storage"
)

// postWriteCols are the posts columns in the order postArgs gives them,
// and postParams their placeholders ($1 is the id, for UPDATE … WHERE).
const (
	postWriteCols = `id, author_id, text, lang, created_at, edited_at, reply_to, quote_of,
	like_count, repost_count, reply_count, sensitive, summary, original_url, entities`
	postParams = `$1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15`
)

// postCols reads a post (aliased p) with its media ids, in position order,
// folded into one array column so a timeline is a single query.
const postCols = `p.id, p.author_id, p.text, p.lang, p.created_at, p.edited_at, p.reply_to, p.quote_of,
	p.like_count, p.repost_count, p.reply_count, p.sensitive, p.summary, p.original_url, p.entities,
	(SELECT array_agg(m.media_id ORDER BY m.position) FROM post_media m WHERE m.post_id = p.id)`

func postArgs(p *storage.Post) []any {
	return []any{p.ID, p.AuthorID, p.Text, p.Lang, millis(p.CreatedAt), millis(p.EditedAt), p.ReplyTo, p.QuoteOf,
		p.LikeCount, p.RepostCount, p.ReplyCount, p.Sensitive, p.Summary, p.OriginalURL, entitiesJSON(p.Entities)}
}

// entitiesJSON encodes entities; none is NULL.
func entitiesJSON(es []storage.Entity) []byte {
	if len(es) == 0 {
		return nil
	}
	b, _ := json.Marshal(es) // plain strings and ints always encode
	return b
}

// postTags returns the post's hashtags, normalised and without repeats.
func postTags(p *storage.Post) []string {
	var tags []string
	seen := map[string]bool{}
	for _, e := range p.Entities {
		t := normTag(e.Value)
		if e.Kind != storage.EntityHashtag || t == "" || seen[t] {
			continue
		}
		seen[t] = true
		tags = append(tags, t)
	}
	return tags
}

// normTag is the form a hashtag is indexed and looked up by: without '#',
// lower-cased by Go's Unicode tables, exactly as the SQLite backend does,
// so the two never disagree on what matches.
func normTag(tag string) string {
	return strings.ToLower(strings.TrimPrefix(tag, "#"))
}

// PostByID returns the post with id.
func (s *Store) PostByID(ctx context.Context, id int64) (*storage.Post, error) {
	return postByID(ctx, s.pool, id, "")
}

// postByID reads one post; lock is "" or a locking clause (" FOR UPDATE").
func postByID(ctx context.Context, q queryer, id int64, lock string) (*storage.Post, error) {
	p, err := scanPost(q.QueryRow(ctx, "SELECT "+postCols+" FROM posts p WHERE p.id = $1"+lock, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, storage.NotFound("post", id)
	}
	return p, err
}

// PostsByIDs returns the posts that exist among ids, keyed by id.
func (s *Store) PostsByIDs(ctx context.Context, ids []int64) (map[int64]*storage.Post, error) {
	out := make(map[int64]*storage.Post, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	posts, err := queryPosts(ctx, s.pool, "SELECT "+postCols+" FROM posts p WHERE p.id = ANY($1)", ids)
	if err != nil {
		return nil, err
	}
	for _, p := range posts {
		out[p.ID] = p
	}
	return out, nil
}

// queryPosts runs a query selecting postCols and scans every row.
func queryPosts(ctx context.Context, q queryer, query string, args ...any) ([]*storage.Post, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: query posts: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*storage.Post, error) { return scanPost(r) })
	if err != nil {
		return nil, fmt.Errorf("postgres: query posts: %w", err)
	}
	return out, nil
}

func scanPost(sc scanner) (*storage.Post, error) {
	var (
		p               storage.Post
		created, edited int64
		entities        []byte
	)
	err := sc.Scan(&p.ID, &p.AuthorID, &p.Text, &p.Lang, &created, &edited, &p.ReplyTo, &p.QuoteOf,
		&p.LikeCount, &p.RepostCount, &p.ReplyCount, &p.Sensitive, &p.Summary, &p.OriginalURL, &entities, &p.MediaIDs)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: scan post: %w", err)
	}
	p.CreatedAt, p.EditedAt = fromMillis(created), fromMillis(edited)
	if len(entities) > 0 {
		if err := json.Unmarshal(entities, &p.Entities); err != nil {
			return nil, fmt.Errorf("postgres: post %d: bad entities: %w", p.ID, err)
		}
	}
	return &p, nil
}
