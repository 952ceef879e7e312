package importer

import (
	"context"
	"fmt"
	"slices"

	"github.com/roost-embed/roost/storage"
)

// maxMedia is how many media a post may carry.
const maxMedia = 4

// write is pass 2: the user, then every post, in batches that share one
// read of the stored copies.
func (e *engine) write(ctx context.Context) error {
	e.stats.Phase = PhaseWrite
	e.report()
	if err := e.writeUser(ctx); err != nil {
		return err
	}
	batch := make([]*record, 0, writeBatch)
	err := e.src.walk(ctx, func(r *record) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if r.skip != "" {
			e.stats.skip(r.skip)
			return nil
		}
		if batch = append(batch, r); len(batch) < writeBatch {
			return nil
		}
		err := e.writeBatch(ctx, batch)
		batch = batch[:0]
		return err
	})
	if err != nil {
		return err
	}
	return e.writeBatch(ctx, batch)
}

// writeBatch reads the stored copies of the batch's posts, their parents,
// quoted posts and media at once, compares each post with its stored copy,
// and writes those that are new or changed in one store transaction.
func (e *engine) writeBatch(ctx context.Context, batch []*record) error {
	if len(batch) == 0 {
		return nil
	}
	ids := make([]int64, 0, 3*len(batch))
	for _, r := range batch {
		ids = append(ids, r.post.ID, r.replyTo, r.quoteOf)
	}
	stored, err := e.st.PostsByIDs(ctx, ids)
	if err != nil {
		return err
	}
	var mids []int64
	for _, r := range batch {
		if p := stored[r.post.ID]; p != nil {
			mids = append(mids, p.MediaIDs...)
		}
	}
	oldMedia, err := e.st.MediaByIDs(ctx, mids)
	if err != nil {
		return err
	}
	pending := make([]*storage.Post, 0, len(batch))
	for _, r := range batch {
		p, err := e.preparePost(ctx, r, stored, oldMedia)
		if err != nil {
			return fmt.Errorf("post %d: %w", r.post.ID, err)
		}
		if p != nil {
			pending = append(pending, p)
		}
	}
	if err := e.writePosts(ctx, pending); err != nil {
		return fmt.Errorf("posts %d…%d: %w", batch[0].post.ID, batch[len(batch)-1].post.ID, err)
	}
	return nil
}

// preparePost resolves the record against the store and returns the post
// to write: new, or changed from the stored copy; nil when it is unchanged
// or a duplicate. A post returned counts as written for the links of the
// posts after it, since WritePosts accepts links inside one batch.
func (e *engine) preparePost(ctx context.Context, r *record, stored map[int64]*storage.Post, oldMedia map[int64]*storage.Media) (*storage.Post, error) {
	p := &r.post
	if e.ids.isWritten(p.ID) {
		e.stats.skip("duplicate")
		return nil, nil
	}
	p.AuthorID = e.user.ID
	fix := e.resolve(r, stored)
	old := stored[p.ID]
	var err error
	if p.MediaIDs, err = e.attachMedia(ctx, r, old, oldMedia); err != nil {
		return nil, err
	}
	e.ids.markWritten(p.ID)
	e.countPoll(r)
	if fix.replyTo != 0 || fix.quoteOf != 0 {
		e.fixups = append(e.fixups, fix)
	}
	e.count(p, fix)
	switch {
	case old == nil:
		e.stats.Created++
	case samePost(old, p):
		e.stats.Unchanged++
		return nil, nil
	default:
		e.stats.Updated++
	}
	return p, nil
}

func (e *engine) count(p *storage.Post, fix fixup) {
	e.stats.Media += len(p.MediaIDs)
	if p.ReplyTo != 0 || fix.replyTo != 0 {
		e.stats.Replies++
	}
	if e.stats.Posts++; e.stats.Posts%progressEvery == 0 {
		e.report()
	}
}

// refState is where the target of a reply or quote link stands.
type refState int

