package sqlstore

import (
	"context"
	"strings"

	"github.com/roost-embed/roost/storage"
)

// SearchIndex is an engine's full-text index of posts: SQLite's FTS5,
// PostgreSQL's tsvector with GIN. What is indexed (storage.SearchDoc) and
// which posts a query asks for are decided here, once; the engine only
// stores documents and spells a match expression in its own syntax. Since
// every token is hex-encoded by storage, the two engines index the same
// words and return the same posts.
type SearchIndex interface {
	// Table names the index table and its post-id column, e.g.
	// ("post_fts", "rowid").
	Table() (table, idCol string)
	// DocParam is the placeholder a document is inserted through.
	DocParam() string
	// Doc encodes a document's tokens (positions count from 1).
	Doc(tokens []string) any
	// MatchCond is the condition on the index table that its row matches
	// expr (from All or Any), with the arguments it binds.
	MatchCond(expr string) (cond string, args []any)
	// Order is what a query with text terms sorts by, newest first: the
	// index's post id, in a form the engine's planner uses well.
	Order() string
	// All compiles "every term of pos and none of neg" (pos not empty).
	All(pos, neg []storage.SearchTerm) string
	// Any compiles "at least one of terms" (not empty).
	Any(terms []storage.SearchTerm) string
}

// indexBatch is how many posts one backfill step indexes.
const indexBatch = 500

// Search returns the visible posts matching sq, newest first. With text
// terms the index drives the query (walking it newest first on SQLite);
// with operators only, the posts are walked newest first and filtered.
func (s *Store) Search(ctx context.Context, sq storage.SearchQuery, q storage.TimelineQuery) ([]*storage.Post, error) {
	if !sq.Positive() {
		return nil, nil
	}
	query, args := s.searchSQL(sq, q)
	return s.queryPosts(ctx, s.r, query, args...)
}

// searchSQL builds the query and its arguments for sq.
func (s *Store) searchSQL(sq storage.SearchQuery, q storage.TimelineQuery) (string, []any) {
	ix := s.e.Search()
	table, idCol := ix.Table()
	before, limit, replies := page(q)
	pos, neg := sq.PositiveTerms(), sq.NegativeTerms()
	for _, h := range sq.Has {
		if h == storage.HasLink {
			pos = append(pos, storage.SearchTerm{Tokens: []string{storage.SearchLinkToken}})
		}
	}
	for _, h := range sq.NotHas {
		if h == storage.HasLink {
			neg = append(neg, storage.SearchTerm{Tokens: []string{storage.SearchLinkToken}})
		}
	}
	var (
		b     strings.Builder
		args  []any
		order string
	)
	b.WriteString("SELECT " + postCols + " FROM ")
	visible := " JOIN users u ON u.id = p.author_id AND NOT u.protected AND NOT u.suspended WHERE "
	if len(pos) > 0 {
		id := table + "." + idCol
		cond, condArgs := ix.MatchCond(ix.All(pos, neg))
		b.WriteString(table + " JOIN posts p ON p.id = " + id + visible + cond + " AND " + id + " < ?")
		args = append(append(args, condArgs...), before)
		order = ix.Order()
	} else {
		b.WriteString("posts p" + visible + "p.id < ?")
		args = append(args, before)
		if len(neg) > 0 {
			cond, condArgs := ix.MatchCond(ix.Any(neg))
			b.WriteString(" AND p.id NOT IN (SELECT " + idCol + " FROM " + table + " WHERE " + cond + ")")
			args = append(args, condArgs...)
		}
		order = "p.id"
	}
	b.WriteString(replies)
	args = appendSearchFilters(&b, args, sq)
	b.WriteString(" ORDER BY " + order + " DESC LIMIT ?")
	return b.String(), append(args, limit)
}

// appendSearchFilters writes the operator conditions of sq.
func appendSearchFilters(b *strings.Builder, args []any, sq storage.SearchQuery) []any {
	cond := func(sql string, vals []string) {
		for _, v := range vals {
			b.WriteString(" AND " + sql)
			args = append(args, v)
		}
	}
	cond("u.handle_key = ?", sq.From)
	cond("u.handle_key <> ?", sq.NotFrom)
	cond("EXISTS (SELECT 1 FROM post_tags t WHERE t.tag = ? AND t.post_id = p.id)", sq.Tags)
	cond("NOT EXISTS (SELECT 1 FROM post_tags t WHERE t.tag = ? AND t.post_id = p.id)", sq.NotTags)
	for _, l := range sq.Langs {
		b.WriteString(" AND (lower(p.lang) = ? OR lower(p.lang) LIKE ?)")
		args = append(args, l, l+"-%")
	}
	has := func(not bool, vals []string) {
		for _, h := range vals {
			var sql string
			switch h {
			case storage.HasMedia:
				sql = "EXISTS (SELECT 1 FROM post_media m WHERE m.post_id = p.id)"
			case storage.HasVideo:
				sql = "EXISTS (SELECT 1 FROM post_media m JOIN media x ON x.id = m.media_id WHERE m.post_id = p.id AND x.kind IN ('video', 'gif'))"
			default:
				continue // has:link is a term of the index
			}
			if not {
				sql = "NOT " + sql
			}
			b.WriteString(" AND " + sql)
		}
	}
	has(false, sq.Has)
	has(true, sq.NotHas)
	return args
}

// queueSearchDoc queues the (re)indexing of p.
func (s *Store) queueSearchDoc(b Batch, p *storage.Post) {
	ix := s.e.Search()
	table, idCol := ix.Table()
	s.queueUnindex(b, p.ID)
	b.Queue("INSERT INTO "+table+" ("+idCol+", doc) VALUES (?, "+ix.DocParam()+")", p.ID, ix.Doc(storage.SearchDoc(p)))
}

// queueUnindex queues the removal of post id from the index.
func (s *Store) queueUnindex(b Batch, id int64) {
	table, idCol := s.e.Search().Table()
	b.Queue("DELETE FROM "+table+" WHERE "+idCol+" = ?", id)
}

// unindexAuthorSQL removes every post of user ?1 from the index (erasure).
func (s *Store) unindexAuthorSQL() string {
	table, idCol := s.e.Search().Table()
	return "DELETE FROM " + table + " WHERE " + idCol + " IN (SELECT id FROM posts WHERE author_id = ?1)"
}

// indexMissing indexes the posts the search index does not hold yet (the
// posts written before migration 004), indexBatch at a time. On an
// indexed store it costs one anti-join that finds nothing.
func (s *Store) indexMissing(ctx context.Context) error {
	table, idCol := s.e.Search().Table()
	query := "SELECT " + postCols + " FROM posts p WHERE NOT EXISTS (SELECT 1 FROM " + table +
		" WHERE " + table + "." + idCol + " = p.id) ORDER BY p.id LIMIT ?"
	for {
		var n int
		err := s.inTx(ctx, func(tx Tx) error {
			posts, err := s.queryPosts(ctx, tx, query, indexBatch)
			if err != nil {
				return err
			}
			n = len(posts)
			b := tx.Batch()
			for _, p := range posts {
				s.queueSearchDoc(b, p)
			}
			return b.Run(ctx)
		})
		if err != nil {
			return s.errorf("index posts for search: %w", err)
		}
		if n < indexBatch {
			return nil
		}
	}
}
