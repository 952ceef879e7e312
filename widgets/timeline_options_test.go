package widgets

import "testing"

// TestParseTimelineOptions covers clamping, bucketing, aliases, chrome
// parsing and the cursor.
func TestParseTimelineOptions(t *testing.T) {
	def := DefaultTimelineOptions()
	with := func(set func(*TimelineOptions)) TimelineOptions {
		o := def
		set(&o)
		return o
	}
	tests := map[string]struct {
		raw  string
		want TimelineOptions
	}{
		"none":              {"", def},
		"unknown params":    {"foo=bar&utm_source=x&callback=y", def},
		"limit 0 clamps":    {"limit=0", with(func(o *TimelineOptions) { o.Limit = 1 })},
		"limit -5 clamps":   {"limit=-5", with(func(o *TimelineOptions) { o.Limit = 1 })},
		"limit 20":          {"limit=20", with(func(o *TimelineOptions) { o.Limit = 20 })},
		"limit 21 clamps":   {"limit=21", with(func(o *TimelineOptions) { o.Limit = 20 })},
		"limit junk":        {"limit=ten", def},
		"width buckets":     {"width=333", with(func(o *TimelineOptions) { o.Width = 330 })},
		"width min":         {"width=10", with(func(o *TimelineOptions) { o.Width = 180 })},
		"width max":         {"width=99999px", with(func(o *TimelineOptions) { o.Width = 1200 })},
		"maxwidth alias":    {"maxwidth=500", with(func(o *TimelineOptions) { o.Width = 500 })},
		"width wins":        {"width=400&maxwidth=500", with(func(o *TimelineOptions) { o.Width = 400 })},
		"height buckets":    {"height=457", with(func(o *TimelineOptions) { o.Height = 450 })},
		"height min":        {"height=50", with(func(o *TimelineOptions) { o.Height = 200 })},
		"height max":        {"height=1000000", with(func(o *TimelineOptions) { o.Height = 5000 })},
		"height 0 is auto":  {"height=0", def},
		"maxheight alias":   {"maxheight=600", with(func(o *TimelineOptions) { o.Height = 600 })},
		"chrome spaces":     {"chrome=noheader nofooter", with(func(o *TimelineOptions) { o.Chrome = ChromeNoHeader | ChromeNoFooter })},
		"chrome commas":     {"chrome=Transparent,NOBORDERS,bogus", with(func(o *TimelineOptions) { o.Chrome = ChromeTransparent | ChromeNoBorders })},
		"chrome all":        {"chrome=noscrollbar+transparent+noborders+nofooter+noheader", with(func(o *TimelineOptions) { o.Chrome = 31 })},
		"replies":           {"show_replies=true", with(func(o *TimelineOptions) { o.ShowReplies = true })},
		"cards hidden":      {"cards=hidden", with(func(o *TimelineOptions) { o.HideMedia = true })},
		"aria off":          {"aria_polite=OFF", with(func(o *TimelineOptions) { o.AriaPolite = AriaOff })},
		"aria junk":         {"aria_polite=rude", def},
		"colors":            {"link_color=%23ABC&border_color=red", with(func(o *TimelineOptions) { o.LinkColor = "#abc" })},
		"before":            {"before=123", with(func(o *TimelineOptions) { o.Before = 123 })},
		"before junk":       {"before=-1", def},
		"before overflow":   {"before=99999999999999999999", def},
		"theme lang dnt":    {"theme=DARK&lang=pt-BR&dnt=1", with(func(o *TimelineOptions) { o.Theme, o.Lang, o.DNT = ThemeDark, "pt", true })},
		"unsupported lang":  {"lang=xx", def},
		"hide_media switch": {"hide_media=yes", with(func(o *TimelineOptions) { o.HideMedia = true })},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			if got := tlOpts(tc.raw); got != tc.want {
				t.Errorf("ParseTimelineOptions(%q) = %+v, want %+v", tc.raw, got, tc.want)
			}
		})
	}
}

// TestTimelineKeyCanonical checks that spellings of the same options give
// one key, and that every option that changes the document changes it.
func TestTimelineKeyCanonical(t *testing.T) {
	same := [][2]string{
		{"chrome=nofooter noheader", "chrome=noheader,nofooter"},
		{"width=333", "maxwidth=339px"},
		{"", "foo=1&limit=10&aria_polite=polite&theme=auto&lang=en"},
		{"height=404", "height=409"},
	}
	for _, p := range same {
		if a, b := tlOpts(p[0]).Key(), tlOpts(p[1]).Key(); a != b {
			t.Errorf("%q and %q give keys %q and %q, want equal", p[0], p[1], a, b)
		}
	}
	seen := map[string]string{}
	for _, raw := range []string{"", "theme=dark", "lang=fr", "dnt=1", "width=300", "height=300", "limit=5",
		"chrome=noheader", "chrome=nofooter", "chrome=noborders", "chrome=noscrollbar", "chrome=transparent",
		"show_replies=1", "hide_media=1", "border_color=%23000", "link_color=%23000", "aria_polite=off", "before=7"} {
		k := tlOpts(raw).Key()
		if prev, ok := seen[k]; ok {
			t.Errorf("%q and %q share key %q", raw, prev, k)
		}
		seen[k] = raw
	}
}

// TestTimelineQueryRoundTrip checks that the paging link's query parses
// back to the same options with the new cursor.
func TestTimelineQueryRoundTrip(t *testing.T) {
	for _, raw := range []string{"", "theme=dark&lang=ar&width=320&height=500&limit=3&chrome=noheader+transparent&show_replies=1&hide_media=1&border_color=%23abc&link_color=%23123456&aria_polite=off&dnt=1"} {
		o := tlOpts(raw)
		q := o.query(42)
		back := tlOpts(q[1:])
		o.Before = 42
		if back != o {
			t.Errorf("query %q parses to %+v, want %+v", q, back, o)
		}
	}
}
