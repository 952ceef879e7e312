package server

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"mime"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// oembedDoc is an answer read back through the schema checks.
type oembedDoc struct {
	Type, Version, HTML, URL        string
	AuthorName, AuthorURL           string
	ProviderName, ProviderURL       string
	Width, Height, CacheAge         int
	ThumbnailURL                    string
	ThumbnailWidth, ThumbnailHeight int
	hasThumb                        bool
}

// oembedJSONKeys are every key a JSON answer may carry.
var oembedJSONKeys = map[string]bool{"type": true, "version": true, "title": true, "url": true,
	"author_name": true, "author_url": true, "provider_name": true, "provider_url": true, "cache_age": true,
	"thumbnail_url": true, "thumbnail_width": true, "thumbnail_height": true, "html": true, "width": true, "height": true}

// checkOEmbedJSON validates a JSON answer against the oEmbed schema:
// required string fields, integer width, height and cache_age, the
// thumbnail trio all or none, nothing unknown.
func checkOEmbedJSON(t *testing.T, r response) oembedDoc {
	t.Helper()
	if mt, _, _ := mime.ParseMediaType(r.header.Get("Content-Type")); mt != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", r.header.Get("Content-Type"))
	}
	dec := json.NewDecoder(strings.NewReader(r.body))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("answer is not a JSON object: %v: %s", err, r.body)
	}
	var d oembedDoc
	str := func(k string, required bool) string {
		v, ok := m[k]
		if !ok {
			if required {
				t.Errorf("JSON lacks %q", k)
			}
			return ""
		}
		s, isStr := v.(string)
		if !isStr || (required && s == "") {
			t.Errorf("JSON %q = %#v, want a non-empty string", k, v)
		}
		return s
	}
	num := func(k string, required bool) int {
		v, ok := m[k]
		if !ok {
			if required {
				t.Errorf("JSON lacks %q", k)
			}
			return 0
		}
		n, isNum := v.(json.Number)
		i, err := n.Int64()
		if !isNum || err != nil || strings.ContainsAny(n.String(), ".eE") || i <= 0 {
			t.Errorf("JSON %q = %#v, want a positive integer", k, v)
		}
		return int(i)
	}
	for k := range m {
		if !oembedJSONKeys[k] {
			t.Errorf("JSON has unknown key %q", k)
		}
	}
	d.Type, d.Version, d.HTML = str("type", true), str("version", true), str("html", true)
	d.AuthorName, d.AuthorURL = str("author_name", true), str("author_url", true)
	d.ProviderName, d.ProviderURL, d.URL = str("provider_name", true), str("provider_url", true), str("url", true)
	d.Width, d.Height, d.CacheAge = num("width", true), num("height", true), num("cache_age", true)
	_, a := m["thumbnail_url"]
	_, b := m["thumbnail_width"]
	_, c := m["thumbnail_height"]
	if a != b || b != c {
		t.Errorf("thumbnail fields not all or none: url %v width %v height %v", a, b, c)
	}
	if d.hasThumb = a && b && c; d.hasThumb {
		d.ThumbnailURL = str("thumbnail_url", true)
		d.ThumbnailWidth, d.ThumbnailHeight = num("thumbnail_width", true), num("thumbnail_height", true)
	}
	checkCommon(t, d)
	return d
}

// xmlOEmbed is the XML answer as a consumer decodes it.
type xmlOEmbed struct {
	XMLName         xml.Name
	Type            string  `xml:"type"`
	Version         string  `xml:"version"`
	HTML            string  `xml:"html"`
	URL             string  `xml:"url"`
	AuthorName      string  `xml:"author_name"`
	AuthorURL       string  `xml:"author_url"`
	ProviderName    string  `xml:"provider_name"`
	ProviderURL     string  `xml:"provider_url"`
	Width           int     `xml:"width"`
	Height          int     `xml:"height"`
	CacheAge        int     `xml:"cache_age"`
	ThumbnailURL    *string `xml:"thumbnail_url"`
	ThumbnailWidth  *int    `xml:"thumbnail_width"`
	ThumbnailHeight *int    `xml:"thumbnail_height"`
}

// checkOEmbedXML parses an XML answer (strictly, with encoding/xml) and
// applies the same checks as for JSON.
func checkOEmbedXML(t *testing.T, r response) oembedDoc {
	t.Helper()
	if mt, _, _ := mime.ParseMediaType(r.header.Get("Content-Type")); mt != "text/xml" {
		t.Errorf("Content-Type = %q, want text/xml", r.header.Get("Content-Type"))
	}
	if !strings.HasPrefix(r.body, "<?xml ") {
		t.Errorf("XML answer lacks its declaration: %.60s", r.body)
	}
	var x xmlOEmbed
	dec := xml.NewDecoder(bytes.NewReader([]byte(r.body)))
	dec.Strict = true
	if err := dec.Decode(&x); err != nil {
		t.Fatalf("answer is not XML: %v: %s", err, r.body)
	}
	if x.XMLName.Local != "oembed" {
		t.Errorf("XML root = <%s>, want <oembed>", x.XMLName.Local)
	}
	d := oembedDoc{Type: x.Type, Version: x.Version, HTML: x.HTML, URL: x.URL, AuthorName: x.AuthorName,
		AuthorURL: x.AuthorURL, ProviderName: x.ProviderName, ProviderURL: x.ProviderURL,
		Width: x.Width, Height: x.Height, CacheAge: x.CacheAge}
	if (x.ThumbnailURL == nil) != (x.ThumbnailWidth == nil) || (x.ThumbnailWidth == nil) != (x.ThumbnailHeight == nil) {
		t.Errorf("XML thumbnail fields not all or none")
	}
	if d.hasThumb = x.ThumbnailURL != nil; d.hasThumb && x.ThumbnailWidth != nil && x.ThumbnailHeight != nil {
		d.ThumbnailURL, d.ThumbnailWidth, d.ThumbnailHeight = *x.ThumbnailURL, *x.ThumbnailWidth, *x.ThumbnailHeight
	}
	checkCommon(t, d)
	return d
}

