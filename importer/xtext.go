package importer

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/roost-embed/roost/entity"
	"github.com/roost-embed/roost/storage"
)

// xUnescape undoes the one level of HTML escaping X applies to tweet text.
// A Replacer never rescans its output, so "&amp;lt;" becomes "&lt;" as typed.
var xUnescape = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">")

// xSpan is an entity located in the unescaped text (byte offsets).
type xSpan struct {
	start, end int
	kind       storage.EntityKind // "" for a media link, which is removed
	replace    string             // for links: the expanded URL written instead
}

// xText sets r's text and entities from an archived tweet: unescaped once,
// t.co links replaced by their expanded URLs, media links removed, and
// every entity re-located in the final text as byte offsets.
//
// X gives entity indices in code points, in practice counted on the
// unescaped text; rather than trust them blindly, each entity is found by
// its literal text (the t.co URL, "@name", "#tag"), preferring the
// occurrence at the index X gave, so escaped text, emoji and astral
// characters cannot shift a span.
func xText(r *record, full string, ents *xEntities, media []xMedia) {
	plain := xUnescape.Replace(full)
	spans := xLocate(plain, ents, media)
	var b strings.Builder
	var es []storage.Entity
	quoteIdx, quoteID := -1, int64(0)
	cur := 0
	for _, s := range spans {
		b.WriteString(plain[cur:s.start])
		cur = s.end
		if s.kind == "" {
			continue
		}
		start := b.Len()
		value := plain[s.start+1 : s.end]
		if s.kind == storage.EntityURL {
			b.WriteString(s.replace)
			value = s.replace
			if id := xStatusID(s.replace); id != 0 && id != r.post.ID {
				quoteIdx, quoteID = len(es), id
			}
		} else {
			b.WriteString(plain[s.start:s.end])
		}
		es = append(es, storage.Entity{Kind: s.kind, Start: start, End: b.Len(), Value: value})
	}
	b.WriteString(plain[cur:])
	text := strings.TrimRightFunc(b.String(), unicode.IsSpace)
	es = keepWithin(es, len(text))
	if quoteIdx == len(es)-1 && quoteIdx >= 0 && es[quoteIdx].End == len(text) {
		r.quoteOf = quoteID
		r.quoteCut = len(strings.TrimRightFunc(text[:es[quoteIdx].Start], unicode.IsSpace))
	}
	r.post.Text = text
	r.post.Entities = mergeEntities(es, entity.Find(text))
}

// xLocate finds every entity of the tweet in plain, in text order.
func xLocate(plain string, ents *xEntities, media []xMedia) []xSpan {
	l := &locator{text: plain, offs: runeOffsets(plain)}
	for _, u := range ents.URLs {
		l.claim(u.URL, u.Indices, false, xSpan{kind: storage.EntityURL, replace: xExpanded(u)})
	}
	for _, m := range media {
		l.claim(m.URL, m.Indices, false, xSpan{})
	}
	for _, m := range ents.Mentions {
		l.claim("@"+m.ScreenName, m.Indices, true, xSpan{kind: storage.EntityMention})
	}
	for _, h := range ents.Hashtags {
		l.claim("#"+h.Text, h.Indices, false, xSpan{kind: storage.EntityHashtag})
	}
	for _, s := range ents.Symbols {
		l.claim("$"+s.Text, s.Indices, false, xSpan{kind: storage.EntityCashtag})
	}
	spans := l.spans
	for i := 1; i < len(spans); i++ {
		for j := i; j > 0 && spans[j].start < spans[j-1].start; j-- {
			spans[j], spans[j-1] = spans[j-1], spans[j]
		}
	}
	return spans
}

// xExpanded is the URL a t.co link stands for, or the t.co link itself when
// the expansion is missing or not a plain http(s) URL.
func xExpanded(u xURL) string {
	e := u.ExpandedURL
	if !(strings.HasPrefix(e, "http://") || strings.HasPrefix(e, "https://")) ||
		strings.IndexFunc(e, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return u.URL
	}
	return e
}

// xStatusID returns the post id of a link to a post on X, or 0.
func xStatusID(u string) int64 {
	m := xStatusURL.FindStringSubmatch(u)
	if m == nil {
		return 0
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// locator finds literal entity texts in a tweet without overlaps.
type locator struct {
	text  string
	offs  []int // byte offset of each code point, plus len(text)
	spans []xSpan
}

// claim locates want (case-insensitively when fold) near the code-point
// index hint and records s there. Entities that cannot be found are
// dropped; entity.Find gets another chance at them later.
func (l *locator) claim(want string, hint []flexInt, fold bool, s xSpan) {
	if len(want) < 2 || !utf8.ValidString(want) {
		return
	}
	near := -1
	if len(hint) > 0 && hint[0] >= 0 && int(hint[0]) < len(l.offs) {
		near = l.offs[hint[0]]
	}
	best := -1
	for i := 0; i+len(want) <= len(l.text); i++ {
		if !l.matches(i, want, fold) || l.taken(i, i+len(want)) {
			continue
		}
		if best < 0 || abs(i-near) < abs(best-near) {
			best = i
		}
		if i == near {
			break
		}
	}
	if best >= 0 {
		s.start, s.end = best, best+len(want)
		l.spans = append(l.spans, s)
	}
}

func (l *locator) matches(i int, want string, fold bool) bool {
	got := l.text[i : i+len(want)]
	if fold {
		return strings.EqualFold(got, want)
	}
	return got == want
}

func (l *locator) taken(start, end int) bool {
	for _, s := range l.spans {
		if start < s.end && s.start < end {
			return true
		}
	}
	return false
}

// runeOffsets returns the byte offset of every code point of s, and len(s).
func runeOffsets(s string) []int {
	offs := make([]int, 0, len(s)+1)
	for i := range s {
		offs = append(offs, i)
	}
	return append(offs, len(s))
}

// keepWithin drops entities that do not fit in a text of n bytes.
func keepWithin(es []storage.Entity, n int) []storage.Entity {
	kept := es[:0]
	for _, e := range es {
		if e.Start >= 0 && e.End <= n && e.Start < e.End {
			kept = append(kept, e)
		}
	}
	return kept
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
