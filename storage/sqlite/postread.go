package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/roost-embed/roost/storage"
)

// postWriteCols are the posts columns in the order postArgs gives them.
const postWriteCols = `id, author_id, text, lang, created_at, edited_at, reply_to, quote_of,
	like_count, repost_count, reply_count, sensitive, summary, original_url, entities`

// postCols reads a post (aliased p) with its media ids, in position order,
// folded into one column so a timeline is a single query.
const postCols = `p.id, p.author_id, p.text, p.lang, p.created_at, p.edited_at, p.reply_to, p.quote_of,
	p.like_count, p.repost_count, p.reply_count, p.sensitive, p.summary, p.original_url, p.entities,
	(SELECT group_concat(m.media_id, ',' ORDER BY m.position) FROM post_media m WHERE m.post_id = p.id)`

func postArgs(p *storage.Post) []any {
	return []any{p.ID, p.AuthorID, p.Text, p.Lang, millis(p.CreatedAt), millis(p.EditedAt), p.ReplyTo, p.QuoteOf,
		p.LikeCount, p.RepostCount, p.ReplyCount, b2i(p.Sensitive), p.Summary, p.OriginalURL, entitiesJSON(p.Entities)}
}

// entitiesJSON encodes entities; none is the empty string.
func entitiesJSON(es []storage.Entity) string {
	if len(es) == 0 {
		return ""
	}
	b, _ := json.Marshal(es) // plain strings and ints always encode
	return string(b)
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
// lower-cased by Go's Unicode tables (SQL lower() folds only ASCII).
func normTag(tag string) string {
	return strings.ToLower(strings.TrimPrefix(tag, "#"))
}

// PostByID returns the post with id.
func (s *Store) PostByID(ctx context.Context, id int64) (*storage.Post, error) {
	return postByID(ctx, s.r, id)
}

func postByID(ctx context.Context, q queryer, id int64) (*storage.Post, error) {
	p, err := scanPost(q.QueryRowContext(ctx, "SELECT "+postCols+" FROM posts p WHERE p.id = ?", id))
	if err == sql.ErrNoRows {
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
	posts, err := queryPosts(ctx, s.r, "SELECT "+postCols+" FROM posts p WHERE p.id IN (SELECT value FROM json_each(?))", jsonIDs(ids))
	for _, p := range posts {
		out[p.ID] = p
	}
	return out, err
}

// queryPosts runs a query selecting postCols and scans every row.
func queryPosts(ctx context.Context, q queryer, query string, args ...any) ([]*storage.Post, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: query posts: %w", err)
	}
	defer rows.Close()
	var out []*storage.Post
	for rows.Next() {
		p, err := scanPost(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: query posts: %w", err)
	}
	return out, nil
}

func scanPost(sc scanner) (*storage.Post, error) {
	var (
		p               storage.Post
		created, edited int64
		sensitive       int
		entities        string
		media           sql.NullString
	)
	err := sc.Scan(&p.ID, &p.AuthorID, &p.Text, &p.Lang, &created, &edited, &p.ReplyTo, &p.QuoteOf,
		&p.LikeCount, &p.RepostCount, &p.ReplyCount, &sensitive, &p.Summary, &p.OriginalURL, &entities, &media)
	if err == sql.ErrNoRows {
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: scan post: %w", err)
	}
	p.CreatedAt, p.EditedAt, p.Sensitive = fromMillis(created), fromMillis(edited), sensitive != 0
	if entities != "" {
		if err := json.Unmarshal([]byte(entities), &p.Entities); err != nil {
			return nil, fmt.Errorf("sqlite: post %d: bad entities: %w", p.ID, err)
		}
	}
	if p.MediaIDs, err = parseIDs(media.String); err != nil {
		return nil, fmt.Errorf("sqlite: post %d: bad media ids: %w", p.ID, err)
	}
	return &p, nil
}

// parseIDs reads a comma-separated id list; "" is none.
func parseIDs(s string) ([]int64, error) {
	if s == "" {
		return nil, nil
	}
	parts := strings.Split(s, ",")
	ids := make([]int64, len(parts))
	for i, part := range parts {
		id, err := strconv.ParseInt(part, 10, 64)
		if err != nil {
			return nil, err
		}
		ids[i] = id
	}
	return ids, nil
}
