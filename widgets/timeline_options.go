package widgets

import (
	"strconv"
	"strings"
)

// Bounds of a timeline (SURFACE.md "Widget options"). Widths and heights
// are bucketed so that random values cannot grow the render cache; a width
// of 0 fills the frame and a height of 0 lets the timeline grow with its
// posts.
const (
	MinTimelineWidth  = 180
	MaxTimelineWidth  = 1200
	MinTimelineHeight = 200
	MaxTimelineHeight = 5000
	heightStep        = 10
	MinTimelineLimit  = 1
	MaxTimelineLimit  = 20
	DefaultLimit      = 10
)

// Values of aria_polite: how a screen reader announces posts that appear
// in the timeline's live region.
const (
	AriaPolite    = "polite"
	AriaAssertive = "assertive"
	AriaOff       = "off"
)

// Chrome is the set of parts a publisher removed from a timeline with the
// chrome option. The zero value is the full timeline.
type Chrome uint8

// The chrome flags, in the canonical order of chromeNames.
const (
	ChromeNoHeader Chrome = 1 << iota
	ChromeNoFooter
	ChromeNoBorders
	ChromeNoScrollbar
	ChromeTransparent
)

// chromeNames spells the flags as X for Websites does, in key order.
func chromeNames() [5]string {
	return [...]string{"noheader", "nofooter", "noborders", "noscrollbar", "transparent"}
}

// Has reports whether every flag of f is set.
func (c Chrome) Has(f Chrome) bool { return c&f == f }

// String writes the set in canonical order, space-separated ("" when empty).
func (c Chrome) String() string {
	var parts []string
	for i, name := range chromeNames() {
		if c.Has(Chrome(1) << i) {
			parts = append(parts, name)
		}
	}
	return strings.Join(parts, " ")
}

// parseChrome reads a space- or comma-separated list of flags in any case
// and order; unknown words are ignored.
func parseChrome(s string) Chrome {
	var c Chrome
	for _, word := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '+' }) {
		for i, name := range chromeNames() {
			if strings.EqualFold(word, name) {
				c |= Chrome(1) << i
			}
		}
	}
	return c
}

// TimelineOptions are the normalised options of a profile, list or
// hashtag timeline. Like PostOptions, two requests that mean the same
// document have equal options and equal keys.
type TimelineOptions struct {
	Theme       string
	Lang        string
	DNT         bool
	Width       int // 0 (fill the frame) or MinTimelineWidth–MaxTimelineWidth, a multiple of widthStep
	Height      int // 0 (auto) or MinTimelineHeight–MaxTimelineHeight, a multiple of heightStep
	Limit       int // MinTimelineLimit–MaxTimelineLimit
	Chrome      Chrome
	ShowReplies bool
	HideMedia   bool
	BorderColor string
	LinkColor   string
	AriaPolite  string // AriaPolite, AriaAssertive or AriaOff
	Before      int64  // page cursor: only posts with smaller ids; 0 = newest
	TZ          string // "" (UTC) or an IANA zone name (parseTZ)
}

// DefaultTimelineOptions returns the options of a timeline requested
// without any.
func DefaultTimelineOptions() TimelineOptions {
	return TimelineOptions{Theme: ThemeAuto, Lang: defaultLang, Limit: DefaultLimit, AriaPolite: AriaPolite}
}

