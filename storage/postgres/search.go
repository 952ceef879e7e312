package postgres

import (
	"strconv"
	"strings"

	"github.com/roost-embed/roost/storage"
	"github.com/roost-embed/roost/storage/sqlstore"
)

// PostgreSQL limits on a tsvector: positions above maxPosition are
// clamped to it, and a lexeme keeps at most maxPositions of them.
const (
	maxPosition  = 16383
	maxPositions = 256
)

// tsIndex is the search index in PostgreSQL's dialect: post_search.doc, a
// tsvector with a GIN index (migration 004). Documents and queries are
// written as tsvector and tsquery literals and cast, never passed through
// to_tsvector or to_tsquery: storage has already folded and tokenised the
// text, and the literal forms take lexemes as they are, whatever the text
// search configuration or the database's locale. Tokens are hex or
// reserved letters, so quoting them is plain.
type tsIndex struct{}

func (e *engine) Search() sqlstore.SearchIndex { return tsIndex{} }

func (tsIndex) Table() (string, string) { return "post_search", "post_id" }
func (tsIndex) DocParam() string        { return "CAST(? AS tsvector)" }
func (tsIndex) MatchCond() string       { return "post_search.doc @@ CAST(? AS tsquery)" }

// Doc writes "'tok':1,4 'other':2", keeping PostgreSQL's limits on
// positions (a lexeme found more than 256 times keeps its first 256).
func (tsIndex) Doc(tokens []string) any {
	positions := map[string][]int{}
	var order []string
	for i, tok := range tokens {
		if _, seen := positions[tok]; !seen {
			order = append(order, tok)
		}
		if ps := positions[tok]; len(ps) < maxPositions {
			positions[tok] = append(ps, min(i+1, maxPosition))
		}
	}
	var b strings.Builder
	for i, tok := range order {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString("'" + tok + "':")
		for j, p := range positions[tok] {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(p))
		}
	}
	return b.String()
}

// All is "(t1) & (t2) & !(n1) & !(n2)".
func (tsIndex) All(pos, neg []storage.SearchTerm) string {
	parts := make([]string, 0, len(pos)+len(neg))
	for _, t := range pos {
		parts = append(parts, "("+tsPhrase(t)+")")
	}
	for _, t := range neg {
		parts = append(parts, "!("+tsPhrase(t)+")")
	}
	return strings.Join(parts, " & ")
}

// Any is "(t1) | (t2)".
func (tsIndex) Any(terms []storage.SearchTerm) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = "(" + tsPhrase(t) + ")"
	}
	return strings.Join(parts, " | ")
}

// tsPhrase writes a term as adjacent lexemes, 'a' <-> 'b', its last one a
// prefix ('b':*) when the term asks for one.
func tsPhrase(t storage.SearchTerm) string {
	parts := make([]string, len(t.Tokens))
	for i, tok := range t.Tokens {
		parts[i] = "'" + tok + "'"
	}
	if t.Prefix {
		parts[len(parts)-1] += ":*"
	}
	return strings.Join(parts, " <-> ")
}
