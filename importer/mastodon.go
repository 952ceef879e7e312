package importer

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"time"

	"github.com/roost-embed/roost/media"
	"github.com/roost-embed/roost/storage"
)

// ImportMastodon imports a Mastodon account export (.zip, .tar.gz or its
// unpacked directory) into st, storing media files in lib. Only public and
// unlisted posts are imported: followers-only and direct posts never enter
// the store, and boosts are skipped. Re-importing is idempotent, and a
// corrupt archive is refused, naming the entry, before anything is written.
func ImportMastodon(ctx context.Context, st storage.Store, lib *media.Library, path string, opt Options) (Stats, error) {
	a, err := openArchive(path, "a Mastodon", "actor.json")
	if err != nil {
		return Stats{}, err
	}
	defer a.close()
	src, err := mastodonSource(a.fsys, opt.Handle)
	if err != nil {
		return Stats{}, err
	}
	src.ignored = a.ignored
	return run(ctx, st, lib, src, opt)
}

// mActor is actor.json.
type mActor struct {
	ID                string  `json:"id"`
	PreferredUsername string  `json:"preferredUsername"`
	Name              string  `json:"name"`
	Summary           string  `json:"summary"`
	URL               flexURL `json:"url"`
	Published         string  `json:"published"`
	Icon              *struct {
		URL flexURL `json:"url"`
	} `json:"icon"`
}

func mastodonSource(fsys fs.FS, handle string) (*source, error) {
	var actor mActor
	if err := readJSON(fsys, "actor.json", &actor); err != nil {
		return nil, err
	}
	if handle == "" {
		handle = actor.PreferredUsername
	}
	if err := checkHandle(handle); err != nil {
		return nil, err
	}
	if _, err := fs.Stat(fsys, "outbox.json"); err != nil {
		return nil, fmt.Errorf("not a Mastodon archive: outbox.json missing")
	}
	conv := newHTMLText()
	src := &source{fsys: fsys, user: mUser(&actor, handle, conv), avatar: mAvatar(fsys, &actor)}
	src.walk = func(ctx context.Context, fn func(*record) error) error {
		return mWalk(fsys, actor.ID, conv, fn)
	}
	src.parentOK = func(parent *storage.Post, userID int64) bool { return parent.AuthorID == userID }
	return src, nil
}

// readJSON decodes a small JSON entry.
func readJSON(fsys fs.FS, name string, v any) error {
	f, err := fsys.Open(name)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	defer f.Close()
	dec := json.NewDecoder(newJSONLimiter(f, shapeWhole))
	if err := dec.Decode(v); err != nil {
		return entryError(fsys, name, at(0, dec, err))
	}
	return nil
}

func mUser(a *mActor, handle string, conv *htmlText) storage.User {
	bio, _ := conv.convert(a.Summary)
	u := storage.User{
		Handle:     handle,
		Name:       a.Name,
		Bio:        bio,
		Platform:   storage.PlatformMastodon,
		ProfileURL: string(a.URL),
	}
	if u.ProfileURL == "" {
		u.ProfileURL = a.ID
	}
	if t, err := time.Parse(time.RFC3339, a.Published); err == nil {
		u.CreatedAt = t.UTC().Truncate(time.Millisecond)
	}
	return u
}

// mAvatar finds the avatar the actor's icon names (e.g. "avatar.png").
func mAvatar(fsys fs.FS, a *mActor) mediaRef {
	if a.Icon == nil || a.Icon.URL == "" {
		return mediaRef{}
	}
	for _, name := range []string{archiveName(string(a.Icon.URL)), path.Base(string(a.Icon.URL))} {
		if _, err := fs.Stat(fsys, name); name != "" && err == nil {
			return mediaRef{name: name, kind: "image"}
		}
	}
	return mediaRef{}
}

// mWalk streams outbox.json's orderedItems as records.
func mWalk(fsys fs.FS, actorID string, conv *htmlText, fn func(*record) error) error {
	f, err := fsys.Open("outbox.json")
	if err != nil {
		return fmt.Errorf("outbox.json: %w", err)
	}
	defer f.Close()
	var stop error
	err = eachOutboxItem(f, func(dec *json.Decoder) error {
		var act mActivity
		if err := dec.Decode(&act); err != nil {
			return err
		}
		r, err := mRecord(&act, actorID, conv)
		if err != nil {
			return err
		}
		stop = fn(r)
		return stop
	})
	if stop != nil {
		return stop
	}
	if err != nil {
		return entryError(fsys, "outbox.json", err)
	}
	return nil
}
