package widgets

import (
	"bytes"
	"fmt"
	"html/template"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/roost-embed/roost/storage"
)

// Intent actions (SURFACE.md: /intent/{action}).
const (
	IntentPost   = "post"
	IntentFollow = "follow"
	IntentLike   = "like"
	IntentRepost = "repost"
	IntentUser   = "user"
)

// IntentOptions are the validated parameters of a web intent. Invalid
// values are dropped, never passed on: ids are positive decimals, handles
// [A-Za-z0-9_]{1,30}, URLs http(s), the instance a plain host name.
type IntentOptions struct {
	Action      string
	Lang        string
	Share       ShareFields // post: what to write
	PostID      int64       // like, repost (post_id, or X's tweet_id)
	InReplyTo   int64       // post: the post answered
	ScreenName  string      // follow, user; post: the account a mention names
	Recipient   string      // post: the account a direct message goes to
	Instance    string      // the visitor's own Mastodon server, from the chooser form
	BadInstance bool        // an instance was typed but is not a host name
}

// ParseIntentOptions validates the parameters of the intent action. It
// reports false for an unknown action.
func ParseIntentOptions(action string, get func(string) string) (IntentOptions, bool) {
	o := IntentOptions{Action: action, Lang: supportedLang(get("lang"))}
	switch action {
	case IntentPost:
		o.Share = ParseShareFields(get)
		o.InReplyTo = parseIntentID(get("in_reply_to"))
		o.ScreenName = ParseHandle(get("screen_name"))
		o.Recipient = ParseHandle(get("recipient"))
	case IntentLike, IntentRepost:
		o.PostID = parseIntentID(firstOf(get("post_id"), get("tweet_id")))
	case IntentFollow, IntentUser:
		o.ScreenName = ParseHandle(get("screen_name"))
	default:
		o.Action = ""
		return o, false
	}
	if raw := strings.TrimSpace(get("instance")); raw != "" {
		o.Instance = ParseHostname(raw)
		o.BadInstance = o.Instance == ""
	}
	return o, true
}

// Query returns the validated parameters as a query, for the operator's
// intent URL template and for the chooser form's hidden fields.
func (o IntentOptions) Query() url.Values {
	v := o.Share.Values()
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	if o.PostID != 0 {
		v.Set("post_id", strconv.FormatInt(o.PostID, 10))
	}
	if o.InReplyTo != 0 {
		v.Set("in_reply_to", strconv.FormatInt(o.InReplyTo, 10))
	}
	set("screen_name", o.ScreenName)
	set("recipient", o.Recipient)
	return v
}

// ComposedText is the whole post as one string, for platforms whose share
// URL takes only text (Mastodon, Bluesky): text, URL, then hashtags.
func (f ShareFields) ComposedText() string {
	parts := []string{f.Text, f.URL}
	for _, t := range f.Hashtags {
		parts = append(parts, "#"+t)
	}
	return strings.TrimSpace(strings.Join(strings.Fields(strings.Join(parts, " ")), " "))
}

