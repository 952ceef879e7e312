package widgets

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/tdewolff/minify/v2"
)

// rawRenderer is the test renderer with document minification replaced by
// a copy, so every document method returns the template's own bytes.
func rawRenderer(t *testing.T) *Renderer {
	t.Helper()
	r := newTestRenderer(t)
	r.min.docs = minify.New()
	r.min.docs.AddFunc("text/html", func(_ *minify.M, w io.Writer, rd io.Reader, _ map[string]string) error {
		_, err := io.Copy(w, rd)
		return err
	})
	return r
}

// docFunc renders one document with a renderer.
type docFunc func(t *testing.T, r *Renderer) []byte

// everyDocument lists every golden document (post, timeline, button,
// share bar, intent, page, oEmbed html, configurator) plus each kind
// rendered with hostile content, by name.
func everyDocument(t *testing.T) map[string]docFunc {
	out := map[string]docFunc{}
	must := func(b []byte, err error) []byte {
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for name, c := range renderCases(t) {
		out["post/"+name] = func(t *testing.T, r *Renderer) []byte { return must(r.PostDocument(c.view, c.opts)) }
	}
	for name, c := range timelineCases(t) {
		out["timeline/"+name] = func(t *testing.T, r *Renderer) []byte { return must(r.TimelineDocument(c.view, c.opts)) }
	}
	for name, c := range buttonCases() {
		out["button/"+name] = func(t *testing.T, r *Renderer) []byte {
			o, _ := ParseButtonOptions(c.kind, opts(c.q))
			return must(r.ButtonDocument(o, c.count))
		}
	}
	for name, q := range sharebarCases() {
		out["sharebar/"+name] = func(t *testing.T, r *Renderer) []byte { return must(r.SharebarDocument(ParseSharebarOptions(opts(q)))) }
	}
	for name, v := range intentCases(t) {
		out["intent/"+name] = func(t *testing.T, r *Renderer) []byte { return must(r.IntentPage(v)) }
	}
	for name, c := range pageAndEmbedCases() {
		out["page/"+name] = func(t *testing.T, r *Renderer) []byte { return must(c(t, r)) }
	}
	for i, p := range hostilePayloads() {
		v := hostileView(p)
		q := map[string]string{"text": p, "url": p, "hashtags": p, "via": p, "screen_name": p, "title": p,
			"button_hashtag": p, "link_color": p, "border_color": p, "instance": p}
		key := fmt.Sprintf("hostile/%02d", i)
		out[key+"/post"] = func(t *testing.T, r *Renderer) []byte { return must(r.PostDocument(v, ParsePostOptions(opts(q)))) }
		for tl, tv := range hostileTimelines(p) {
			out[key+"/timeline-"+tl] = func(t *testing.T, r *Renderer) []byte {
				return must(r.TimelineDocument(tv, ParseTimelineOptions(opts(q))))
			}
		}
		for _, kind := range []string{ButtonShare, ButtonFollow, ButtonMention, ButtonHashtag, ButtonMessage} {
			out[key+"/button-"+kind] = func(t *testing.T, r *Renderer) []byte {
				o, _ := ParseButtonOptions(kind, opts(q))
				return must(r.ButtonDocument(o, 3))
			}
		}
		out[key+"/sharebar"] = func(t *testing.T, r *Renderer) []byte { return must(r.SharebarDocument(ParseSharebarOptions(opts(q)))) }
		out[key+"/intent"] = func(t *testing.T, r *Renderer) []byte {
			o, _ := ParseIntentOptions(IntentPost, opts(q))
			return must(r.IntentPage(IntentView{Options: o, State: StateVisible}))
		}
		out[key+"/page"] = func(t *testing.T, r *Renderer) []byte { return must(r.PostPage(v, "en")) }
		out[key+"/publish"] = func(t *testing.T, r *Renderer) []byte {
			tgt := PublishTarget{Post: v, PageURL: testPublicURL + "/x/status/1", ScreenName: p, Hashtag: p}
			o := ParsePublishOptions(opts(q), tgt)
			e, _ := r.PublishEmbed(tgt, o)
			return must(r.PublishPageHTML(&PublishPage{URL: p, State: "ok", Message: p, Summary: p, Opts: o, Embed: e}))
		}
	}
	return out
}

// fullStructure is the tag and attribute sequence of a document with the
// decoded values of the attributes that carry URLs or script: the
// minifier may drop quotes and whitespace, never an element, attribute or
// link target.
func fullStructure(p parsedDoc) string {
	var b strings.Builder
	for _, e := range p.elems {
		b.WriteString("<" + e.tag)
		for _, a := range e.attrs {
			if defaultDropped(e.tag, a) {
				continue
			}
			b.WriteString(" " + a[0])
			switch a[0] {
			case "href", "src", "action", "formaction", "target", "rel", "http-equiv", "type", "name":
				b.WriteString("=" + strings.TrimSpace(a[1]))
			}
		}
		b.WriteString(">")
	}
	return b.String()
}

// defaultDropped reports the attributes tdewolff's minifier removes
// because they state the HTML default (<input type=text>, <form
// method=get>, <button type=submit>, <input value="">). The DOM behaves the same; TestNoSelectorOnDroppedDefaults
// makes sure no style sheet selects on them.
func defaultDropped(tag string, a [2]string) bool {
	v := strings.ToLower(strings.TrimSpace(a[1]))
	return tag == "input" && a[0] == "type" && v == "text" || tag == "form" && a[0] == "method" && v == "get" ||
		tag == "button" && a[0] == "type" && v == "submit" || tag == "input" && a[0] == "value" && v == ""
}

// TestNoSelectorOnDroppedDefaults fails if a style sheet selects on an
// attribute the minifier drops, which would make minified pages look
// different from the templates.
func TestNoSelectorOnDroppedDefaults(t *testing.T) {
	sheets, err := filepath.Glob("../assets/*.css")
	if err != nil || len(sheets) == 0 {
		t.Fatalf("no style sheets found (%v)", err)
	}
	for _, name := range sheets {
		css, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		low := strings.ToLower(strings.ReplaceAll(string(css), " ", ""))
		for _, sel := range []string{"[type=text]", `[type="text"]`, "[method", "[type='text']", "[type=submit]", `[type="submit"]`, "[value]"} {
			if strings.Contains(low, sel) {
				t.Errorf("%s selects on %s, which minification removes", name, sel)
			}
		}
	}
}

// TestMinifyKeepsStructureOfEveryDocument renders every golden document and
// a hostile variant of every document kind twice, minified and not, and
// compares their tokenised structure.
func TestMinifyKeepsStructureOfEveryDocument(t *testing.T) {
	minified, raw := newTestRenderer(t), rawRenderer(t)
	docs := everyDocument(t)
	names := make([]string, 0, len(docs))
	for n := range docs {
		names = append(names, n)
	}
	sort.Strings(names)
	kinds := map[string]int{}
	for _, name := range names {
		a, b := docs[name](t, raw), docs[name](t, minified)
		if len(b) >= len(a) && strings.HasPrefix(strings.ToLower(string(a)), "<!doctype") {
			t.Errorf("%s: minified %d bytes from %d: the minifier did not run", name, len(b), len(a))
		}
		if got, want := fullStructure(parseDoc(t, b)), fullStructure(parseDoc(t, a)); got != want {
			i := firstDiff([]byte(got), []byte(want))
			t.Errorf("%s: minified structure differs at %d:\n got …%s…\nwant …%s…", name, i, excerpt([]byte(got), i), excerpt([]byte(want), i))
		}
		kinds[strings.SplitN(name, "/", 2)[0]]++
	}
	if len(names) < 100 || kinds["timeline"] == 0 || kinds["button"] == 0 || kinds["page"] == 0 || kinds["intent"] == 0 {
		t.Errorf("only %d documents checked (%v): a case list went missing", len(names), kinds)
	}
	t.Logf("%d documents compared: %v", len(names), kinds)
}
