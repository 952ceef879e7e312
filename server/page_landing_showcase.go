package server

import (
	"context"
	"net/url"
	"strconv"

	"github.com/roost-embed/roost/storage"
	"github.com/roost-embed/roost/widgets"
)

// showcase builds the landing page's sections from the samples. Every
// item goes through the configurator's own code (ParsePublishOptions and
// PublishEmbed), so its frame and its "Configure" link agree with /publish.
func (s *Server) showcase(ctx context.Context, sm *samples) ([]widgets.LandingSection, error) {
	cards, err := s.showcaseCards(ctx, sm)
	if err != nil {
		return nil, err
	}
	out := []widgets.LandingSection{{ID: "cards", Title: "Post cards",
		Intro: "One post per iframe, server-rendered and readable without JavaScript. Replies show their parent, quotes the quoted post.",
		Items: cards}}
	if tl := s.showcaseTimelines(sm); len(tl) > 0 {
		out = append(out, widgets.LandingSection{ID: "timelines", Title: "Timelines", Wide: true,
			Intro: "Profiles, lists and hashtags, visible to logged-out readers and without third-party cookies.", Items: tl})
	}
	out = append(out, widgets.LandingSection{ID: "buttons", Title: "Buttons and share bar",
		Intro: "Tiny documents with no script: links to Roost's intents, which hand off to where the account lives.",
		Items: s.showcaseButtons(sm)})
	return out, nil
}

// cardSpec names a sample post by what it shows and the options it is shown with.
type cardSpec struct {
	caption string
	q       map[string]string
	ok      func(*storage.Post) bool
}

func cardSpecs(sm *samples) []cardSpec {
	plain := func(p *storage.Post) bool {
		return len(p.MediaIDs) == 0 && p.ReplyTo == 0 && p.QuoteOf == 0 && p.Poll == nil && p.Card == nil
	}
	return []cardSpec{
		{"Light theme", map[string]string{"theme": "light"}, func(p *storage.Post) bool { return plain(p) && p.LikeCount > 1000 }},
		{"Dark theme, one image", map[string]string{"theme": "dark"}, func(p *storage.Post) bool { return len(p.MediaIDs) == 1 && !p.Sensitive && !sm.videos[p.ID] }},
		{"A reply", nil, func(p *storage.Post) bool { return p.ReplyTo != 0 && p.QuoteOf == 0 }},
		{"A quote", nil, func(p *storage.Post) bool { return p.QuoteOf != 0 && p.Lang != "ar" }},
		{"Four images", map[string]string{"theme": "dark"}, func(p *storage.Post) bool { return len(p.MediaIDs) == 4 }},
		{"Arabic, right to left", map[string]string{"lang": "ar"}, func(p *storage.Post) bool { return p.Lang == "ar" && plain(p) }},
		{"A video", nil, func(p *storage.Post) bool { return sm.videos[p.ID] }},
		{"A poll", nil, func(p *storage.Post) bool { return p.Poll != nil && !p.Poll.Closed }},
		{"A link preview card", map[string]string{"theme": "dark"}, func(p *storage.Post) bool { return p.Card != nil }},
	}
}

// showcaseCards picks one post per spec (skipping specs nothing matches).
func (s *Server) showcaseCards(ctx context.Context, sm *samples) ([]widgets.LandingItem, error) {
	used := map[int64]bool{}
	var items []widgets.LandingItem
	for _, spec := range cardSpecs(sm) {
		p := pick(sm.posts, used, spec.ok)
		if p == nil {
			continue
		}
		res, err := s.resolvePost(ctx, embedURLParser{}, embedTarget{kind: targetPost, origin: originRoost, id: p.ID}, "")
		if err != nil {
			return nil, err
		}
		if res.state != pubOK {
			continue
		}
		if it, ok := s.showcaseItem(res.target, widgets.WidgetPost, spec.q, spec.caption); ok {
			items = append(items, it)
		}
	}
	return items, nil
}

