package widgets

import (
	"regexp"
	"strings"
	"testing"

	"github.com/roost-embed/roost/storage"
)

// timelineCase is one golden timeline document.
type timelineCase struct {
	view *TimelineView
	opts TimelineOptions
}

// profileTimeline is ada's timeline of three posts with a next page.
func profileTimeline(tb testing.TB) *TimelineView {
	u, av := ada()
	u.Bio = "Mathematician. Writing about engines, notes and the poetry of numbers."
	return &TimelineView{Kind: TimelineProfile, Owner: u, Avatar: av, NextBefore: 1854000000000000001,
		Items: []*PostView{typicalPost(tb), quotePost(tb, visibleQuoted()), plainPost()}}
}

func listTimeline(tb testing.TB) *TimelineView {
	u, av := ada()
	l := &storage.List{ID: 77, OwnerID: u.ID, Name: "Newsroom", Description: "Reporters and editors of the city desk."}
	return &TimelineView{Kind: TimelineList, Owner: u, Avatar: av, List: l,
		Items: []*PostView{typicalPost(tb), arabicPost(tb)}}
}

func hashtagTimeline(tb testing.TB) *TimelineView {
	return &TimelineView{Kind: TimelineHashtag, Tag: "engines", Items: []*PostView{typicalPost(tb), plainPost()}}
}

// tlOpts parses a query into timeline options.
func tlOpts(raw string) TimelineOptions { return ParseTimelineOptions(query(raw)) }

// timelineCases builds every golden timeline case by name; the golden file
// is testdata/golden/timeline-<name>.html.
func timelineCases(tb testing.TB) map[string]timelineCase {
	u, _ := ada()
	arabic := profileTimeline(tb)
	arabic.Items = []*PostView{arabicPost(tb), typicalPost(tb)}
	return map[string]timelineCase{
		"profile":             {profileTimeline(tb), DefaultTimelineOptions()},
		"chrome-noheader":     {profileTimeline(tb), tlOpts("chrome=noheader")},
		"chrome-nofooter":     {profileTimeline(tb), tlOpts("chrome=nofooter")},
		"chrome-noborders":    {profileTimeline(tb), tlOpts("chrome=noborders")},
		"chrome-noscrollbar":  {profileTimeline(tb), tlOpts("chrome=noscrollbar&height=400")},
		"chrome-transparent":  {profileTimeline(tb), tlOpts("chrome=transparent")},
		"chrome-all":          {profileTimeline(tb), tlOpts("chrome=transparent,noborders noheader+nofooter noscrollbar")},
		"height":              {profileTimeline(tb), tlOpts("height=400&width=320")},
		"theme-dark":          {profileTimeline(tb), tlOpts("theme=dark")},
		"theme-light":         {profileTimeline(tb), tlOpts("theme=light&link_color=%23e0245e&border_color=%23f0c")},
		"rtl":                 {arabic, tlOpts("lang=ar&width=320")},
		"list":                {listTimeline(tb), DefaultTimelineOptions()},
		"hashtag":             {hashtagTimeline(tb), tlOpts("aria_polite=assertive")},
		"paged":               {profileTimeline(tb), tlOpts("before=1854000000000000099&limit=3&show_replies=true")},
		"empty":               {&TimelineView{Kind: TimelineProfile, Owner: u}, DefaultTimelineOptions()},
		"empty-ja":            {&TimelineView{Kind: TimelineHashtag, Tag: "本"}, tlOpts("lang=ja")},
		"tomb-404":            {&TimelineView{Kind: TimelineProfile, State: StateDeleted}, DefaultTimelineOptions()},
		"tomb-403":            {&TimelineView{Kind: TimelineProfile, State: StateProtected}, DefaultTimelineOptions()},
		"tomb-410":            {&TimelineView{Kind: TimelineProfile, State: StateSuspended}, tlOpts("lang=fr")},
		"list-without-owner":  {&TimelineView{Kind: TimelineList, List: &storage.List{ID: 5, Name: "écrivains"}}, DefaultTimelineOptions()},
		"replies-and-nomedia": {profileTimeline(tb), tlOpts("show_replies=1&hide_media=true&dnt=true")},
		"nested-icons":        {nestedIconsTimeline(tb), tlOpts("show_replies=1")},
	}
}

