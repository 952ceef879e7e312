package widgets

import (
	"strconv"
	"strings"
)

// Width bounds of a post card (SURFACE.md "Widget options"). Widths are
// bucketed to widthStep so that random values cannot grow the render cache.
const (
	MinPostWidth     = 220
	MaxPostWidth     = 550
	DefaultPostWidth = 550
	widthStep        = 10
)

// Themes a widget accepts. ThemeAuto follows prefers-color-scheme live.
const (
	ThemeLight = "light"
	ThemeDark  = "dark"
	ThemeAuto  = "auto"
)

// PostOptions are the normalised options of a post card. Every field holds
// only values ParsePostOptions produced, so two requests that mean the same
// card have equal options and equal keys.
type PostOptions struct {
	Theme       string // ThemeLight, ThemeDark or ThemeAuto
	Lang        string // a supported UI language
	DNT         bool
	Width       int    // MinPostWidth–MaxPostWidth, a multiple of widthStep
	Align       string // "", "left", "center" or "right"
	HideMedia   bool
	HideThread  bool
	BorderColor string // "" or "#rgb"/"#rrggbb", lower case
	LinkColor   string
	TZ          string // "" (UTC) or an IANA zone name (parseTZ)
}

// DefaultPostOptions returns the options of a card requested without any.
func DefaultPostOptions() PostOptions {
	return PostOptions{Theme: ThemeAuto, Lang: defaultLang, Width: DefaultPostWidth}
}

// ParsePostOptions normalises widget options read through get, which returns
// "" for an absent key (a query string or the loader's data-* attributes).
// Only the known keys are read, so unknown parameters never reach a cache
// key; numbers are clamped and bucketed, colours validated, and the aliases
// of X for Websites (cards=hidden, conversation=none, maxwidth) honoured.
func ParsePostOptions(get func(key string) string) PostOptions {
	o := DefaultPostOptions()
	o.Theme = parseTheme(get("theme"))
	o.Lang = supportedLang(get("lang"))
	o.DNT = parseBool(get("dnt"))
	o.Width = parseWidth(get("width"), get("maxwidth"))
	o.Align = parseAlign(get("align"))
	o.HideMedia = parseBool(get("hide_media")) || strings.EqualFold(strings.TrimSpace(get("cards")), "hidden")
	o.HideThread = parseBool(get("hide_thread")) || strings.EqualFold(strings.TrimSpace(get("conversation")), "none")
	o.BorderColor = parseColor(get("border_color"))
	o.LinkColor = parseColor(get("link_color"))
	o.TZ = parseTZ(get("tz"))
	return o
}

// Key returns the canonical cache-key form of the options: a fixed order of
// the normalised values only, so equal options always give equal keys.
func (o PostOptions) Key() string { return string(o.AppendKey(nil)) }

// AppendKey appends Key's form to b without allocating when b has room:
// the request path builds cache keys in a reused buffer.
func (o PostOptions) AppendKey(b []byte) []byte {
	b = append(b, "t="...)
	b = append(b, o.Theme...)
	b = append(b, ";l="...)
	b = append(b, o.Lang...)
	b = append(b, ";d="...)
	b = append(b, boolDigit(o.DNT)...)
	b = append(b, ";w="...)
	b = strconv.AppendInt(b, int64(o.Width), 10)
	b = append(b, ";a="...)
	b = append(b, o.Align...)
	b = append(b, ";m="...)
	b = append(b, boolDigit(o.HideMedia)...)
	b = append(b, ";h="...)
	b = append(b, boolDigit(o.HideThread)...)
	b = append(b, ";b="...)
	b = append(b, o.BorderColor...)
	b = append(b, ";c="...)
	b = append(b, o.LinkColor...)
	b = append(b, ";z="...)
	b = append(b, o.TZ...)
	return b
}

func boolDigit(v bool) string {
	if v {
		return "1"
	}
	return "0"
}

// parseBool accepts the spellings publishers use for "on"; anything else,
// including an absent key, is false.
func parseBool(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "on", "yes":
		return true
	}
	return false
}

func parseTheme(s string) string {
	// Constants are returned, never s, which may be reused request memory.
	switch strings.ToLower(strings.TrimSpace(s)) {
	case ThemeLight:
		return ThemeLight
	case ThemeDark:
		return ThemeDark
	}
	return ThemeAuto
}

func parseAlign(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "left":
		return "left"
	case "center":
		return "center"
	case "right":
		return "right"
	}
	return ""
}

// parseWidth reads width, falling back to its alias maxwidth, then clamps it
// to the card's range and rounds it down to a bucket.
func parseWidth(width, maxwidth string) int {
	s := strings.TrimSpace(width)
	if s == "" {
		s = strings.TrimSpace(maxwidth)
	}
	if s == "" {
		return DefaultPostWidth // the common case; Atoi("") would allocate an error
	}
	n, err := strconv.Atoi(strings.TrimSuffix(s, "px"))
	if err != nil {
		return DefaultPostWidth
	}
	n = min(max(n, MinPostWidth), MaxPostWidth)
	return n - n%widthStep
}

// parseColor accepts only #rgb and #rrggbb and returns them in lower case;
// anything else (names, rgb(), url(), injected CSS) is ignored.
func parseColor(s string) string {
	s = strings.TrimSpace(s)
	if len(s) != 4 && len(s) != 7 || s[0] != '#' {
		return ""
	}
	for i := 1; i < len(s); i++ {
		if !isHex(s[i]) {
			return ""
		}
	}
	// Cloned: the value may live in the request's reused memory, and the
	// options outlive the handler inside a shared (singleflight) render.
	return strings.Clone(strings.ToLower(s))
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