// showcaseTimelines shows the first writer's profile, the demo list and
// the most used hashtag.
func (s *Server) showcaseTimelines(sm *samples) []widgets.LandingItem {
	q := map[string]string{"limit": "5", "height": "560"}
	var targets []widgets.PublishTarget
	var captions []string
	if len(sm.users) > 0 {
		u := sm.users[0]
		targets = append(targets, widgets.PublishTarget{Timeline: profileRef(u), PageURL: s.cfg.PublicURL + "/" + u.Handle})
		captions = append(captions, "Profile @"+u.Handle)
	}
	if l := sm.list; l != nil {
		id := strconv.FormatInt(l.ID, 10)
		targets = append(targets, widgets.PublishTarget{Timeline: &widgets.TimelineRef{Kind: widgets.TimelineList, ListID: l.ID, Name: l.Name},
			PageURL: s.cfg.PublicURL + "/embed/list/" + id})
		captions = append(captions, "List \u201c"+l.Name+"\u201d")
	}
	if tag := topHashtag(sm.posts); tag != "" {
		targets = append(targets, widgets.PublishTarget{Timeline: &widgets.TimelineRef{Kind: widgets.TimelineHashtag, Tag: tag, Name: "#" + tag},
			PageURL: s.cfg.PublicURL + "/embed/hashtag/" + url.PathEscape(tag), Hashtag: tag})
		captions = append(captions, "Hashtag #"+tag)
	}
	var items []widgets.LandingItem
	for i, t := range targets {
		if it, ok := s.showcaseItem(t, widgets.WidgetTimeline, q, captions[i]); ok {
			items = append(items, it)
		}
	}
	return items
}

// showcaseButtons shows each button kind and the share bar.
func (s *Server) showcaseButtons(sm *samples) []widgets.LandingItem {
	first, second := sm.users[0].Handle, sm.users[0].Handle
	if len(sm.users) > 1 {
		second = sm.users[1].Handle
	}
	home := widgets.PublishTarget{PageURL: s.cfg.PublicURL + "/", ScreenName: first, Hashtag: topHashtag(sm.posts)}
	specs := []struct {
		widget, caption string
		q               map[string]string
	}{
		{widgets.ButtonShare, "Share", map[string]string{"text": "Embeds you own, from your own server", "size": "large"}},
		{widgets.ButtonFollow, "Follow, with count", map[string]string{"show_count": "true", "size": "large"}},
		{widgets.ButtonMention, "Mention", map[string]string{"screen_name": second}},
		{widgets.ButtonHashtag, "Hashtag", nil},
		{widgets.ButtonMessage, "Message", nil},
		{widgets.WidgetSharebar, "Share bar", map[string]string{"title": "Roost: embeds you own"}},
	}
	var items []widgets.LandingItem
	for _, sp := range specs {
		if it, ok := s.showcaseItem(home, sp.widget, sp.q, sp.caption); ok {
			it.Button, it.Bar = sp.widget != widgets.WidgetSharebar, sp.widget == widgets.WidgetSharebar
			items = append(items, it)
		}
	}
	return items
}

// showcaseItem builds one widget with the configurator's code.
func (s *Server) showcaseItem(t widgets.PublishTarget, widget string, q map[string]string, caption string) (widgets.LandingItem, bool) {
	get := func(k string) string {
		if k == "widget" {
			return widget
		}
		return q[k]
	}
	o := widgets.ParsePublishOptions(get, t)
	if o.Widget != widget {
		return widgets.LandingItem{}, false
	}
	e, err := s.widgets.PublishEmbed(t, o)
	if err != nil {
		return widgets.LandingItem{}, false
	}
	return widgets.LandingItem{Caption: caption, Frame: e.Preview, Configure: o.DeepLink(s.cfg.PublicURL, t.PageURL)}, true
}

// publishExamples are URLs to try on an empty configurator: a post, a
// profile, the list and a hashtag of the store's sample content.
func (s *Server) publishExamples(ctx context.Context) []widgets.Choice {
	sm, err := s.findSamples(ctx)
	if err != nil || len(sm.posts) == 0 {
		return nil
	}
	var out []widgets.Choice
	byID := map[int64]*storage.User{}
	for _, u := range sm.users {
		byID[u.ID] = u
	}
	if p := pick(sm.posts, map[int64]bool{}, func(p *storage.Post) bool { return len(p.MediaIDs) > 0 }); p != nil && byID[p.AuthorID] != nil {
		out = append(out, widgets.Choice{Value: s.permalink(byID[p.AuthorID].Handle, p.ID), Label: "A post with images"})
	}
	out = append(out, widgets.Choice{Value: s.cfg.PublicURL + "/" + sm.users[0].Handle, Label: "A profile timeline (@" + sm.users[0].Handle + ")"})
	if sm.list != nil {
		out = append(out, widgets.Choice{Value: s.cfg.PublicURL + "/embed/list/" + strconv.FormatInt(sm.list.ID, 10), Label: "A list (" + sm.list.Name + ")"})
	}
	if tag := topHashtag(sm.posts); tag != "" {
		out = append(out, widgets.Choice{Value: s.cfg.PublicURL + "/embed/hashtag/" + url.PathEscape(tag), Label: "A hashtag (#" + tag + ")"})
	}
	return out
}
