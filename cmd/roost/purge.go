package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/roost-embed/roost/cache"
	"github.com/roost-embed/roost/server"
	"github.com/roost-embed/roost/storage"
)

// purgeHookTimeout bounds the CDN purge `roost purge` sends itself.
const purgeHookTimeout = 10 * time.Second

// runPurge appends a purge change to the store's log: every instance's
// follower applies it (drops the named renders) within about a second.
// With --purge-url it also purges the CDN itself, since the process that
// appends a change is the one that calls the hook.
func runPurge(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	f := newFlags("purge")
	var posts []int64
	var handles []string
	f.fs.Func("post", "purge renders of this post id (repeatable)", func(v string) error {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return fmt.Errorf("%q is not a post id", v)
		}
		posts = append(posts, id)
		return nil
	})
	f.fs.Func("user", "purge renders of this user handle (repeatable)", func(v string) error {
		handles = append(handles, strings.TrimPrefix(v, "@"))
		return nil
	})
	all := f.fs.Bool("all", false, "purge every render")
	pos, err := f.parse(args, getenv)
	if err != nil {
		return err
	}
	if err := noPositional("purge", pos); err != nil {
		return err
	}
	if len(posts) == 0 && len(handles) == 0 && !*all {
		return usagef("purge: name --post ID, --user HANDLE or --all")
	}
	st, err := openStore(ctx, &f.cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	ch, err := appendPurge(ctx, st, posts, handles, *all)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "purge %d logged: every instance drops %s within about a second\n",
		ch.Seq, cache.ChangeSurrogateKeys(ch))
	return purgeCDN(ctx, f.cfg.PurgeURL, ch, stderr)
}

// appendPurge resolves handles and appends the purge change.
func appendPurge(ctx context.Context, st storage.Store, posts []int64, handles []string, all bool) (storage.Change, error) {
	ch := storage.Change{Kind: "purge", Posts: posts, All: all}
	for _, h := range handles {
		u, err := st.UserByHandle(ctx, h)
		if err != nil {
			return ch, fmt.Errorf("purge: user %q: %w", h, err)
		}
		ch.Users = append(ch.Users, u.ID)
	}
	out, err := st.AppendChange(ctx, ch)
	if err != nil {
		return out, fmt.Errorf("purge: %w", err)
	}
	return out, nil
}

// purgeCDN calls the --purge-url hook for ch, when one is set.
func purgeCDN(ctx context.Context, purgeURL string, ch storage.Change, stderr io.Writer) error {
	if purgeURL == "" {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, purgeHookTimeout)
	defer cancel()
	p := server.NewPurger(purgeURL, newLogger("text", stderr))
	if err := p.Purge(ctx, cache.ChangeSurrogateKeys(ch)); err != nil {
		return fmt.Errorf("purge logged, but the CDN purge failed (it keeps the content until the edge TTL): %w", err)
	}
	return nil
}