func parseIntentID(s string) int64 {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 19 {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || strconv.FormatInt(n, 10) != s {
		return 0
	}
	return n
}

func firstOf(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// ParseHostname accepts what a visitor types for their server
// ("mastodon.social", "https://Mastodon.Social/", "@me@mastodon.social") and
// returns the lower-case host name, or "" unless it is a plain DNS name
// (ASCII or punycode labels, at least two, a non-numeric top level): no
// port, user info, path, IP literal or anything a URL parser would read
// differently.
func ParseHostname(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(strings.TrimPrefix(s, "https://"), "http://")
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	s = strings.TrimSuffix(s, "/")
	if len(s) < 4 || len(s) > 253 {
		return ""
	}
	labels := strings.Split(s, ".")
	if len(labels) < 2 {
		return ""
	}
	for _, l := range labels {
		if !hostLabel(l) {
			return ""
		}
	}
	tld := labels[len(labels)-1]
	if tld[0] < 'a' || tld[0] > 'z' {
		return ""
	}
	return s
}

func hostLabel(l string) bool {
	if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
		return false
	}
	for i := 0; i < len(l); i++ {
		c := l[i]
		if !(c == '-' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z') {
			return false
		}
	}
	return true
}

// IntentView is what an intent chooser page shows: the options, the post
// or account acted on (nil when none or not visible) and the state that
// decides whether it can be shown.
type IntentView struct {
	Options IntentOptions
	State   State         // StateVisible unless the post or account cannot be shown
	Post    *PostView     // like, repost, reply: the post
	User    *storage.User // follow, user, mention, message: the account
}

// intentDoc is the template model of an intent page.
type intentDoc struct {
	Lang, Dir  string
	Title      string
	Message    string
	CSS        template.CSS
	Card       template.HTML
	User       *storage.User
	Profile    string
	Choices    []choice
	Ask        bool // show the Mastodon server form
	FormAction string
	Hidden     []hiddenField
	Continue   *choice // the visitor's own server, once typed
	T          *buttonText
	ViewOn     string
	Bad        bool
}

type choice struct{ Label, URL string }

type hiddenField struct{ Name, Value string }

// IntentPage renders the chooser page of an intent that Roost cannot hand
// off by itself: what the action is, the post or account, and links to
// continue on X, Bluesky or the visitor's own Mastodon server. It is a
// page for people, never framed, with no script.
func (r *Renderer) IntentPage(v IntentView) ([]byte, error) {
	d, err := r.intentDoc(v)
	if err != nil {
		return nil, err
	}
	buf := r.bufs.Get().(*bytes.Buffer)
	defer r.putBuf(buf)
	if err := r.kit.tmpl.ExecuteTemplate(buf, "intent", d); err != nil {
		return nil, fmt.Errorf("widgets: rendering %s intent: %w", v.Options.Action, err)
	}
	return r.min.html(buf.Bytes())
}

// intentDoc builds the model of an intent page.
func (r *Renderer) intentDoc(v IntentView) (*intentDoc, error) {
	o := v.Options
	ui, bt := r.langs[supportedLang(o.Lang)], r.kit.text(o.Lang)
	d := &intentDoc{Lang: ui.Code, Dir: "ltr", CSS: r.css + r.kit.intentCSS, T: bt, ViewOn: ui.ViewOn}
	if ui.RTL {
		d.Dir = "rtl"
	}
	d.Title = r.intentTitle(o, v.User, bt)
	if v.State != StateVisible {
		d.Message = r.intentMessage(o, v.State, ui, bt)
		return d, nil
	}
	share := o.Share
	switch {
	case v.Post.visible():
		card, err := r.PostFragment(v.Post, PostOptions{Theme: ThemeAuto, Lang: ui.Code, Width: DefaultPostWidth, HideThread: true})
		if err != nil {
			return nil, err
		}
		d.Card, d.Profile = card, r.links.permalink(v.Post.Author.Handle, v.Post.Post.ID)
	case v.User != nil:
		d.User, d.Profile = v.User, r.links.profile(v.User.Handle)
	}
	if o.Action != IntentPost {
		share = ShareFields{URL: d.Profile}
	}
	r.intentChoices(d, o, share)
	return d, nil
}

// intentChoices fills the links to X and Bluesky, the Mastodon form and,
// once the visitor named their server, the link to continue there.
func (r *Renderer) intentChoices(d *intentDoc, o IntentOptions, share ShareFields) {
	text := share.ComposedText()
	x := url.URL{Scheme: "https", Host: "x.com", Path: "/intent/post", RawQuery: share.Values().Encode()}
	bsky := url.URL{Scheme: "https", Host: "bsky.app", Path: "/intent/compose", RawQuery: url.Values{"text": {text}}.Encode()}
	d.Choices = []choice{{phrase(d.T.ContinueOn, "X"), x.String()}, {phrase(d.T.ContinueOn, "Bluesky"), bsky.String()}}
	if d.Profile != "" {
		d.Choices = append(d.Choices, choice{d.ViewOn, d.Profile})
	}
	if o.Instance != "" {
		m := url.URL{Scheme: "https", Host: o.Instance, Path: "/share", RawQuery: url.Values{"text": {text}}.Encode()}
		d.Continue = &choice{phrase(d.T.ContinueOn, o.Instance), m.String()}
	}
	d.Ask, d.Bad = true, o.BadInstance
	d.FormAction = r.links.base + "/intent/" + o.Action
	q := o.Query()
	for _, k := range slices.Sorted(maps.Keys(q)) {
		d.Hidden = append(d.Hidden, hiddenField{k, q.Get(k)})
	}
	if o.Lang != defaultLang {
		d.Hidden = append(d.Hidden, hiddenField{"lang", o.Lang})
	}
}

// intentTitle says what the visitor is about to do.
func (r *Renderer) intentTitle(o IntentOptions, u *storage.User, bt *buttonText) string {
	switch o.Action {
	case IntentFollow:
		return phrase(bt.FollowName, isolate("@"+o.ScreenName))
	case IntentLike:
		return bt.Like
	case IntentRepost:
		return bt.Repost
	case IntentUser:
		if u != nil && u.Name != "" {
			return u.Name
		}
		return "@" + o.ScreenName
	}
	switch {
	case o.Recipient != "":
		return phrase(bt.Message, isolate("@"+o.Recipient))
	case o.InReplyTo != 0:
		return bt.Reply
	case o.ScreenName != "":
		return phrase(bt.Mention, isolate("@"+o.ScreenName))
	}
	return bt.Post
}

// intentMessage explains why the post or account cannot be shown.
func (r *Renderer) intentMessage(o IntentOptions, s State, ui *uiLang, bt *buttonText) string {
	account := o.Action == IntentFollow || o.Action == IntentUser || o.Action == IntentPost && o.InReplyTo == 0
	switch {
	case s == StateSuspended:
		return ui.Suspended
	case account:
		return bt.NoUser
	case s == StateProtected:
		return ui.Protected
	}
	return ui.Unavailable
}
