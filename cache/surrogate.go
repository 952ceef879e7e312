package cache

import (
	"strconv"
	"strings"

	"github.com/roost-embed/roost/storage"
)

// SurrogateKeys lists d as space-separated CDN surrogate keys: "p<id>" for
// posts, "u<id>" users, "l<id>" lists, "t<tag>" tags, "c<id>" collections,
// "search" for a search (dropped by every change that TouchesPosts), and
// "all" when the rendering depends on everything. Entries carry it precomputed so a hit
// can send it without work.
func SurrogateKeys(d Deps) string {
	return joinKeys(keySets{d.Posts, d.Users, d.Lists, d.Collections, d.Tags, d.Search, d.All})
}

// ChangeSurrogateKeys names what c invalidates in the same vocabulary as
// SurrogateKeys, for the purge request sent to a CDN.
func ChangeSurrogateKeys(c storage.Change) string {
	return joinKeys(keySets{c.Posts, c.Users, c.Lists, c.Collections, c.Tags, c.TouchesPosts(), c.All})
}

// keySets is what joinKeys writes, from a Deps or a Change.
type keySets struct {
	posts, users, lists, collections []int64
	tags                             []string
	search, all                      bool
}

// joinKeys writes the keys in a fixed order: posts, users, lists,
// collections, tags, search, all.
func joinKeys(k keySets) string {
	var b strings.Builder
	sep := func() {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
	}
	ids := func(prefix byte, list []int64) {
		for _, id := range list {
			sep()
			b.WriteByte(prefix)
			b.WriteString(strconv.FormatInt(id, 10))
		}
	}
	ids('p', k.posts)
	ids('u', k.users)
	ids('l', k.lists)
	ids('c', k.collections)
	for _, t := range k.tags {
		sep()
		b.WriteByte('t')
		b.WriteString(t)
	}
	if k.search {
		sep()
		b.WriteString("search")
	}
	if k.all {
		sep()
		b.WriteString("all")
	}
	return b.String()
}