// checkCommon checks what every answer holds whatever its format.
func checkCommon(t *testing.T, d oembedDoc) {
	t.Helper()
	if d.Type != "rich" || d.Version != "1.0" {
		t.Errorf("type %q version %q, want rich 1.0", d.Type, d.Version)
	}
	if d.ProviderName != "Roost" || d.ProviderURL != testPublic {
		t.Errorf("provider %q %q", d.ProviderName, d.ProviderURL)
	}
	if d.Width <= 0 || d.Height <= 0 || d.CacheAge <= 0 {
		t.Errorf("width %d height %d cache_age %d, want positive integers", d.Width, d.Height, d.CacheAge)
	}
	if !strings.HasPrefix(d.AuthorURL, testPublic+"/") || !strings.HasPrefix(d.URL, testPublic+"/") {
		t.Errorf("author_url %q url %q are not on the public URL", d.AuthorURL, d.URL)
	}
	if d.hasThumb && (!strings.HasPrefix(d.ThumbnailURL, testPublic+"/media/") || d.ThumbnailWidth <= 0 || d.ThumbnailHeight <= 0) {
		t.Errorf("thumbnail %q %dx%d", d.ThumbnailURL, d.ThumbnailWidth, d.ThumbnailHeight)
	}
}

// testPublic is the public URL of the fixture.
const testPublic = "http://roost.test"

// htmlForm is the markup an answer's html must have.
type htmlForm int

const (
	formScript htmlForm = iota // blockquote or anchor plus the loader
	formOmit                   // the same without the loader
	formIFrame                 // blockquote plus iframe
)

// embedNode is one element of a parsed html value.
type embedNode struct {
	tag   string
	attrs map[string]string
}

// parseEmbedHTML parses an html value as a browser would in a page body.
func parseEmbedHTML(t *testing.T, s string) []embedNode {
	t.Helper()
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(s), body)
	if err != nil {
		t.Fatalf("html does not parse: %v", err)
	}
	var out []embedNode
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			e := embedNode{tag: n.Data, attrs: map[string]string{}}
			for _, a := range n.Attr {
				e.attrs[a.Key] = a.Val
			}
			out = append(out, e)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return out
}

// checkEmbedHTML checks an html value: only the elements the form writes,
// no handlers, only Roost or plain web URLs, the loader exactly when
// wanted, the iframe exactly when asked for, and a link to page.
func checkEmbedHTML(t *testing.T, s string, form htmlForm, page string, width, height int) {
	t.Helper()
	count := map[string]int{}
	linked := false
	for _, e := range parseEmbedHTML(t, s) {
		count[e.tag]++
		switch e.tag {
		case "blockquote", "p", "a", "br", "script", "iframe", "span":
		default:
			t.Errorf("html has an unexpected <%s>", e.tag)
		}
		for k, v := range e.attrs {
			if strings.HasPrefix(k, "on") {
				t.Errorf("<%s> has handler %s=%q", e.tag, k, v)
			}
			if (k == "href" || k == "src") && !strings.HasPrefix(v, testPublic+"/") && !strings.HasPrefix(v, "https://") {
				t.Errorf("<%s %s=%q> is neither Roost nor https", e.tag, k, v)
			}
		}
		if e.tag == "a" && e.attrs["href"] == page {
			linked = true
		}
		checkEmbedElement(t, e, form, width, height)
	}
	if !linked {
		t.Errorf("html does not link to %s: %s", page, s)
	}
	wantScript, wantFrame := map[htmlForm]int{formScript: 1}[form], map[htmlForm]int{formIFrame: 1}[form]
	if count["script"] != wantScript || count["iframe"] != wantFrame {
		t.Errorf("html has %d scripts and %d iframes, want %d and %d: %s", count["script"], count["iframe"], wantScript, wantFrame, s)
	}
}

// checkEmbedElement checks the loader script and the iframe.
func checkEmbedElement(t *testing.T, e embedNode, form htmlForm, width, height int) {
	t.Helper()
	switch e.tag {
	case "script":
		if e.attrs["src"] != testPublic+"/widgets.js" || e.attrs["async"] != "" {
			t.Errorf("script %v, want async %s/widgets.js", e.attrs, testPublic)
		}
		if _, async := e.attrs["async"]; !async {
			t.Error("loader script is not async")
		}
	case "iframe":
		if !strings.HasPrefix(e.attrs["src"], testPublic+"/embed/") || e.attrs["title"] == "" ||
			e.attrs["width"] != itoaInt(width) || e.attrs["height"] != itoaInt(height) {
			t.Errorf("iframe %v: want a Roost src, a title and %dx%d", e.attrs, width, height)
		}
	case "blockquote":
		if form != formIFrame && e.attrs["data-width"] != itoaInt(width) {
			t.Errorf("blockquote data-width = %q, want %d", e.attrs["data-width"], width)
		}
	}
}

func itoaInt(n int) string { return strconv.Itoa(n) }
