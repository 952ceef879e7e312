package media

import (
	"context"
	"io/fs"
	"path/filepath"
)

// BackfillStats says what a backfill found.
type BackfillStats struct {
	Originals int // stored originals seen
	Queued    int // of them, missing a variant and handed to the deriver
}

// Backfill walks the media directory for originals stored before variants
// were made at upload (or whose derivation was cut short) and hands each
// one missing a variant to the background deriver, a few at a time, so
// their first requests find them made. It returns when the walk is done
// (the deriver may still be working) or ctx ends; run it on its own
// goroutine at start-up.
func (l *Library) Backfill(ctx context.Context) (BackfillStats, error) {
	var st BackfillStats
	err := filepath.WalkDir(l.dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return nil // a directory that vanished or cannot be read: skip it
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if e.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(l.dir, p)
		if err != nil {
			return nil
		}
		rel = filepath.ToSlash(rel)
		if _, err := l.Path(rel); err != nil || isVariant(rel) {
			return nil // temporary files, variants, anything else
		}
		st.Originals++
		if l.hasAllVariants(rel) {
			return nil
		}
		st.Queued++
		if !l.deriver.add(ctx, rel) {
			return ctx.Err()
		}
		return nil
	})
	return st, err
}

func (l *Library) hasAllVariants(rel string) bool {
	for _, w := range []int{AvatarSmall, AvatarLarge, CardWidth} {
		if _, ok := l.existingVariant(rel, w); !ok {
			return false
		}
	}
	return true
}