const (
	refNone    refState = iota // no link
	refReady                   // the target is in the store: link now
	refLater                   // the target comes later in the archive: link in pass 3
	refUnknown                 // the target is nowhere: drop the link
)

func (e *engine) refState(id, self int64, stored map[int64]*storage.Post) refState {
	switch {
	case id == 0 || id == self:
		return refNone
	case e.ids.isWritten(id):
		return refReady
	case stored[id] != nil && (e.ids.has(id) || e.src.parentOK(stored[id], e.user.ID)):
		return refReady
	case e.ids.has(id):
		return refLater
	}
	return refUnknown
}

// resolve sets the post's reply and quote links whose targets exist, and
// returns the fix-up for those that will exist later in this run.
func (e *engine) resolve(r *record, stored map[int64]*storage.Post) fixup {
	p := &r.post
	fix := fixup{id: p.ID, cut: -1}
	switch e.refState(r.replyTo, p.ID, stored) {
	case refReady:
		p.ReplyTo = r.replyTo
	case refLater:
		fix.replyTo = r.replyTo
	case refUnknown:
		e.stats.note("reply to unknown post")
	}
	switch e.refState(r.quoteOf, p.ID, stored) {
	case refReady:
		p.QuoteOf = r.quoteOf
		cutQuoteLink(p, r.quoteCut)
	case refLater:
		fix.quoteOf, fix.cut = r.quoteOf, r.quoteCut
	case refUnknown:
		e.stats.note("quote of unknown post")
	}
	return fix
}

// attachMedia saves the record's media and returns their ids, reusing the
// stored rows of an earlier import when nothing about them changed.
func (e *engine) attachMedia(ctx context.Context, r *record, old *storage.Post, oldMedia map[int64]*storage.Media) ([]int64, error) {
	var ids []int64
	for _, ref := range r.media {
		if len(ids) == maxMedia {
			e.stats.skip("more than 4 media")
			continue
		}
		m, reason, err := e.loadMedia(ref)
		if err != nil {
			return nil, err
		}
		if reason != "" {
			e.stats.skip(reason)
			continue
		}
		e.stats.countMedia(m)
		if id := reuseMedia(old, oldMedia, m, ids); id != 0 {
			ids = append(ids, id)
			continue
		}
		if m.Playable() {
			if err := e.attachPoster(ctx, ref, m, r.post.CreatedAt); err != nil {
				return nil, err
			}
		}
		m.OwnerID, m.CreatedAt = e.user.ID, r.post.CreatedAt
		c, err := e.st.CreateMedia(ctx, m)
		if err != nil {
			return nil, fmt.Errorf("media %s: %w", ref.name, err)
		}
		e.changed(c)
		ids = append(ids, m.ID)
	}
	return ids, nil
}

// reuseMedia returns the id of a stored media row of old that already is
// m and is not used yet, or 0.
func reuseMedia(old *storage.Post, oldMedia map[int64]*storage.Media, m *storage.Media, used []int64) int64 {
	if old == nil {
		return 0
	}
	for _, id := range old.MediaIDs {
		if om := oldMedia[id]; om != nil && sameMedia(om, m) && !slices.Contains(used, id) {
			return id
		}
	}
	return 0
}

// samePost reports whether writing p over old would change nothing.
func samePost(old, p *storage.Post) bool {
	return old.AuthorID == p.AuthorID && old.Text == p.Text && old.Lang == p.Lang &&
		old.CreatedAt.Equal(p.CreatedAt) && old.EditedAt.Equal(p.EditedAt) &&
		old.ReplyTo == p.ReplyTo && old.QuoteOf == p.QuoteOf && slices.Equal(old.MediaIDs, p.MediaIDs) &&
		old.LikeCount == p.LikeCount && old.RepostCount == p.RepostCount && old.ReplyCount == p.ReplyCount &&
		old.Sensitive == p.Sensitive && old.Summary == p.Summary && old.OriginalURL == p.OriginalURL &&
		slices.Equal(old.Entities, p.Entities) && samePoll(old.Poll, p.Poll)
}
