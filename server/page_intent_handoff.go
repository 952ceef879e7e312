package server

import (
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/roost-embed/roost/storage"
	"github.com/roost-embed/roost/widgets"
)

// hostSet is where an intent may redirect: host → the one scheme allowed
// for it. Every Location is built with net/url from validated parts and
// then checked against this set, so no request value can choose the host.
type hostSet map[string]string

// permit reports whether u goes to an allowed host with its scheme and
// carries nothing a browser could read as another host.
func (h hostSet) permit(u *url.URL) bool {
	if u == nil || u.User != nil || u.Opaque != "" || u.Host == "" {
		return false
	}
	if want, ok := h[strings.ToLower(u.Host)]; !ok || want != u.Scheme {
		return false
	}
	s := u.String()
	return !strings.ContainsAny(s, "\\\r\n\t ") && strings.HasPrefix(s, u.Scheme+"://"+u.Host+"/")
}

// xHosts are X's hosts: intents of imported X accounts go to x.com.
func xHosts() hostSet { return hostSet{"x.com": "https", "twitter.com": "https"} }

// handoff returns where the intent continues and the hosts allowed for
// it: X for X accounts, the account's own server for Mastodon accounts,
// the operator's --intent-url for native accounts and plain shares (or
// Roost's own profile page for a user intent). ok is false when the
// visitor should choose (the chooser page).
func (s *Server) handoff(o widgets.IntentOptions, subj intentSubject) (*url.URL, hostSet, bool) {
	hosts := xHosts()
	if u := subj.user; u != nil {
		switch u.Platform {
		case storage.PlatformX:
			return xIntent(o, subj), hosts, true
		case storage.PlatformMastodon:
			host := mastodonHost(u)
			if host == "" {
				return nil, hosts, false
			}
			hosts[host] = "https"
			loc := mastodonIntent(o, subj, host)
			return loc, hosts, loc != nil
		}
	}
	if loc, host, ok := expandIntentURL(s.cfg.IntentURL, o.Action, o.Query()); ok {
		hosts[host] = loc.Scheme
		return loc, hosts, true
	}
	if o.Action == widgets.IntentUser && subj.user != nil {
		if pub, err := url.Parse(s.cfg.PublicURL); err == nil && pub.Host != "" {
			hosts[strings.ToLower(pub.Host)] = pub.Scheme
			return pub.JoinPath(subj.user.Handle), hosts, true
		}
	}
	return nil, hosts, false
}

// xIntent is the x.com intent for an imported X post or account; imported
// posts keep X's ids.
func xIntent(o widgets.IntentOptions, subj intentSubject) *url.URL {
	handle := xHandle(subj.user)
	q := url.Values{}
	path := "/intent/tweet"
	switch o.Action {
	case widgets.IntentLike, widgets.IntentRepost:
		path = "/intent/like"
		if o.Action == widgets.IntentRepost {
			path = "/intent/retweet"
		}
		q.Set("tweet_id", strconv.FormatInt(subj.view.Post.ID, 10))
	case widgets.IntentFollow, widgets.IntentUser:
		path = "/intent/" + o.Action
		q.Set("screen_name", handle)
	default:
		if o.Recipient != "" {
			// X has no intent for a direct message to a name: the profile
			// is where the visitor can start one.
			path = "/intent/user"
			q.Set("screen_name", handle)
			break
		}
		q = o.Share.Values()
		if o.InReplyTo != 0 {
			q.Set("in_reply_to", strconv.FormatInt(subj.view.Post.ID, 10))
		} else if o.ScreenName != "" {
			q.Set("screen_name", handle)
		}
	}
	return &url.URL{Scheme: "https", Host: "x.com", Path: path, RawQuery: q.Encode()}
}

// xHandle is the account's name on X: from its x.com/twitter.com profile
// URL when it has one, else its Roost handle (imports keep it).
func xHandle(u *storage.User) string {
	if p, err := url.Parse(u.ProfileURL); err == nil {
		switch strings.ToLower(p.Host) {
		case "x.com", "www.x.com", "twitter.com", "www.twitter.com", "mobile.twitter.com":
			if h := widgets.ParseHandle(strings.Trim(p.Path, "/")); h != "" {
				return h
			}
		}
	}
	return u.Handle
}