// ParseTimelineOptions normalises timeline options read through get (""
// for an absent key). Only known keys are read; numbers are clamped and
// bucketed, colours validated; maxwidth, maxheight and cards=hidden are
// the aliases X for Websites uses.
func ParseTimelineOptions(get func(key string) string) TimelineOptions {
	o := DefaultTimelineOptions()
	o.Theme = parseTheme(get("theme"))
	o.Lang = supportedLang(get("lang"))
	o.DNT = parseBool(get("dnt"))
	o.Width = parseTimelineWidth(firstSet(get("width"), get("maxwidth")))
	o.Height = parseTimelineHeight(firstSet(get("height"), get("maxheight")))
	o.Limit = parseLimit(get("limit"))
	o.Chrome = parseChrome(get("chrome"))
	o.ShowReplies = parseBool(get("show_replies"))
	o.HideMedia = parseBool(get("hide_media")) || strings.EqualFold(strings.TrimSpace(get("cards")), "hidden")
	o.BorderColor = parseColor(get("border_color"))
	o.LinkColor = parseColor(get("link_color"))
	o.AriaPolite = parseAriaPolite(get("aria_polite"))
	o.Before = parseCursor(get("before"))
	o.TZ = parseTZ(get("tz"))
	return o
}

// Key returns the canonical cache-key form of the options.
func (o TimelineOptions) Key() string {
	var b strings.Builder
	b.Grow(96)
	for _, kv := range [...][2]string{
		{"t=", o.Theme}, {";l=", o.Lang}, {";d=", boolDigit(o.DNT)}, {";w=", strconv.Itoa(o.Width)},
		{";h=", strconv.Itoa(o.Height)}, {";n=", strconv.Itoa(o.Limit)}, {";c=", o.Chrome.String()},
		{";r=", boolDigit(o.ShowReplies)}, {";m=", boolDigit(o.HideMedia)}, {";b=", o.BorderColor},
		{";k=", o.LinkColor}, {";a=", o.AriaPolite}, {";p=", strconv.FormatInt(o.Before, 10)}, {";z=", o.TZ},
	} {
		b.WriteString(kv[0])
		b.WriteString(kv[1])
	}
	return b.String()
}

// postOptions are the options every card of the timeline renders with:
// the reply parent shows only when replies were asked for.
func (o TimelineOptions) postOptions() PostOptions {
	p := DefaultPostOptions()
	p.Theme, p.Lang, p.DNT = o.Theme, o.Lang, o.DNT
	p.HideMedia, p.HideThread = o.HideMedia, !o.ShowReplies
	p.BorderColor, p.LinkColor, p.TZ = o.BorderColor, o.LinkColor, o.TZ
	return p
}

func firstSet(a, b string) string {
	if a = strings.TrimSpace(a); a != "" {
		return a
	}
	return strings.TrimSpace(b)
}

func atoiPx(s string) (int, bool) {
	if s == "" {
		return 0, false // the common case; Atoi("") would allocate an error
	}
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(s), "px"))
	return n, err == nil
}

// parseTimelineWidth clamps a width to the timeline range and rounds it
// down to a bucket; absent or unreadable means 0 (fill the frame).
func parseTimelineWidth(s string) int {
	n, ok := atoiPx(s)
	if !ok {
		return 0
	}
	n = min(max(n, MinTimelineWidth), MaxTimelineWidth)
	return n - n%widthStep
}

// parseTimelineHeight clamps a height up to the minimum and rounds it down
// to a bucket; absent, unreadable or non-positive means 0 (auto).
func parseTimelineHeight(s string) int {
	n, ok := atoiPx(s)
	if !ok || n <= 0 {
		return 0
	}
	n = min(max(n, MinTimelineHeight), MaxTimelineHeight)
	return n - n%heightStep
}

func parseLimit(s string) int {
	if s == "" {
		return DefaultLimit // without the error Atoi("") would allocate
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return DefaultLimit
	}
	return min(max(n, MinTimelineLimit), MaxTimelineLimit)
}

func parseAriaPolite(s string) string {
	switch a := strings.ToLower(strings.TrimSpace(s)); a {
	case AriaAssertive, AriaOff:
		return a
	}
	return AriaPolite
}

// parseCursor accepts a positive decimal post id; anything else is 0.
func parseCursor(s string) int64 {
	if s == "" {
		return 0 // without the error ParseInt("") would allocate
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n <= 0 {
		return 0
	}
	return n
}
