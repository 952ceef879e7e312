package widgets

import (
	"html"
	"strings"
	"testing"

	"github.com/tdewolff/parse/v2"
	phtml "github.com/tdewolff/parse/v2/html"
)

// element is one start tag of a parsed document: its name and attributes
// with values unquoted and entity-decoded, as a browser would see them.
type element struct {
	tag   string
	attrs [][2]string
}

// parsedDoc is what the checks need from a document: its elements in order,
// its raw SVG islands, the text a reader sees, and the script bodies.
type parsedDoc struct {
	elems   []element
	svgs    []string
	text    string
	scripts []string
}

// parseDoc tokenises a document with tdewolff's HTML lexer (the same lexer
// the minifier uses), failing the test on a lexer error.
func parseDoc(t *testing.T, doc []byte) parsedDoc {
	t.Helper()
	var p parsedDoc
	var text strings.Builder
	l := phtml.NewLexer(parse.NewInputBytes(doc))
	inScript := false
	for {
		tt, data := l.Next()
		switch tt {
		case phtml.ErrorToken:
			if err := l.Err(); err != nil && err.Error() != "EOF" {
				t.Fatalf("lexing document: %v", err)
			}
			p.text = text.String()
			return p
		case phtml.StartTagToken:
			name := strings.ToLower(string(l.Text()))
			p.elems = append(p.elems, element{tag: name})
			inScript = name == "script"
		case phtml.AttributeToken:
			e := &p.elems[len(p.elems)-1]
			e.attrs = append(e.attrs, [2]string{strings.ToLower(string(l.AttrKey())), attrValue(l.AttrVal())})
		case phtml.SVGToken:
			p.svgs = append(p.svgs, string(data))
		case phtml.TextToken:
			if inScript {
				p.scripts = append(p.scripts, string(data))
			} else {
				text.WriteString(html.UnescapeString(string(data)))
			}
		case phtml.EndTagToken:
			inScript = false
		}
	}
}

// attrValue strips quotes and decodes entities, so "javascript&colon;"
// is checked as the browser would read it.
func attrValue(v []byte) string {
	s := string(v)
	if len(s) >= 2 && (s[0] == '"' || s[0] == '\'') && s[len(s)-1] == s[0] {
		s = s[1 : len(s)-1]
	}
	return html.UnescapeString(s)
}

// allowedTags and allowedAttrs are every element and attribute the
// templates and richtext write; anything else in output came from data.
func allowedTags() map[string]bool {
	return setOf("html", "head", "meta", "base", "title", "style", "body", "article", "h2", "header", "a", "img",
		"div", "span", "bdi", "time", "footer", "p", "ul", "li", "details", "summary", "script", "br", "link", "video", "source")
}

func allowedAttrs() map[string]bool {
	return setOf("lang", "dir", "class", "style", "charset", "name", "content", "target", "aria-label", "aria-hidden",
		"href", "tabindex", "src", "alt", "width", "height", "decoding", "loading", "datetime", "rel", "role",
		"controls", "preload", "playsinline", "muted", "loop", "poster", "type")
}

func setOf(items ...string) map[string]bool {
	m := make(map[string]bool, len(items))
	for _, s := range items {
		m[s] = true
	}
	return m
}

// checkSafe fails on any element, attribute or URL that no template writes:
// unknown tags, on* handlers, script-capable or foreign URLs, style values
// other than ours, and any script but the frame script.
func checkSafe(t *testing.T, r *Renderer, doc []byte) parsedDoc {
	t.Helper()
	p := parseDoc(t, doc)
	tags, attrs := allowedTags(), allowedAttrs()
	for _, e := range p.elems {
		if !tags[e.tag] {
			t.Errorf("element <%s> is not one the templates write", e.tag)
		}
		for _, a := range e.attrs {
			checkAttr(t, e.tag, a[0], a[1], attrs)
		}
	}
	if len(p.scripts) != 1 || p.scripts[0] != string(r.FrameScript()) {
		t.Errorf("scripts = %q, want only the frame script", p.scripts)
	}
	for _, s := range p.svgs {
		if low := strings.ToLower(s); strings.Contains(low, " on") || strings.Contains(low, "script") || strings.Contains(low, "href") {
			t.Errorf("svg carries something active: %s", s)
		}
	}
	return p
}

func checkAttr(t *testing.T, tag, key, val string, allowed map[string]bool) {
	t.Helper()
	if !allowed[key] || strings.HasPrefix(key, "on") {
		t.Errorf("<%s %s=%q>: attribute not written by any template", tag, key, val)
	}
	switch key {
	case "href", "src":
		if !safeURL(val) {
			t.Errorf("<%s %s=%q>: URL is not http(s), mailto or the public URL", tag, key, val)
		}
	case "style":
		if !safeStyle(val) {
			t.Errorf("<%s style=%q>: style is not one the renderer builds", tag, val)
		}
	}
}

// safeURL accepts the public URL's own paths and plain http(s)/mailto URLs,
// after stripping what browsers ignore (whitespace and control characters).
func safeURL(u string) bool {
	clean := strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, u)
	low := strings.ToLower(clean)
	return strings.HasPrefix(low, testPublicURL+"/") || strings.HasPrefix(low, "https://") ||
		strings.HasPrefix(low, "http://") || strings.HasPrefix(low, "mailto:")
}

// safeStyle accepts only the declarations the renderer writes: aspect
// ratios, backgrounds and the option custom properties, with values made of
// digits, '#', hex letters, '/', and 'px'.
func safeStyle(s string) bool {
	for _, decl := range strings.Split(s, ";") {
		name, val, ok := strings.Cut(decl, ":")
		if !ok {
			return false
		}
		switch name {
		case "aspect-ratio", "background", "--w", "--ln", "--bd":
		case "width": // a poll's result bar
			val = strings.TrimSuffix(val, "%")
		default:
			return false
		}
		for _, c := range strings.TrimSuffix(val, "px") {
			if !(c == '#' || c == '/' || '0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
				return false
			}
		}
	}
	return true
}
