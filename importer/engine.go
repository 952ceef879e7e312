package importer

import (
	"context"
	"fmt"
	"io/fs"
	"maps"
	"time"

	"github.com/roost-embed/roost/media"
	"github.com/roost-embed/roost/storage"
)

// Sizes of the batches the engine reads the store in.
const (
	checkBatch = 500 // ids per ownership check in the check pass
	writeBatch = 250 // records per prefetch in the write pass
)

// source is what one archive format gives the engine.
type source struct {
	fsys   fs.FS
	user   storage.User // the wanted profile; ID set when the platform gives a stable one
	avatar mediaRef     // name "" when there is none
	// walk streams the archive's posts in archive order, once per pass.
	walk func(ctx context.Context, fn func(*record) error) error
	// parentOK says whether a stored post that is not in the archive may
	// be linked as a reply parent or quoted post of userID's posts.
	parentOK func(parent *storage.Post, userID int64) bool
	// ignored counts archive entries left out when it was opened.
	ignored map[string]int
}

// engine runs the passes of one import (see the package comment).
type engine struct {
	st     storage.Store
	lib    *media.Library
	src    *source
	opt    Options
	start  time.Time
	stats  Stats
	user   *storage.User // the stored user; nil before the write pass if new
	ids    idSet
	fixups []fixup
	saved  map[string]savedMedia // archive files already saved (engine.loadMedia)
}

// fixup is a link that could only be set once its target was written.
type fixup struct {
	id, replyTo, quoteOf int64
	cut                  int // quoteCut of the record
}

// run imports src into st.
func run(ctx context.Context, st storage.Store, lib *media.Library, src *source, opt Options) (Stats, error) {
	e := &engine{st: st, lib: lib, src: src, opt: opt, start: opt.now()}
	for reason, n := range src.ignored {
		e.stats.skipN(reason, n)
	}
	steps := []func(context.Context) error{e.check, e.write, e.fix}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return e.snapshot(), err
		}
	}
	e.stats.Phase = PhaseDone
	e.report()
	return e.snapshot(), nil
}

// snapshot copies the stats, so a Progress callback may keep them.
func (e *engine) snapshot() Stats {
	s := e.stats
	s.Skipped, s.Notes = maps.Clone(s.Skipped), maps.Clone(s.Notes)
	s.Elapsed = e.opt.now().Sub(e.start)
	return s
}

func (e *engine) report() {
	if e.opt.Progress != nil {
		e.opt.Progress(e.snapshot())
	}
}

// check is pass 1: it parses every post and media file and makes sure the
// store can take them, writing nothing to the store.
func (e *engine) check(ctx context.Context) error {
	e.stats.Phase = PhaseCheck
	e.report()
	u, err := findUser(ctx, e.st, &e.src.user)
	if err != nil {
		return err
	}
	e.user = u
	if _, _, err := e.loadMedia(e.src.avatar); err != nil {
		return err
	}
	var batch []int64
	err = e.src.walk(ctx, func(r *record) error {
		if err := ctx.Err(); err != nil || r.skip != "" {
			return err
		}
		if err := e.checkMedia(r); err != nil {
			return err
		}
		if e.stats.Posts == MaxPosts {
			return fmt.Errorf("the archive has over %d posts: %w", MaxPosts, ErrLimit)
		}
		e.ids.add(r.post.ID)
		if e.stats.Posts++; e.stats.Posts%progressEvery == 0 {
			e.report()
		}
		if batch = append(batch, r.post.ID); len(batch) < checkBatch {
			return nil
		}
		err := e.checkOwners(ctx, batch)
		batch = batch[:0]
		return err
	})
	if err == nil {
		err = e.checkOwners(ctx, batch)
	}
	e.ids.seal()
	e.stats.Posts = 0
	return err
}

func (e *engine) checkMedia(r *record) error {
	for _, ref := range r.media {
		if _, _, err := e.loadMedia(ref); err != nil {
			return fmt.Errorf("post %d: %w", r.post.ID, err)
		}
	}
	return nil
}

// checkOwners refuses posts whose ids the store already holds for another
// user: importing them would overwrite someone else's post.
func (e *engine) checkOwners(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	stored, err := e.st.PostsByIDs(ctx, ids)
	if err != nil {
		return err
	}
	for id, p := range stored {
		if e.user == nil || p.AuthorID != e.user.ID {
			return fmt.Errorf("post %d is already in the store as a post of another user (id %d): %w",
				id, p.AuthorID, storage.ErrConflict)
		}
	}
	return nil
}

// fix is pass 3: it sets the reply and quote links whose targets came
// later in the archive than the posts linking to them, a batch at a time.
func (e *engine) fix(ctx context.Context) error {
	for len(e.fixups) > 0 {
		n := min(len(e.fixups), writeBatch)
		if err := e.fixBatch(ctx, e.fixups[:n]); err != nil {
			return err
		}
		e.fixups = e.fixups[n:]
	}
	e.fixups = nil
	return nil
}

// fixBatch sets the links of fixes in one store write.
func (e *engine) fixBatch(ctx context.Context, fixes []fixup) error {
	ids := make([]int64, len(fixes))
	for i, f := range fixes {
		ids[i] = f.id
	}
	stored, err := e.st.PostsByIDs(ctx, ids)
	if err != nil {
		return fmt.Errorf("fix-up of replies and quotes: %w", err)
	}
	posts := make([]*storage.Post, 0, len(fixes))
	for _, f := range fixes {
		p := stored[f.id]
		if p == nil {
			return fmt.Errorf("fix-up of post %d: %w", f.id, storage.NotFound("post", f.id))
		}
		if f.replyTo != 0 {
			p.ReplyTo = f.replyTo
		}
		if f.quoteOf != 0 {
			p.QuoteOf = f.quoteOf
			cutQuoteLink(p, f.cut)
		}
		posts = append(posts, p)
	}
	if err := e.writePosts(ctx, posts); err != nil {
		return fmt.Errorf("fix-up of replies and quotes: %w", err)
	}
	return nil
}

// writePosts writes posts in one store transaction and reports the change.
func (e *engine) writePosts(ctx context.Context, posts []*storage.Post) error {
	if len(posts) == 0 {
		return nil
	}
	c, err := e.st.WritePosts(ctx, posts)
	if err != nil {
		return err
	}
	e.changed(c)
	return nil
}

// changed passes a successful write's change to Options.OnChange.
func (e *engine) changed(c storage.Change) {
	if e.opt.OnChange != nil {
		e.opt.OnChange(c)
	}
}
