package importer

import (
	"github.com/roost-embed/roost/storage"
)

// mediaRef is one media file a post refers to, by its name in the archive.
type mediaRef struct {
	name     string // path inside the archive; a video's poster image for videos
	kind     string // "image", "video" or "gif"
	alt      string
	blurhash string
	video    string // a video's or GIF's playable file in the archive, "" when none is known
	maybeGIF bool   // a video that is a GIF if it turns out short and silent (Mastodon gifv)
}

// record is one archive post, converted to Roost's form but not yet
// resolved against the store: its author, reply and quote links and media
// ids are filled in by the writer.
type record struct {
	post    storage.Post // ID, Text, Entities, Lang, dates, counts, Sensitive, Summary, OriginalURL
	replyTo int64        // the parent the archive names, 0 for none
	quoteOf int64        // the quoted post the text links to, 0 for none
	// quoteCut is the byte offset where the trailing link to the quoted
	// post starts (with the space before it); the link is cut when the
	// quote is resolved, as X shows the quoted post instead. -1: nothing to cut.
	quoteCut int
	media    []mediaRef
	skip     string // non-empty: not imported, for this reason
	pollSkip string // non-empty: the post's poll was left out, for this reason
}

// cutQuoteLink removes the trailing quote link from p's text and the
// entities inside it.
func cutQuoteLink(p *storage.Post, cut int) {
	if cut < 0 || cut > len(p.Text) {
		return
	}
	p.Text = p.Text[:cut]
	kept := p.Entities[:0:0]
	for _, e := range p.Entities {
		if e.End <= cut {
			kept = append(kept, e)
		}
	}
	p.Entities = kept
}

// mergeEntities adds to found every entity of extra that overlaps none of
// found, and returns them in text order.
func mergeEntities(found, extra []storage.Entity) []storage.Entity {
	out := found
	for _, e := range extra {
		if !overlapsAny(out, e) {
			out = append(out, e)
		}
	}
	sortEntities(out)
	return out
}

func overlapsAny(es []storage.Entity, e storage.Entity) bool {
	for _, o := range es {
		if e.Start < o.End && o.Start < e.End {
			return true
		}
	}
	return false
}

// sortEntities orders entities by start (insertion sort: posts hold few).
func sortEntities(es []storage.Entity) {
	for i := 1; i < len(es); i++ {
		for j := i; j > 0 && es[j].Start < es[j-1].Start; j-- {
			es[j], es[j-1] = es[j-1], es[j]
		}
	}
}
