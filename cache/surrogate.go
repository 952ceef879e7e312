package cache

import (
	"strconv"
	"strings"

	"github.com/roost-embed/roost/storage"
)

// SurrogateKeys lists d as space-separated CDN surrogate keys: "p<id>" for
// posts, "u<id>" users, "l<id>" lists, "t<tag>" tags, and "all" when the
// rendering depends on everything. Entries carry it precomputed so a hit
// can send it without work.
func SurrogateKeys(d Deps) string {
	return joinKeys(d.Posts, d.Users, d.Lists, d.Tags, d.All)
}

// ChangeSurrogateKeys names what c invalidates in the same vocabulary as
// SurrogateKeys, for the purge request sent to a CDN.
func ChangeSurrogateKeys(c storage.Change) string {
	return joinKeys(c.Posts, c.Users, c.Lists, c.Tags, c.All)
}

// joinKeys writes the keys in a fixed order: posts, users, lists, tags, all.
func joinKeys(posts, users, lists []int64, tags []string, all bool) string {
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
	ids('p', posts)
	ids('u', users)
	ids('l', lists)
	for _, t := range tags {
		sep()
		b.WriteByte('t')
		b.WriteString(t)
	}
	if all {
		sep()
		b.WriteString("all")
	}
	return b.String()
}
