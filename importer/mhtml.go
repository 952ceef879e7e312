package importer

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"

	"github.com/microcosm-cc/bluemonday"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/roost-embed/roost/entity"
	"github.com/roost-embed/roost/storage"
)

// htmlText turns the HTML of Mastodon posts and bios into Roost's plain
// text and entities. The HTML is first sanitised by bluemonday down to the
// few elements Mastodon writes (p, br, a, span) with http(s) links only, so
// scripts, styles, event handlers and javascript: links are gone before
// the walk; the walk then emits only text, never markup.
type htmlText struct {
	policy *bluemonday.Policy
}

// newHTMLText builds the sanitising policy once per import.
func newHTMLText() *htmlText {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "span", "a")
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^[A-Za-z0-9_ -]*$`)).OnElements("a", "span")
	p.AllowURLSchemes("http", "https")
	p.RequireParseableURLs(true)
	return &htmlText{policy: p}
}

// convert returns the text of src with paragraphs separated by a blank
// line, <br> as a newline, mentions as "@user@instance", hashtags as
// "#tag" and links as their full href, and the entities of that text.
func (h *htmlText) convert(src string) (string, []storage.Entity) {
	clean := h.policy.Sanitize(src)
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(clean), body)
	if err != nil {
		return "", nil
	}
	w := &htmlWalker{}
	for _, n := range nodes {
		w.node(n)
	}
	text := strings.TrimRightFunc(string(w.out), unicode.IsSpace)
	links := keepWithin(w.links, len(text))
	return text, mergeEntities(links, entity.Find(text))
}

// htmlWalker accumulates the text of a sanitised fragment.
type htmlWalker struct {
	out   []byte
	links []storage.Entity
}

func (w *htmlWalker) node(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.text(n.Data)
		return
	case html.ElementNode:
		switch n.DataAtom {
		case atom.P:
			w.paragraph()
		case atom.Br:
			w.newline()
			return
		case atom.A:
			w.anchor(n)
			return
		case atom.Span:
			if hasClass(n, "invisible") {
				return
			}
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.node(c)
	}
}

// text appends s with runs of white space folded to one space, as a
// browser shows them, and none at the start of a line.
func (w *htmlWalker) text(s string) {
	for _, r := range s {
		if unicode.IsSpace(r) {
			if len(w.out) == 0 || w.out[len(w.out)-1] == ' ' || w.out[len(w.out)-1] == '\n' {
				continue
			}
			r = ' '
		}
		w.out = append(w.out, string(r)...)
	}
}

// paragraph starts a new paragraph: a blank line after what came before.
func (w *htmlWalker) paragraph() {
	w.trimRight()
	if len(w.out) > 0 {
		w.out = append(w.out, "\n\n"...)
	}
}

func (w *htmlWalker) newline() {
	w.trimSpaces()
	w.out = append(w.out, '\n')
}

func (w *htmlWalker) trimRight() {
	w.out = []byte(strings.TrimRightFunc(string(w.out), unicode.IsSpace))
}

func (w *htmlWalker) trimSpaces() {
	for len(w.out) > 0 && w.out[len(w.out)-1] == ' ' {
		w.out = w.out[:len(w.out)-1]
	}
}

// anchor writes a mention as "@user@instance", a hashtag as "#tag", a link
// as its href (Mastodon shortens the visible text with an ellipsis) and
// anything else as its visible text.
func (w *htmlWalker) anchor(n *html.Node) {
	href := attr(n, "href")
	label := strings.TrimSpace(visibleText(n))
	switch {
	case hasClass(n, "hashtag") || (hasClass(n, "mention") && strings.HasPrefix(label, "#")):
		w.text(label)
	case hasClass(n, "mention") || strings.HasPrefix(label, "@"):
		w.text(fediverseHandle(label, href))
	case webURL(href):
		start := len(w.out)
		w.out = append(w.out, href...)
		w.links = append(w.links, storage.Entity{Kind: storage.EntityURL, Start: start, End: len(w.out), Value: href})
	default:
		w.text(label)
	}
}

// fediverseHandle completes "@user" with the instance of its profile link.
func fediverseHandle(label, href string) string {
	user := strings.TrimPrefix(label, "@")
	if strings.Contains(user, "@") || !webURL(href) {
		return "@" + user
	}
	u, _ := url.Parse(href)
	return "@" + user + "@" + u.Hostname()
}

// webURL reports whether s is an absolute http(s) URL without white space.
func webURL(s string) bool {
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0 {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Hostname() != ""
}

// visibleText is the text of n without invisible spans.
func visibleText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		if n.Type == html.ElementNode && n.DataAtom == atom.Span && hasClass(n, "invisible") {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}
