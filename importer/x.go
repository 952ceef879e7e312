package importer

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/roost-embed/roost/media"
	"github.com/roost-embed/roost/storage"
)

// ImportX imports an X/Twitter account archive (the .zip X sends, or its
// unpacked directory) into st, storing media files in lib. Retweets and
// deleted tweets are not imported. Importing the same archive again changes
// nothing (Stats.Unchanged == Stats.Posts); a newer archive adds new posts
// and updates changed ones. A corrupt or foreign archive is refused, naming
// the entry, before anything is written.
func ImportX(ctx context.Context, st storage.Store, lib *media.Library, path string, opt Options) (Stats, error) {
	a, err := openArchive(path, "an X", "data/account.js")
	if err != nil {
		return Stats{}, err
	}
	defer a.close()
	src, err := xSource(a.fsys, opt.Handle)
	if err != nil {
		return Stats{}, err
	}
	src.ignored = a.ignored
	return run(ctx, st, lib, src, opt)
}

// xSource reads the account and profile and prepares the tweet walk.
func xSource(fsys fs.FS, handle string) (*source, error) {
	acc, err := xReadAccount(fsys)
	if err != nil {
		return nil, err
	}
	if handle == "" {
		handle = acc.Username
	}
	if err := checkHandle(handle); err != nil {
		return nil, err
	}
	files, err := xTweetFiles(fsys)
	if err != nil {
		return nil, err
	}
	prof, err := xReadProfile(fsys)
	if err != nil {
		return nil, err
	}
	src := &source{fsys: fsys, user: xUser(acc, prof, handle), avatar: xAvatar(fsys, acc, prof)}
	src.walk = func(ctx context.Context, fn func(*record) error) error {
		return xWalk(fsys, files, handle, fn)
	}
	src.parentOK = func(*storage.Post, int64) bool { return true } // X ids are global
	return src, nil
}

// xAccount is data/account.js.
type xAccount struct {
	Username    string `json:"username"`
	AccountID   string `json:"accountId"`
	DisplayName string `json:"accountDisplayName"`
	CreatedAt   string `json:"createdAt"`
}

// xProfile is data/profile.js.
type xProfile struct {
	Description struct {
		Bio      string `json:"bio"`
		Website  string `json:"website"`
		Location string `json:"location"`
	} `json:"description"`
	AvatarMediaURL string `json:"avatarMediaUrl"`
}

func xReadAccount(fsys fs.FS) (*xAccount, error) {
	var el struct {
		Account *xAccount `json:"account"`
	}
	if err := readFirstYTD(fsys, "data/account.js", &el); err != nil {
		return nil, err
	}
	if el.Account == nil || el.Account.Username == "" {
		return nil, fmt.Errorf("data/account.js: no account username")
	}
	return el.Account, nil
}

// xReadProfile reads data/profile.js, which older archives lack.
func xReadProfile(fsys fs.FS) (*xProfile, error) {
	var el struct {
		Profile *xProfile `json:"profile"`
	}
	if _, err := fs.Stat(fsys, "data/profile.js"); err != nil {
		return &xProfile{}, nil
	}
	if err := readFirstYTD(fsys, "data/profile.js", &el); err != nil {
		return nil, err
	}
	if el.Profile == nil {
		return &xProfile{}, nil
	}
	return el.Profile, nil
}

// readFirstYTD decodes the first element of a small YTD file into v.
func readFirstYTD(fsys fs.FS, name string, v any) error {
	f, err := fsys.Open(name)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	defer f.Close()
	first := true
	err = eachYTD(f, func(dec *json.Decoder) error {
		if !first {
			var skip json.RawMessage
			return dec.Decode(&skip)
		}
		first = false
		return dec.Decode(v)
	})
	if err != nil {
		return entryError(fsys, name, err)
	}
	return nil
}

func xUser(acc *xAccount, prof *xProfile, handle string) storage.User {
	u := storage.User{
		Handle:     handle,
		Name:       acc.DisplayName,
		Bio:        prof.Description.Bio,
		URL:        prof.Description.Website,
		Location:   prof.Description.Location,
		Platform:   storage.PlatformX,
		ProfileURL: "https://x.com/" + handle,
	}
	u.ID, _ = strconv.ParseInt(acc.AccountID, 10, 64)
	if t, err := time.Parse(time.RFC3339, acc.CreatedAt); err == nil {
		u.CreatedAt = t.UTC().Truncate(time.Millisecond)
	}
	return u
}

// xAvatar names the avatar file: data/profile_media/<account id>-<file name
// of avatarMediaUrl>.
func xAvatar(fsys fs.FS, acc *xAccount, prof *xProfile) mediaRef {
	if prof.AvatarMediaURL == "" {
		return mediaRef{}
	}
	name := "data/profile_media/" + acc.AccountID + "-" + path.Base(prof.AvatarMediaURL)
	if _, err := fs.Stat(fsys, name); err != nil {
		return mediaRef{}
	}
	return mediaRef{name: name, kind: "image"}
}

// xTweetFiles lists the tweet files in part order: tweets.js and
// tweets-partN.js, or tweet.js and tweet-partN.js in older archives.
func xTweetFiles(fsys fs.FS) ([]string, error) {
	var files []string
	for _, base := range []string{"tweets", "tweet"} {
		if _, err := fs.Stat(fsys, "data/"+base+".js"); err == nil {
			files = append(files, "data/"+base+".js")
		}
		parts, _ := fs.Glob(fsys, "data/"+base+"-part*.js")
		sort.Slice(parts, func(i, j int) bool { return partNumber(parts[i]) < partNumber(parts[j]) })
		files = append(files, parts...)
		if len(files) > 0 {
			return files, nil
		}
	}
	return nil, fmt.Errorf("not an X archive: data/tweets.js missing")
}

func partNumber(name string) int {
	i := strings.LastIndex(name, "-part")
	n, _ := strconv.Atoi(strings.TrimSuffix(name[i+len("-part"):], ".js"))
	return n
}

// xWalk streams every tweet of files as records.
func xWalk(fsys fs.FS, files []string, handle string, fn func(*record) error) error {
	for _, name := range files {
		if err := xWalkFile(fsys, name, handle, fn); err != nil {
			return err
		}
	}
	return nil
}

func xWalkFile(fsys fs.FS, name, handle string, fn func(*record) error) error {
	f, err := fsys.Open(name)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	defer f.Close()
	var stop error // an error of fn: reported as is, not as a parse error
	err = eachYTD(f, func(dec *json.Decoder) error {
		t, err := decodeXTweet(dec)
		if err != nil {
			return err
		}
		r, err := xRecord(t, handle)
		if err != nil {
			return err
		}
		if stop = fn(r); stop != nil {
			return stop
		}
		return nil
	})
	if stop != nil {
		return stop
	}
	if err != nil {
		return entryError(fsys, name, err)
	}
	return nil
}