// mastodonHost is the host of a Mastodon account's https profile URL, or ""
// unless it is a plain DNS name (no port, user info or IP literal).
func mastodonHost(u *storage.User) string {
	p, err := url.Parse(u.ProfileURL)
	if err != nil || p.Scheme != "https" || p.User != nil || p.Host == "" {
		return ""
	}
	if h := widgets.ParseHostname(p.Host); h == strings.ToLower(p.Host) {
		return h
	}
	return ""
}

// mastodonIntent is the intent on a Mastodon account's own server: remote
// interaction for a post or a follow, the profile for a user intent, the
// share page for a mention or a message. nil when the post has no valid
// original URL.
func mastodonIntent(o widgets.IntentOptions, subj intentSubject, host string) *url.URL {
	profile := widgets.ParseShareURL(subj.user.ProfileURL)
	switch o.Action {
	case widgets.IntentUser:
		p, err := url.Parse(profile)
		if err != nil {
			return nil
		}
		return &url.URL{Scheme: "https", Host: host, Path: p.Path, RawQuery: p.RawQuery}
	case widgets.IntentFollow:
		return authorizeInteraction(host, profile)
	case widgets.IntentLike, widgets.IntentRepost:
		return authorizeInteraction(host, widgets.ParseShareURL(subj.view.Post.OriginalURL))
	}
	if o.InReplyTo != 0 {
		return authorizeInteraction(host, widgets.ParseShareURL(subj.view.Post.OriginalURL))
	}
	acct := "@" + mastodonUser(subj.user) + "@" + host
	text := strings.TrimSpace(acct + " " + strings.TrimSpace(strings.TrimPrefix(o.Share.ComposedText(), "@"+subj.user.Handle)))
	return &url.URL{Scheme: "https", Host: host, Path: "/share", RawQuery: url.Values{"text": {text}}.Encode()}
}

// authorizeInteraction is Mastodon's remote-interaction page for uri, or
// nil when uri is empty (not a valid http(s) URL).
func authorizeInteraction(host, uri string) *url.URL {
	if uri == "" {
		return nil
	}
	return &url.URL{Scheme: "https", Host: host, Path: "/authorize_interaction", RawQuery: url.Values{"uri": {uri}}.Encode()}
}

// mastodonUser is the account's local name on its server, from a profile
// URL of the form /@name or /users/name, else its Roost handle.
func mastodonUser(u *storage.User) string {
	if p, err := url.Parse(u.ProfileURL); err == nil {
		path := strings.Trim(p.Path, "/")
		path = strings.TrimPrefix(strings.TrimPrefix(path, "users/"), "@")
		if h := widgets.ParseHandle(path); h != "" {
			return h
		}
	}
	return u.Handle
}

// expandIntentURL fills the operator's --intent-url template: {action}
// with the action word and {query} with the validated, encoded query (or
// appends the query when the template has no {query}). The template must
// be an absolute http(s) URL without user info whose host does not depend
// on either placeholder; anything else is a misconfiguration and yields
// ok=false (the chooser page), never a redirect.
func expandIntentURL(tmpl, action string, q url.Values) (loc *url.URL, host string, ok bool) {
	if tmpl == "" {
		return nil, "", false
	}
	probe, err := url.Parse(strings.NewReplacer("{action}", "probe", "{query}", "probe=1").Replace(tmpl))
	if err != nil || !operatorHostOK(probe) {
		return nil, "", false
	}
	query := q.Encode()
	filled := strings.ReplaceAll(tmpl, "{action}", action)
	hasQuery := strings.Contains(filled, "{query}")
	filled = strings.ReplaceAll(filled, "{query}", query)
	u, err := url.Parse(filled)
	if err != nil || u.Scheme != probe.Scheme || u.Host != probe.Host || u.User != nil || u.Opaque != "" {
		return nil, "", false
	}
	if !hasQuery && query != "" {
		if u.RawQuery != "" {
			u.RawQuery += "&"
		}
		u.RawQuery += query
	}
	if u.Path == "" {
		u.Path = "/"
	}
	return u, strings.ToLower(u.Host), true
}

// operatorHostOK accepts an absolute http(s) URL whose host is a DNS name,
// localhost or an IP address, with an optional port, and no user info.
func operatorHostOK(u *url.URL) bool {
	if u.Scheme != "http" && u.Scheme != "https" || u.User != nil || u.Opaque != "" || u.Host == "" {
		return false
	}
	h := u.Hostname()
	if port := u.Port(); port != "" {
		if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
			return false
		}
	}
	return widgets.ParseHostname(h) == strings.ToLower(h) || h == "localhost" || net.ParseIP(h) != nil
}
