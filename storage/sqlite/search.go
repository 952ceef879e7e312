package sqlite

import (
	"strings"

	"github.com/roost-embed/roost/storage"
	"github.com/roost-embed/roost/storage/sqlstore"
)

// ftsIndex is the search index in FTS5's dialect: the post_fts virtual
// table (migration 004), its rowid the post id, documents the tokens
// joined by spaces. Tokens are hex or reserved letters (storage), so a
// quoted phrase can hold nothing FTS5 would read as syntax.
type ftsIndex struct{}

func (e *engine) Search() sqlstore.SearchIndex { return ftsIndex{} }

func (ftsIndex) Table() (string, string) { return "post_fts", "rowid" }
func (ftsIndex) DocParam() string        { return "?" }

// Order is the rowid: FTS5 returns matches in rowid order, so a query
// walks them newest first and stops at the page's end.
func (ftsIndex) Order() string           { return "post_fts.rowid" }
func (ftsIndex) Doc(tokens []string) any { return strings.Join(tokens, " ") }
func (ftsIndex) MatchCond(expr string) (string, []any) {
	return "post_fts MATCH ?", []any{expr}
}

// All is "(t1 AND t2) NOT n1 NOT n2": FTS5's NOT is binary, binding
// tighter than AND, so each exclusion applies to the whole conjunction.
func (ftsIndex) All(pos, neg []storage.SearchTerm) string {
	var b strings.Builder
	b.WriteByte('(')
	for i, t := range pos {
		if i > 0 {
			b.WriteString(" AND ")
		}
		ftsPhrase(&b, t)
	}
	b.WriteByte(')')
	for _, t := range neg {
		b.WriteString(" NOT ")
		ftsPhrase(&b, t)
	}
	return b.String()
}

// Any is "t1 OR t2".
func (ftsIndex) Any(terms []storage.SearchTerm) string {
	var b strings.Builder
	for i, t := range terms {
		if i > 0 {
			b.WriteString(" OR ")
		}
		ftsPhrase(&b, t)
	}
	return b.String()
}

// ftsPhrase writes a term as a quoted FTS5 phrase, its last token a
// prefix when the term asks for one ("e69d" *).
func ftsPhrase(b *strings.Builder, t storage.SearchTerm) {
	b.WriteByte('"')
	b.WriteString(strings.Join(t.Tokens, " "))
	b.WriteByte('"')
	if t.Prefix {
		b.WriteString(" *")
	}
}
