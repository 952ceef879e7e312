package widgets

import (
	"crypto/sha256"
	"encoding/base64"
	"strings"
	"testing"
)

// TestButtonsCarryFrameScript checks that every button kind and the share
// bar carry the frame script byte for byte, that their CSP allows exactly
// their inline scripts by hash, and that their top element is the wrapper
// whose size the frame script reports.
func TestButtonsCarryFrameScript(t *testing.T) {
	r := newTestRenderer(t)
	hash := func(s string) string {
		sum := sha256.Sum256([]byte(s))
		return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	type doc struct {
		body    []byte
		csp     string
		scripts []string
		top     string // class of the body's first element
	}
	docs := map[string]doc{}
	for _, kind := range []string{ButtonShare, ButtonFollow, ButtonMention, ButtonHashtag, ButtonMessage} {
		o, _ := ParseButtonOptions(kind, opts(map[string]string{"screen_name": "ada", "button_hashtag": "go", "show_count": "true"}))
		b, err := r.ButtonDocument(o, 7)
		if err != nil {
			t.Fatal(err)
		}
		docs[kind] = doc{b, r.ButtonCSP(), []string{string(r.ButtonFrameScript())}, "w"}
	}
	bar, err := r.SharebarDocument(ParseSharebarOptions(opts(map[string]string{"url": "https://e.com/"})))
	if err != nil {
		t.Fatal(err)
	}
	docs["sharebar"] = doc{bar, r.SharebarCSP(), []string{string(r.SharebarScript()), string(r.kit.frame)}, "sb"}
	for name, d := range docs {
		t.Run(name, func(t *testing.T) {
			p := parseDoc(t, d.body)
			if strings.Join(p.scripts, "\n") != strings.Join(d.scripts, "\n") {
				t.Errorf("scripts = %.80q, want %d (the frame script last)", p.scripts, len(d.scripts))
			}
			var want []string
			for _, s := range d.scripts {
				want = append(want, hash(s))
			}
			if !strings.Contains(d.csp, "script-src "+strings.Join(want, " ")+";") {
				t.Errorf("CSP %q does not allow exactly the inline scripts %v", d.csp, want)
			}
			if top := firstBodyClass(p); top != d.top {
				t.Errorf("body's first element has class %q, want %q (the element the frame measures)", top, d.top)
			}
		})
	}
}

// firstBodyClass returns the class of the first element after <body>.
func firstBodyClass(p parsedDoc) string {
	for i, e := range p.elems {
		if e.tag == "body" && i+1 < len(p.elems) {
			c, _ := attr(p.elems[i+1], "class")
			return c
		}
	}
	return ""
}