// nestedIconsTimeline has no verified author on top, but a verified
// parent and a quoted tombstone: the badge and info symbols come from
// nested cards alone.
func nestedIconsTimeline(tb testing.TB) *TimelineView {
	u := testUser(106, "babbage", "Charles Babbage")
	parent := visibleParent()
	parent.Author.Verified = true
	reply, quote := replyPost(parent), quotePost(tb, &PostView{State: StateProtected})
	reply.Author, quote.Author = u, u
	return &TimelineView{Kind: TimelineProfile, Owner: u, Items: []*PostView{reply, quote}}
}

// tenPostTimeline is the benchmark's timeline: ten typical posts.
func tenPostTimeline(tb testing.TB) *TimelineView {
	tv := profileTimeline(tb)
	tv.Items = nil
	for i := range 10 {
		v := typicalPost(tb)
		v.Post.ID += int64(i)
		if i%3 == 1 {
			v = quotePost(tb, visibleQuoted())
		}
		tv.Items = append(tv.Items, v)
	}
	return tv
}

// hostileTimelines puts payload into every user-written field a timeline
// header shows (name, handle, bio, list name and description, tag) and
// into every card.
func hostileTimelines(payload string) map[string]*TimelineView {
	u := &storage.User{ID: 3, Handle: payload, Name: payload, Bio: payload, Verified: true}
	av := &storage.Media{ID: 4, Path: payload, Color: payload, Width: 48, Height: 48}
	items := []*PostView{hostileView(payload), hostileView(payload)}
	l := &storage.List{ID: 9, Name: payload, Description: payload}
	return map[string]*TimelineView{
		"profile": {Kind: TimelineProfile, Owner: u, Avatar: av, Items: items, NextBefore: 5},
		"list":    {Kind: TimelineList, Owner: u, Avatar: av, List: l, Items: items, NextBefore: 5},
		"hashtag": {Kind: TimelineHashtag, Tag: payload, Items: items, NextBefore: 5},
	}
}

// checkTimelineSafe is checkSafe for timeline documents, whose templates
// also write h1, aria-live, target and the --tw/--th properties.
func checkTimelineSafe(t *testing.T, r *Renderer, doc []byte) parsedDoc {
	t.Helper()
	p := parseDoc(t, doc)
	tags, attrs := allowedTags(), allowedAttrs()
	tags["h1"], attrs["aria-live"] = true, true
	for _, e := range p.elems {
		if !tags[e.tag] {
			t.Errorf("element <%s> is not one the templates write", e.tag)
		}
		for _, a := range e.attrs {
			if e.tag == "html" && a[0] == "style" {
				if !safeTimelineStyle(a[1]) {
					t.Errorf("<html style=%q>: not a style the renderer builds", a[1])
				}
				continue
			}
			if a[0] == "target" && a[1] != "_self" && a[1] != "_blank" {
				t.Errorf("<%s target=%q>: unexpected target", e.tag, a[1])
			}
			checkAttr(t, e.tag, a[0], a[1], withKey(attrs, "target"))
		}
	}
	if len(p.scripts) != 1 || p.scripts[0] != string(r.FrameScript()) {
		t.Errorf("scripts = %q, want only the frame script", p.scripts)
	}
	for _, s := range p.svgs {
		if activeSVG(s) {
			t.Errorf("svg carries something active: %s", s)
		}
	}
	return p
}

// iconRef is the one href an SVG of a timeline may carry: the <use> of a
// symbol that "icondefs" writes, by its fixed in-document id.
var iconRef = regexp.MustCompile(`<use href=#i-(badge|mark|reply|repost|like|info) />`)

// activeSVG reports whether an SVG island carries a handler, a script, or
// an href other than the templates' icon references.
func activeSVG(s string) bool {
	low := strings.ToLower(iconRef.ReplaceAllString(s, ""))
	return strings.Contains(low, " on") || strings.Contains(low, "script") || strings.Contains(low, "href")
}

func withKey(m map[string]bool, k string) map[string]bool {
	m[k] = true
	return m
}

// safeTimelineStyle accepts the timeline's size properties (digits and px)
// and otherwise what safeStyle accepts.
func safeTimelineStyle(s string) bool {
	var rest []string
	for _, decl := range strings.Split(s, ";") {
		name, val, _ := strings.Cut(decl, ":")
		if name != "--tw" && name != "--th" {
			rest = append(rest, decl)
			continue
		}
		digits := strings.TrimSuffix(val, "px")
		if digits == val || digits == "" || strings.Trim(digits, "0123456789") != "" {
			return false
		}
	}
	return len(rest) == 0 || safeStyle(strings.Join(rest, ";"))
}
