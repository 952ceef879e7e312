package storage

import (
	"strings"
	"unicode/utf8"
)

// Search query limits: a longer query is cut, extra terms are dropped, so
// any input gives a bounded query (never an error).
const (
	MaxSearchBytes  = 512 // bytes of query text read
	MaxSearchTerms  = 16  // text terms, exclusions and operators together
	maxPhraseTokens = 16
)

// SearchQuery is a parsed search: what a post must contain, must not
// contain, and the operators that narrow it. Its zero value matches
// nothing. Build one with ParseSearch.
type SearchQuery struct {
	Terms   []SearchTerm // text words and "phrases", positive and negated
	From    []string     // from:handle, lower-cased; each must hold
	NotFrom []string     // -from:handle
	Tags    []string     // #tag, normalised as post_tags are
	NotTags []string     // -#tag
	Langs   []string     // lang:xx, lower-cased primary subtag or full tag
	Has     []string     // has:media, has:video, has:link
	NotHas  []string     // -has:…
}

// SearchTerm is one word or phrase: hex tokens that must appear in order
// (see SearchTokens); Prefix matches the last token as a prefix.
type SearchTerm struct {
	Tokens []string
	Prefix bool
	Not    bool
}

// The has: filters.
const (
	HasMedia = "media"
	HasVideo = "video"
	HasLink  = "link"
)

// Positive reports whether the query can match anything: a query made
// only of exclusions (or of nothing) matches no post rather than every
// post.
func (q *SearchQuery) Positive() bool {
	for _, t := range q.Terms {
		if !t.Not {
			return true
		}
	}
	return len(q.From)+len(q.Tags)+len(q.Langs)+len(q.Has) > 0
}

// PositiveTerms and NegativeTerms split the text terms.
func (q *SearchQuery) PositiveTerms() []SearchTerm { return q.terms(false) }
func (q *SearchQuery) NegativeTerms() []SearchTerm { return q.terms(true) }

func (q *SearchQuery) terms(not bool) []SearchTerm {
	var out []SearchTerm
	for _, t := range q.Terms {
		if t.Not == not {
			out = append(out, t)
		}
	}
	return out
}

// ParseSearch reads a query in the syntax people know from X and
// Mastodon: words, "exact phrases", -exclusion (of a word, a phrase or an
// operator), from:handle, #tag, lang:xx, has:media|video|link. Anything
// else is a word; an unbalanced quote runs to the end; operators with a
// malformed value are dropped. It never fails: the worst input is a query
// that matches nothing.
func ParseSearch(raw string) SearchQuery {
	var q SearchQuery
	if len(raw) > MaxSearchBytes {
		cut := MaxSearchBytes
		for cut > 0 && !utf8.RuneStart(raw[cut]) {
			cut--
		}
		raw = raw[:cut]
	}
	raw = strings.ToValidUTF8(raw, " ")
	n := 0
	for rest := raw; rest != "" && n < MaxSearchTerms; {
		var item string
		var quoted, not bool
		item, quoted, not, rest = nextItem(rest)
		if item == "" {
			continue
		}
		if q.add(item, quoted, not) {
			n++
		}
	}
	return q
}

// nextItem cuts the next word or quoted phrase off s, with a leading '-'.
func nextItem(s string) (item string, quoted, not bool, rest string) {
	s = strings.TrimLeft(s, " \t\r\n\u3000")
	if strings.HasPrefix(s, "-") && len(s) > 1 {
		not, s = true, s[1:]
	}
	if strings.HasPrefix(s, `"`) || strings.HasPrefix(s, "“") {
		_, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		end := strings.IndexAny(s, `"”`)
		if end < 0 {
			return s, true, not, ""
		}
		_, size = utf8.DecodeRuneInString(s[end:])
		return s[:end], true, not, s[end+size:]
	}
	end := strings.IndexAny(s, " \t\r\n\u3000")
	if end < 0 {
		return s, false, not, ""
	}
	return s[:end], false, not, s[end:]
}

// add records one item and reports whether it counted toward the limit.
func (q *SearchQuery) add(item string, quoted, not bool) bool {
	if !quoted {
		if op, val, ok := strings.Cut(item, ":"); ok && val != "" {
			if q.operator(strings.ToLower(op), val, not) {
				return true
			}
		}
		if tag, ok := strings.CutPrefix(item, "#"); ok && tag != "" {
			return q.tag(tag, not)
		}
	}
	toks, prefix := SearchTokens(item)
	if len(toks) == 0 {
		return false
	}
	if len(toks) > maxPhraseTokens {
		toks, prefix = toks[:maxPhraseTokens], false
	}
	q.Terms = append(q.Terms, SearchTerm{Tokens: toks, Prefix: prefix, Not: not})
	return true
}

// operator records from:, lang: and has:; an unknown operator is not one
// ("10:30" stays a word).
func (q *SearchQuery) operator(op, val string, not bool) bool {
	switch op {
	case "from":
		h := strings.ToLower(strings.TrimPrefix(val, "@"))
		if !handleLike(h) {
			return false
		}
		appendTo(&q.From, &q.NotFrom, not, h)
	case "lang":
		l := strings.ToLower(val)
		if !langLike(l) {
			return false
		}
		appendTo(&q.Langs, nil, not, l)
	case "has":
		v := strings.ToLower(val)
		switch v {
		case "media", "images", "image":
			v = HasMedia
		case "video", "videos":
			v = HasVideo
		case "link", "links":
			v = HasLink
		default:
			return false
		}
		appendTo(&q.Has, &q.NotHas, not, v)
	default:
		return false
	}
	return true
}

// tag records #tag in the form post_tags holds.
func (q *SearchQuery) tag(tag string, not bool) bool {
	t := strings.ToLower(tag)
	if t == "" || utf8.RuneCountInString(t) > 100 {
		return false
	}
	appendTo(&q.Tags, &q.NotTags, not, t)
	return true
}

// appendTo adds v to pos or, when negated, to neg (a nil neg drops it:
// -lang: is not supported).
func appendTo(pos, neg *[]string, not bool, v string) {
	switch {
	case !not:
		*pos = append(*pos, v)
	case neg != nil:
		*neg = append(*neg, v)
	}
}

// handleLike reports whether h has the shape of a handle.
func handleLike(h string) bool {
	if h == "" || len(h) > 30 {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !(c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z') {
			return false
		}
	}
	return true
}

// langLike reports whether l looks like a BCP 47 tag: letters, digits and
// hyphens, starting with 2–3 letters.
func langLike(l string) bool {
	if len(l) < 2 || len(l) > 35 {
		return false
	}
	for i := 0; i < len(l); i++ {
		c := l[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return l[0] >= 'a' && l[1] >= 'a'
}

// Key is a canonical form of the query: two queries with the same Key
// match the same posts (cache keys are built from it).
func (q *SearchQuery) Key() string {
	var b strings.Builder
	for _, t := range q.Terms {
		if t.Not {
			b.WriteByte('-')
		}
		b.WriteString(strings.Join(t.Tokens, "."))
		if t.Prefix {
			b.WriteByte('*')
		}
		b.WriteByte(' ')
	}
	for _, set := range []struct {
		prefix string
		vals   []string
	}{{"from:", q.From}, {"-from:", q.NotFrom}, {"#", q.Tags}, {"-#", q.NotTags},
		{"lang:", q.Langs}, {"has:", q.Has}, {"-has:", q.NotHas}} {
		for _, v := range set.vals {
			b.WriteString(set.prefix)
			b.WriteString(v)
			b.WriteByte(' ')
		}
	}
	return strings.TrimSuffix(b.String(), " ")
}
