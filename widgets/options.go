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
	return o
}

// Key returns the canonical cache-key form of the options: a fixed order of
// the normalised values only, so equal options always give equal keys.
func (o PostOptions) Key() string {
	var b strings.Builder
	b.Grow(64)
	b.WriteString("t=")
	b.WriteString(o.Theme)
	b.WriteString(";l=")
	b.WriteString(o.Lang)
	b.WriteString(";d=")
	b.WriteString(boolDigit(o.DNT))
	b.WriteString(";w=")
	b.WriteString(strconv.Itoa(o.Width))
	b.WriteString(";a=")
	b.WriteString(o.Align)
	b.WriteString(";m=")
	b.WriteString(boolDigit(o.HideMedia))
	b.WriteString(";h=")
	b.WriteString(boolDigit(o.HideThread))
	b.WriteString(";b=")
	b.WriteString(o.BorderColor)
	b.WriteString(";c=")
	b.WriteString(o.LinkColor)
	return b.String()
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
	switch t := strings.ToLower(strings.TrimSpace(s)); t {
	case ThemeLight, ThemeDark:
		return t
	}
	return ThemeAuto
}

func parseAlign(s string) string {
	switch a := strings.ToLower(strings.TrimSpace(s)); a {
	case "left", "center", "right":
		return a
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
	return strings.ToLower(s)
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
