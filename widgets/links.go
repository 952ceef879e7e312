package widgets

import (
	"errors"
	"fmt"
	"github.com/roost-embed/roost/storage"
	"net/url"
	"strconv"
	"strings"
)

// links builds every absolute URL a widget writes. They all start with the
// configured public URL: the Host header never builds a URL, and user data
// only ever fills path segments or query values, escaped.
type links struct {
	base   string // the public URL without a trailing slash
	origin string // scheme://host[:port], for the CSP
}

// newLinks validates the public URL: absolute http or https, no query.
func newLinks(public string) (links, error) {
	u, err := url.Parse(strings.TrimRight(public, "/"))
	if err != nil {
		return links{}, fmt.Errorf("widgets: public URL %q: %w", public, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return links{}, fmt.Errorf("widgets: public URL %q: %w", public, errBadPublicURL)
	}
	return links{base: u.String(), origin: u.Scheme + "://" + u.Host}, nil
}

var errBadPublicURL = errors.New("must be an absolute http(s) URL without query or fragment")

func (l links) profile(handle string) string { return l.base + "/" + url.PathEscape(handle) }

func (l links) permalink(handle string, id int64) string {
	return l.profile(handle) + "/status/" + strconv.FormatInt(id, 10)
}

// media returns the URL of a stored media file; its path is escaped segment
// by segment so a stored path can never leave /media/.
func (l links) media(path string) string {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		if s == "." || s == ".." {
			s = "_"
		}
		segs[i] = url.PathEscape(s)
	}
	return l.base + "/media/" + strings.Join(segs, "/")
}

// Derived widths the media route serves (media.AvatarLarge, media.CardWidth):
// a card never makes a visitor download an original photo.
const (
	avatarVariant = 96  // a 48 px avatar, sharp on 2x screens
	imageVariant  = 600 // card images: the card is at most 550 px wide
)

// mediaVariant returns the URL of a downscaled copy of a stored image.
// GIFs keep their original: a still copy would stop their animation.
func (l links) mediaVariant(m *storage.Media, width int) string {
	if m.ContentType == "image/gif" {
		return l.media(m.Path)
	}
	return l.media(m.Path) + "?w=" + strconv.Itoa(width)
}

// intent returns a web-intent URL such as /intent/like?post_id=ID.
func (l links) intent(action, param string, id int64) string {
	return l.base + "/intent/" + action + "?" + param + "=" + strconv.FormatInt(id, 10)
}

// hashtag links a #tag to its hashtag timeline.
func (l links) hashtag(tag string) string { return l.base + "/embed/hashtag/" + url.PathEscape(tag) }

// searchPage links to the human page of a search.
func (l links) searchPage(q string) string { return l.base + "/search?q=" + url.QueryEscape(q) }

// cashtag links a $symbol to the hashtag timeline of the symbol: Roost has
// no search, and the symbol is the closest thing it indexes.
func (l links) cashtag(symbol string) string { return l.hashtag(symbol) }
