package server

import (
	"errors"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// The errors of oEmbed url parsing: a url that is not a plain absolute
// http(s) URL is bad (400); a good URL that names nothing Roost serves is
// unknown (404).
var (
	errBadEmbedURL     = errors.New("bad url")
	errUnknownEmbedURL = errors.New("unknown url")
)

// maxEmbedURL is the longest url parameter read; longer is a bad request.
const maxEmbedURL = 2048

// targetKind is what an oEmbed url names.
type targetKind uint8

const (
	targetPost targetKind = iota + 1
	targetProfile
	targetList
	targetHashtag
	targetSearch
	targetCollection
)

// Where a post URL comes from: Roost's own permalinks, or the original URL
// of an imported post on X or a Mastodon instance.
const (
	originRoost    = "roost"
	originX        = "x"
	originMastodon = "mastodon"
)

// embedTarget is a parsed oEmbed url. It only says what the URL claims;
// the handler checks the claim against the store (an imported post's
// OriginalURL must name the same host, account and id).
type embedTarget struct {
	kind   targetKind
	origin string
	host   string // ASCII lower-case host[:port] of a Mastodon URL
	user   string // the account as written in the URL; "" when the URL has none
	id     int64  // post or list id
	tag    string // lower-cased hashtag, without '#'
	query  string // a search's query, cleaned (cleanSearch)
}

// key is the target's part of a cache key: only parsed, normalised values.
func (t embedTarget) key() string {
	return strconv.Itoa(int(t.kind)) + "|" + t.origin + "|" + t.host + "|" +
		strings.ToLower(t.user) + "|" + strconv.FormatInt(t.id, 10) + "|" + t.tag + "|" + t.query
}

// isXHost reports whether host serves X post URLs (x.com and twitter.com,
// with and without www and mobile).
func isXHost(host string) bool {
	switch host {
	case "x.com", "www.x.com", "mobile.x.com", "twitter.com", "www.twitter.com", "mobile.twitter.com":
		return true
	}
	return false
}

// embedURLParser parses oEmbed url values against the public URL. It never
// resolves or fetches anything: hosts are compared as strings after IDNA
// normalisation.
type embedURLParser struct {
	host, port, path string // the public URL's ASCII host, explicit port and base path
}

// newEmbedURLParser reads the public URL the server writes links with.
func newEmbedURLParser(public string) (embedURLParser, error) {
	u, err := url.Parse(public)
	if err != nil || u.Host == "" {
		return embedURLParser{}, errors.New("server: public URL is not absolute")
	}
	host, err := asciiHost(u.Hostname())
	if err != nil {
		return embedURLParser{}, err
	}
	return embedURLParser{host: host, port: u.Port(), path: strings.TrimRight(u.Path, "/")}, nil
}

// parse reads an oEmbed url strictly: absolute http(s), no userinfo, no
// control characters, backslashes or encoded slashes and dots, a port only
// where it is the public URL's, IP literals only when they are the public
// host; then one of the path forms of roostPath, xPath or mastodonPath.
func (p embedURLParser) parse(raw string) (embedTarget, error) {
	u, err := p.parseURL(raw)
	if err != nil {
		return embedTarget{}, err
	}
	host, err := asciiHost(u.Hostname())
	if err != nil {
		return embedTarget{}, err
	}
	segs, err := pathSegments(u)
	if err != nil {
		return embedTarget{}, err
	}
	port := u.Port()
	query := cleanSearch(u.Query().Get("q"))
	switch {
	case host == p.host:
		if port != p.port && !(p.port == "" && isDefaultPort(u.Scheme, port)) {
			return embedTarget{}, errBadEmbedURL
		}
		return p.roostPath(u.EscapedPath(), segs, query)
	case port != "" && !isDefaultPort(u.Scheme, port):
		return embedTarget{}, errBadEmbedURL
	case isIPHost(host):
		return embedTarget{}, errBadEmbedURL
	case isXHost(host):
		return xPath(segs, query)
	}
	return mastodonPath(host, segs)
}

// parseURL applies the checks that do not depend on the host.
func (p embedURLParser) parseURL(raw string) (*url.URL, error) {
	if raw == "" || len(raw) > maxEmbedURL || !utf8.ValidString(raw) {
		return nil, errBadEmbedURL
	}
	for _, r := range raw {
		if r <= ' ' || r == 0x7f || (r >= 0x80 && r <= 0x9f) || strings.ContainsRune("\\\"<>`{}|^", r) ||
			unicode.Is(unicode.Bidi_Control, r) || r == '\u200b' || r == '\ufeff' {
			return nil, errBadEmbedURL
		}
	}
	u, err := url.Parse(raw)
	if err != nil || u.Opaque != "" || u.User != nil || u.Host == "" || strings.HasSuffix(u.Host, ":") {
		return nil, errBadEmbedURL
	}
	if s := strings.ToLower(u.Scheme); s != "http" && s != "https" {
		return nil, errBadEmbedURL
	}
	u.Scheme = strings.ToLower(u.Scheme)
	return u, nil
}

// asciiHost returns the host in its lower-case ASCII (punycode) form, so
// "X.COM" and "x.com" compare equal and a look-alike in another script
// never does. A trailing dot or an invalid IDN is bad.
func asciiHost(host string) (string, error) {
	if host == "" || len(host) > 253 || strings.HasSuffix(host, ".") || strings.Contains(host, "..") {
		return "", errBadEmbedURL
	}
	if isIPHost(host) {
		return strings.ToLower(host), nil
	}
	a, err := idna.Lookup.ToASCII(host)
	if err != nil || a == "" || len(a) > 253 {
		return "", errBadEmbedURL
	}
	for _, label := range strings.Split(a, ".") {
		if label == "" || len(label) > 63 {
			return "", errBadEmbedURL
		}
	}
	return strings.ToLower(a), nil
}

// isIPHost reports whether host is an IP literal, including the numeric
// forms browsers accept ("2130706433", "0x7f.1", "127.1").
func isIPHost(host string) bool {
	if _, err := netip.ParseAddr(strings.Trim(host, "[]")); err == nil {
		return true
	}
	for _, label := range strings.Split(host, ".") {
		l := strings.TrimPrefix(strings.ToLower(label), "0x")
		if l == "" || strings.Trim(l, "0123456789abcdef") != "" {
			return false
		}
		if label == l && strings.Trim(l, "0123456789") != "" {
			return false // hex digits need 0x to be a number
		}
	}
	return true
}

func isDefaultPort(scheme, port string) bool {
	return scheme == "http" && port == "80" || scheme == "https" && port == "443"
}

// pathSegments splits the decoded path, without one trailing slash. An
// encoded slash, backslash or dot, a NUL or control byte, or a "." or ".."
// segment is bad: they only exist to confuse a matcher.
func pathSegments(u *url.URL) ([]string, error) {
	low := strings.ToLower(u.EscapedPath())
	for _, bad := range []string{"%2f", "%5c", "%2e", "%00", "%25"} {
		if strings.Contains(low, bad) {
			return nil, errBadEmbedURL
		}
	}
	path := strings.TrimSuffix(u.Path, "/")
	if path == "" {
		return nil, nil
	}
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	for _, s := range segs {
		if s == "." || s == ".." || strings.IndexFunc(s, unicode.IsControl) >= 0 {
			return nil, errBadEmbedURL
		}
	}
	return segs, nil
}

// roostPath reads Roost's own URL forms:
//
//	/{handle}/status/{id}   a post (the id decides; the handle is not checked)
//	/{handle}               a profile timeline
//	/embed/post/{id}        a post
//	/embed/timeline/{handle} a profile timeline
//	/embed/list/{id}, /i/lists/{id}   a list timeline
//	/embed/hashtag/{tag}, /hashtag/{tag}   a hashtag timeline
//	/embed/search?q=, /search?q=           a search timeline
func (p embedURLParser) roostPath(escaped string, segs []string, query string) (embedTarget, error) {
	if p.path != "" {
		if !strings.HasPrefix(escaped, p.path+"/") || len(segs) == 0 {
			return embedTarget{}, errUnknownEmbedURL
		}
		segs = segs[strings.Count(p.path, "/"):]
	}
	if t, ok := sharedPath(segs, query); ok {
		t.origin = originRoost
		return t, nil
	}
	switch {
	case len(segs) == 3 && segs[1] == "status" && isHandle(segs[0]):
		return postTarget(originRoost, "", segs[0], segs[2])
	case len(segs) == 1 && isHandle(segs[0]):
		return embedTarget{kind: targetProfile, origin: originRoost, user: segs[0]}, nil
	case len(segs) == 3 && segs[0] == "embed":
		return embedPath(segs[1], segs[2])
	case len(segs) == 3 && segs[0] == "i" && segs[1] == "lists":
		return embedPath("list", segs[2])
	case len(segs) == 3 && segs[0] == "i" && segs[1] == "collections":
		return embedPath("collection", segs[2])
	}
	return embedTarget{}, errUnknownEmbedURL
}

// embedPath reads /embed/{kind}/{value}.
func embedPath(kind, value string) (embedTarget, error) {
	switch kind {
	case "post":
		return postTarget(originRoost, "", "", value)
	case "timeline":
		if isHandle(value) {
			return embedTarget{kind: targetProfile, origin: originRoost, user: value}, nil
		}
	case "list":
		if id, ok := strictID(value); ok {
			return embedTarget{kind: targetList, origin: originRoost, id: id}, nil
		}
	case "collection":
		if id, ok := strictID(value); ok {
			return embedTarget{kind: targetCollection, origin: originRoost, id: id}, nil
		}
	case "hashtag":
		if tag, ok := hashtag(value); ok {
			return embedTarget{kind: targetHashtag, origin: originRoost, tag: tag}, nil
		}
	}
	return embedTarget{}, errUnknownEmbedURL
}

// sharedPath reads the page forms Roost shares with X: /hashtag/{tag},
// /search?q= (and Roost's /embed/search?q=), which name the same timeline
// of Roost's store whichever host they are on.
func sharedPath(segs []string, query string) (embedTarget, bool) {
	switch {
	case len(segs) == 2 && segs[0] == "hashtag":
		if tag, ok := hashtag(segs[1]); ok {
			return embedTarget{kind: targetHashtag, tag: tag}, true
		}
	case query != "" && (len(segs) == 1 && segs[0] == "search" || len(segs) == 2 && segs[0] == "embed" && segs[1] == "search"):
		return embedTarget{kind: targetSearch, query: query}, true
	}
	return embedTarget{}, false
}

// xPath reads X post URLs: /{handle}/status/{id}, /{handle}/statuses/{id}
// and /i/web/status/{id}; and X's hashtag and search pages, which map to
// Roost's timelines of the same tag or query.
func xPath(segs []string, query string) (embedTarget, error) {
	if t, ok := sharedPath(segs, query); ok && (t.kind == targetHashtag || segs[0] == "search") {
		t.origin = originX
		return t, nil
	}
	switch {
	case len(segs) == 3 && (segs[1] == "status" || segs[1] == "statuses") && isAccount(segs[0]):
		return postTarget(originX, "", segs[0], segs[2])
	case len(segs) == 4 && segs[0] == "i" && segs[1] == "web" && segs[2] == "status":
		return postTarget(originX, "", "", segs[3])
	}
	return embedTarget{}, errUnknownEmbedURL
}

// mastodonPath reads Mastodon status URLs on any other host:
// /@{user}/{id} and /users/{user}/statuses/{id}; and /tags/{tag}, which
// maps to Roost's hashtag timeline.
func mastodonPath(host string, segs []string) (embedTarget, error) {
	switch {
	case len(segs) == 2 && segs[0] == "tags":
		if tag, ok := hashtag(segs[1]); ok {
			return embedTarget{kind: targetHashtag, origin: originMastodon, host: host, tag: tag}, nil
		}
	case len(segs) == 2 && strings.HasPrefix(segs[0], "@") && isAccount(segs[0][1:]):
		return postTarget(originMastodon, host, segs[0][1:], segs[1])
	case len(segs) == 4 && segs[0] == "users" && segs[2] == "statuses" && isAccount(segs[1]):
		return postTarget(originMastodon, host, segs[1], segs[3])
	}
	return embedTarget{}, errUnknownEmbedURL
}

func postTarget(origin, host, user, id string) (embedTarget, error) {
	n, ok := strictID(id)
	if !ok {
		return embedTarget{}, errUnknownEmbedURL
	}
	return embedTarget{kind: targetPost, origin: origin, host: host, user: user, id: n}, nil
}

// strictID accepts a positive decimal int64 written without sign or
// leading zeros, so one post has exactly one URL.
func strictID(s string) (int64, bool) {
	if s == "" || len(s) > 19 || s[0] == '0' || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	return parseID(s)
}

// isHandle reports whether s can be a Roost handle: the form checkHandle
// accepts and not a reserved route word.
func isHandle(s string) bool { return checkHandle("handle", s) == nil }

// isAccount reports whether s can be an X or Mastodon account name.
func isAccount(s string) bool {
	if s == "" || len(s) > maxHandleLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// hashtag returns a tag in its lower-case index form: 1–100 letters,
// digits, marks or '_', not all digits.
func hashtag(s string) (string, bool) {
	s = strings.TrimPrefix(s, "#")
	if s == "" || utf8.RuneCountInString(s) > 100 || strings.Trim(s, "0123456789") == "" {
		return "", false
	}
	for _, r := range s {
		if !(r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)) {
			return "", false
		}
	}
	return strings.ToLower(s), true
}
