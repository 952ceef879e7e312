package widgets

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Button kinds (SURFACE.md: /embed/button/{kind}).
const (
	ButtonShare   = "share"
	ButtonFollow  = "follow"
	ButtonMention = "mention"
	ButtonHashtag = "hashtag"
	ButtonMessage = "message"
)

// Button sizes, X's names: medium is 20 px tall, large 28 px.
const (
	SizeMedium = "medium"
	SizeLarge  = "large"
)

// Bounds on the free-form values of buttons, the share bar and intents.
// Text and URL change the output, so they are part of a cache key: these
// caps bound how large one key can be.
const (
	MaxShareText   = 280  // characters
	MaxShareURL    = 2048 // bytes
	MaxTitle       = 200  // characters (share bar)
	maxHashtags    = 5
	maxHashtagLen  = 60 // characters
	maxRelated     = 3
	maxHandleChars = 30
)

// ShareFields are the normalised values a share button, the share bar and
// the post intent compose a post from. Every value was validated or
// dropped: URL is http(s), handles are [A-Za-z0-9_]{1,30}, tags are
// letters, marks, digits and '_'.
type ShareFields struct {
	Text     string
	URL      string
	Hashtags []string
	Via      string
	Related  []string
}

// ButtonOptions are the normalised options of one button document. Only
// the fields its kind uses are set, so a parameter another kind reads
// never changes the key. Kind is "" for an unknown kind (a 404 document).
type ButtonOptions struct {
	Kind           string
	Theme          string
	Lang           string
	DNT            bool
	Size           string // SizeMedium or SizeLarge
	Share          ShareFields
	ScreenName     string // follow, mention, message: a handle as written
	ShowCount      bool   // follow: the follower count from the store
	ShowScreenName bool   // follow: "Follow @name" rather than "Follow"
	Hashtag        string // hashtag: button_hashtag
}

// ParseButtonOptions normalises the options of a button of kind, read
// through get (a query string or the loader's data-* attributes). It
// reports false for an unknown kind; the options then carry only the
// theme and language of the 404 document.
func ParseButtonOptions(kind string, get func(string) string) (ButtonOptions, bool) {
	o := ButtonOptions{Theme: parseTheme(get("theme")), Lang: supportedLang(get("lang")), DNT: parseBool(get("dnt")), Size: SizeMedium}
	switch k := strings.ToLower(kind); k {
	case ButtonShare, ButtonFollow, ButtonMention, ButtonHashtag, ButtonMessage:
		o.Kind = k
	default:
		return o, false
	}
	if strings.EqualFold(strings.TrimSpace(get("size")), SizeLarge) {
		o.Size = SizeLarge
	}
	switch o.Kind {
	case ButtonShare:
		o.Share = ParseShareFields(get)
	case ButtonFollow:
		o.ScreenName = ParseHandle(get("screen_name"))
		o.ShowCount = parseBool(get("show_count"))
		o.ShowScreenName = get("show_screen_name") == "" || parseBool(get("show_screen_name"))
	case ButtonMention, ButtonMessage:
		o.ScreenName = ParseHandle(get("screen_name"))
		o.Share.Text = parseText(get("text"), MaxShareText)
	case ButtonHashtag:
		o.Hashtag = parseHashtag(get("button_hashtag"))
		o.Share.Text = parseText(get("text"), MaxShareText)
		o.Share.URL = ParseShareURL(get("url"))
	}
	return o, true
}

// ParseShareFields reads text, url, hashtags, via and related as X's share
// button does, dropping what does not validate.
func ParseShareFields(get func(string) string) ShareFields {
	return ShareFields{
		Text:     parseText(get("text"), MaxShareText),
		URL:      ParseShareURL(get("url")),
		Hashtags: parseList(get("hashtags"), maxHashtags, parseHashtag),
		Via:      ParseHandle(get("via")),
		Related:  parseList(get("related"), maxRelated, parseRelated),
	}
}

// Key returns the canonical cache-key form of the options. Free-form
// values are query-escaped, so no value can forge another field.
func (o ButtonOptions) Key() string {
	var b strings.Builder
	b.Grow(64 + len(o.Share.Text) + len(o.Share.URL))
	b.WriteString("k=" + o.Kind + ";t=" + o.Theme + ";l=" + o.Lang + ";d=" + boolDigit(o.DNT) + ";s=" + o.Size)
	b.WriteString(";n=" + o.ScreenName + ";c=" + boolDigit(o.ShowCount) + ";sn=" + boolDigit(o.ShowScreenName))
	b.WriteString(";g=" + url.QueryEscape(o.Hashtag) + ";" + o.Share.key())
	return b.String()
}

// key is the canonical form of the share fields inside a cache key.
func (f ShareFields) key() string {
	return "x=" + url.QueryEscape(f.Text) + ";u=" + url.QueryEscape(f.URL) +
		";h=" + url.QueryEscape(strings.Join(f.Hashtags, ",")) + ";v=" + f.Via + ";r=" + strings.Join(f.Related, ",")
}

// ParseHandle accepts a handle with or without its '@': [A-Za-z0-9_]{1,30}.
// Anything else is "".
func ParseHandle(s string) string {
	s = strings.TrimPrefix(strings.TrimSpace(s), "@")
	if s == "" || len(s) > maxHandleChars {
		return ""
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return ""
		}
	}
	return s
}

// ParseShareURL accepts an absolute http(s) URL of at most MaxShareURL
// bytes without user info, and returns it in Go's canonical form; anything
// else (javascript:, relative, protocol-relative, control characters) is "".
func ParseShareURL(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > MaxShareURL {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil || u.User != nil || u.Host == "" || u.Opaque != "" {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		u.Scheme = strings.ToLower(u.Scheme)
	default:
		return ""
	}
	if strings.ContainsAny(u.Host, "\\ ") {
		return ""
	}
	if out := u.String(); len(out) <= MaxShareURL {
		return out
	}
	return ""
}

// parseText makes s valid UTF-8 without control characters other than
// newlines (tabs become spaces, CR is dropped), trims it and cuts it to max characters.
func parseText(s string, max int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if r == '\n' {
			return r
		}
		if r == '\t' {
			return ' '
		}
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	n := 0
	for i := range s {
		if n == max {
			return strings.TrimSpace(s[:i])
		}
		n++
	}
	return s
}

// parseHashtag accepts a tag with or without '#': letters, marks, digits
// and '_', at most maxHashtagLen characters, not only digits.
func parseHashtag(s string) string {
	s = strings.TrimPrefix(strings.TrimSpace(s), "#")
	if s == "" || utf8.RuneCountInString(s) > maxHashtagLen || !utf8.ValidString(s) {
		return ""
	}
	letter := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.Is(unicode.M, r) || r == '_':
			letter = true
		case unicode.IsDigit(r):
		default:
			return ""
		}
	}
	if !letter {
		return ""
	}
	return s
}

// parseRelated reads one entry of X's related list, "name:description",
// keeping the handle only.
func parseRelated(s string) string {
	name, _, _ := strings.Cut(s, ":")
	return ParseHandle(name)
}

// parseList splits a comma list, keeps the entries parse accepts, drops
// duplicates and stops at max entries.
func parseList(s string, max int, parse func(string) string) []string {
	if s == "" {
		return nil
	}
	var out []string
	for _, part := range strings.Split(s, ",") {
		v := parse(part)
		if v == "" || contains(out, v) {
			continue
		}
		out = append(out, v)
		if len(out) == max {
			break
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}
