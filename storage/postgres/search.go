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

// Order is "post_id + 0", which no index provides: sorted by post_id the
// planner may walk post_search's primary key backwards, filtering, in the
// hope of meeting a page of matches early; for a rare word spread over the
// whole history that reads every row (28 ms at 100k posts, growing with
// the store). Unsortable by an index, it always takes the GIN index and
// sorts the matches: cheap for selective queries, and for a common word it
// costs a top-20 sort of its matches.
func (tsIndex) Order() string { return "post_search.post_id + 0" }

// MatchCond writes the tsquery as a literal, not a parameter: with a
// parameter, a cached generic plan cannot tell a rare word from a common
// one and walks post_search backwards for both (50 ms for a rare word in
// 100k posts); with the literal the planner reads the lexemes' statistics
// and takes the GIN index for rare words, the backward walk for common
// ones. The text is safe to inline: it holds only hex tokens, reserved
// lower-case words and the operators All and Any write, and quotes are
// doubled anyway.
func (tsIndex) MatchCond(expr string) (string, []any) {
	return "post_search.doc @@ CAST('" + strings.ReplaceAll(expr, "'", "''") + "' AS tsquery)", nil
}

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
