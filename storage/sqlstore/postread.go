package sqlstore

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"github.com/roost-embed/roost/storage"
)

// postWriteCols are the posts columns in the order postArgs gives them,
// and postParams their placeholders.
const (
	postWriteCols = `id, author_id, text, lang, created_at, edited_at, reply_to, quote_of,
	like_count, repost_count, reply_count, sensitive, summary, original_url, entities, poll, card`
	postParams = `?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?`
)

// postCols reads a post (aliased p) with its media ids, in position order,
// folded into one column so a timeline is a single query.
const postCols = `p.id, p.author_id, p.text, p.lang, p.created_at, p.edited_at, p.reply_to, p.quote_of,
	p.like_count, p.repost_count, p.reply_count, p.sensitive, p.summary, p.original_url, p.entities,
	p.poll, p.card, (SELECT COALESCE(string_agg(CAST(m.media_id AS TEXT), ',' ORDER BY m.position), '')
		FROM post_media m WHERE m.post_id = p.id)`

func postArgs(p *storage.Post) []any {
	return []any{p.ID, p.AuthorID, p.Text, p.Lang, millis(p.CreatedAt), millis(p.EditedAt), p.ReplyTo, p.QuoteOf,
		p.LikeCount, p.RepostCount, p.ReplyCount, p.Sensitive, p.Summary, p.OriginalURL, entitiesJSON(p.Entities),
		docJSON(p.Poll), docJSON(p.Card)}
}

// entitiesJSON encodes entities; none is an empty document.
func entitiesJSON(es []storage.Entity) JSON {
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
// lower-cased by Go's Unicode tables (SQL lower() folds only ASCII on
// SQLite), so both engines agree on what matches.
func normTag(tag string) string {
	return strings.ToLower(strings.TrimPrefix(tag, "#"))
}

// PostByID returns the post with id.
func (s *Store) PostByID(ctx context.Context, id int64) (*storage.Post, error) {
	return s.postByID(ctx, s.r, id, "")
}

// postByID reads one post; lock is "" or forUpdate.
func (s *Store) postByID(ctx context.Context, q Conn, id int64, lock string) (*storage.Post, error) {
	p, err := s.scanPost(q.QueryRow(ctx, "SELECT "+postCols+" FROM posts p WHERE p.id = ?"+lock, id))
	if errors.Is(err, ErrNoRows) {
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
	posts, err := s.queryPosts(ctx, s.r, "SELECT "+postCols+" FROM posts p WHERE p.id = ANY(?)", ids)
	if err != nil {
		return nil, err
	}
	for _, p := range posts {
		out[p.ID] = p
	}
	return out, nil
}

// queryPosts runs a query selecting postCols and scans every row.
func (s *Store) queryPosts(ctx context.Context, q Conn, query string, args ...any) ([]*storage.Post, error) {
	out, err := collect(ctx, q, func(r Rows) (*storage.Post, error) { return s.scanPost(r) }, query, args...)
	if err != nil {
		return nil, s.errorf("query posts: %w", err)
	}
	return out, nil
}

func (s *Store) scanPost(sc Row) (*storage.Post, error) {
	var (
		p               storage.Post
		created, edited int64
		entities        []byte
		poll, card      []byte
		media           string
	)
	err := sc.Scan(&p.ID, &p.AuthorID, &p.Text, &p.Lang, &created, &edited, &p.ReplyTo, &p.QuoteOf,
		&p.LikeCount, &p.RepostCount, &p.ReplyCount, &p.Sensitive, &p.Summary, &p.OriginalURL, &entities, &poll, &card, &media)
	if errors.Is(err, ErrNoRows) {
		return nil, err
	}
	if err != nil {
		return nil, s.errorf("scan post: %w", err)
	}
	p.CreatedAt, p.EditedAt = fromMillis(created), fromMillis(edited)
	if len(entities) > 0 {
		if err := json.Unmarshal(entities, &p.Entities); err != nil {
			return nil, s.errorf("post %d: bad entities: %w", p.ID, err)
		}
	}
	if err := readRich(&p, poll, card); err != nil {
		return nil, s.errorf("post %d: %w", p.ID, err)
	}
	if p.MediaIDs, err = parseIDs(media); err != nil {
		return nil, s.errorf("post %d: bad media ids: %w", p.ID, err)
	}
	return &p, nil
}

// parseIDs reads a comma-separated id list; "" is none.
func parseIDs(s string) ([]int64, error) {
	if s == "" {
		return nil, nil
	}
	ids := make([]int64, 0, strings.Count(s, ",")+1)
	for part := range strings.SplitSeq(s, ",") {
		id, err := strconv.ParseInt(part, 10, 64)
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}
