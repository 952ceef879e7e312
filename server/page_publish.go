package server

import (
	"context"
	"encoding/json"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/widgets"
)

// publishState is the configurator's answer to one query: the page renders
// it, and ?format=json returns it to the page script, so both show the same
// snippets, built once here.
type publishState struct {
	URL       string         `json:"url"`
	State     string         `json:"state"`
	Message   string         `json:"message"`
	Summary   string         `json:"summary"`
	Widget    string         `json:"widget"`
	Available []string       `json:"available"`
	Embed     *widgets.Embed `json:"embed"`
	DeepLink  string         `json:"deepLink"`
	opts      widgets.PublishOptions
}

// publishPage serves GET /publish: the configurator. It works as a plain
// GET form (every state lives in the query, so a URL reproduces it);
// format=json gives the page script the same state as JSON. The page is
// for people: never framed, no cookies, a strict CSP.
func (s *Server) publishPage(c *fiber.Ctx) error {
	s.publishHeaders(c, s.widgets.PublishCSP())
	ctx, cancel := context.WithTimeout(c.UserContext(), storeReadTimeout)
	defer cancel()
	st, err := s.buildPublishState(ctx, multiQuery(c))
	if err != nil {
		return err
	}
	if strings.EqualFold(c.Query("format"), "json") {
		return s.sendPublishJSON(c, st)
	}
	page := &widgets.PublishPage{URL: st.URL, State: st.State, Message: st.Message, Summary: st.Summary,
		Opts: st.opts, Widgets: widgetChoices(st), Embed: st.Embed, DeepLink: st.DeepLink}
	if st.URL == "" {
		page.Examples = s.publishExamples(ctx)
	}
	body, err := s.widgets.PublishPageHTML(page)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, htmlContentType)
	return c.Send(body)
}

// buildPublishState resolves the pasted URL, normalises the options and
// builds the embed when there is something to embed.
func (s *Server) buildPublishState(ctx context.Context, get func(string) string) (*publishState, error) {
	pasted := get("url")
	res, err := s.resolvePublishURL(ctx, pasted)
	if err != nil {
		return nil, err
	}
	o := widgets.ParsePublishOptions(get, res.target)
	if res.state != pubOK && !embeddable(res, o) {
		o.Widget = askedWidget(get("widget")) // keep the reader's choice while there is nothing to show
	}
	st := &publishState{URL: strings.TrimSpace(pasted), State: res.state, Message: res.message, Summary: res.summary,
		Widget: o.Widget, opts: o}
	for _, w := range widgets.PublishWidgets() {
		if res.state == pubNone || res.target.Supports(w) {
			st.Available = append(st.Available, w)
		}
	}
	if embeddable(res, o) {
		if st.Embed, err = s.widgets.PublishEmbed(res.target, o); err != nil {
			return nil, err
		}
		st.DeepLink = o.DeepLink(s.cfg.PublicURL, st.URL)
	}
	return st, nil
}

// embeddable reports whether a state has a widget to preview: a resolved
// URL; a page elsewhere for the share widgets; or, with nothing pasted, a
// button whose account or tag was typed in.
func embeddable(res resolution, o widgets.PublishOptions) bool {
	switch res.state {
	case pubOK:
		return true
	case pubForeign, pubNotImported:
		return res.target.PageURL != "" && (o.Widget == widgets.ButtonShare || o.Widget == widgets.WidgetSharebar)
	case pubNone:
		b := o.Button
		return b.Kind == o.Widget && (b.ScreenName != "" && b.Kind != widgets.ButtonHashtag || b.Hashtag != "" && b.Kind == widgets.ButtonHashtag)
	}
	return false
}

// askedWidget is the widget named in the query, or the post card.
func askedWidget(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, w := range widgets.PublishWidgets() {
		if w == s {
			return w
		}
	}
	return widgets.WidgetPost
}

// widgetChoices is the widget menu: what the pasted URL cannot give is
// disabled, the chosen widget selected.
func widgetChoices(st *publishState) []widgets.Choice {
	var out []widgets.Choice
	for _, w := range widgets.PublishWidgets() {
		ok := false
		for _, a := range st.Available {
			ok = ok || a == w
		}
		out = append(out, widgets.Choice{Value: w, Label: widgets.PublishWidgetLabel(w), Selected: w == st.Widget, Disabled: !ok})
	}
	return out
}

// sendPublishJSON answers the page script.
func (s *Server) sendPublishJSON(c *fiber.Ctx, st *publishState) error {
	if st.Available == nil {
		st.Available = []string{}
	}
	b, err := json.Marshal(st)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSONCharsetUTF8)
	return c.Send(b)
}

// publishHeaders is the profile of Roost's pages that carry a script: the
// given CSP (hashes only), never framed, no referrer leaks beyond the origin.
func (s *Server) publishHeaders(c *fiber.Ctx, csp string) {
	c.Set(fiber.HeaderContentSecurityPolicy, csp)
	c.Set(fiber.HeaderXFrameOptions, "DENY")
	c.Set(fiber.HeaderXContentTypeOptions, "nosniff")
	c.Set(fiber.HeaderReferrerPolicy, "strict-origin-when-cross-origin")
	c.Set(fiber.HeaderCacheControl, "no-cache")
	c.Set(fiber.HeaderVary, fiber.HeaderAccept)
}

// multiQuery reads the configurator's query: checkbox groups (chrome,
// networks) arrive as repeated keys and are joined the way their option
// parsers read them; every value is copied out of Fiber's reused memory.
func multiQuery(c *fiber.Ctx) func(string) string {
	args := c.Context().QueryArgs()
	return func(key string) string {
		vals := args.PeekMulti(key)
		if len(vals) == 0 {
			return ""
		}
		sep := ","
		if key == "chrome" {
			sep = " "
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = string(v)
		}
		if key != "chrome" && key != "networks" {
			return parts[0]
		}
		return strings.Join(parts, sep)
	}
}
