package widgets

import (
	"bytes"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
)

// TestLoaderBuilt checks the loader built at start: its codings decode to
// the minified script, its name carries its hash, it stays within budget,
// and it holds none of the constructs a strict page CSP would block.
func TestLoaderBuilt(t *testing.T) {
	l := newTestRenderer(t).Loader()
	if !regexp.MustCompile(`^widgets\.[0-9a-f]{12}\.js$`).MatchString(l.Name) {
		t.Errorf("Name = %q, want widgets.<12 hex>.js", l.Name)
	}
	if !regexp.MustCompile(`^"[0-9a-f]{32}"$`).MatchString(l.ETag) || l.ETag[1:13] != l.Name[8:20] {
		t.Errorf("ETag %q does not match Name %q", l.ETag, l.Name)
	}
	gz, err := gzip.NewReader(bytes.NewReader(l.Gzip))
	if err != nil {
		t.Fatal(err)
	}
	for coding, rd := range map[string]io.Reader{"gzip": gz, "br": brotli.NewReader(bytes.NewReader(l.Brotli))} {
		got, err := io.ReadAll(rd)
		if err != nil || !bytes.Equal(got, l.Identity) {
			t.Errorf("%s body does not decode to the script (err %v)", coding, err)
		}
	}
	if len(l.Brotli) > MaxLoaderBrotli {
		t.Errorf("loader is %d bytes brotli, over %d", len(l.Brotli), MaxLoaderBrotli)
	}
	t.Logf("loader: %d raw, %d gzip, %d brotli (target 1536, goal 1024)", len(l.Identity), len(l.Gzip), len(l.Brotli))
	for _, banned := range []string{"eval(", "Function(", "innerHTML", "outerHTML", "document.write", "setAttribute(\"on", "javascript:"} {
		if bytes.Contains(l.Identity, []byte(banned)) {
			t.Errorf("loader contains %q", banned)
		}
	}
}

// TestFrameScriptSpeaksBothProtocols checks that the minified frame script
// still carries Roost's and WordPress's message shapes and the time
// rewriting (frametime.js), within their budgets.
func TestFrameScriptSpeaksBothProtocols(t *testing.T) {
	js := string(newTestRenderer(t).FrameScript())
	if len(js) > maxFrameScript+1+maxTimeScript {
		t.Errorf("frame script is %d bytes, over %d", len(js), maxFrameScript+1+maxTimeScript)
	}
	for _, want := range []string{`"roost:height"`, `"roost:click"`, `message:"height"`, `message:"link"`, `"ready"`, "secret", "responseStatus", "ResizeObserver", "time", "unitDisplay"} {
		if !bytes.Contains([]byte(js), []byte(want)) {
			t.Errorf("frame script lacks %s", want)
		}
	}
	t.Logf("frame script: %d bytes minified", len(js))
}

// TestButtonFrameScriptSpeaksLoaderProtocol checks that the buttons' cut-down
// frame script carries the loader's message shapes (size with width and
// status, clicks), not WordPress's, within its budget.
func TestButtonFrameScriptSpeaksLoaderProtocol(t *testing.T) {
	js := string(newTestRenderer(t).ButtonFrameScript())
	if len(js) > maxButtonFrameScript {
		t.Errorf("button frame script is %d bytes, over %d", len(js), maxButtonFrameScript)
	}
	for _, want := range []string{`"roost:height"`, `"roost:click"`, "width:", "responseStatus", "ResizeObserver", "firstElementChild"} {
		if !strings.Contains(js, want) {
			t.Errorf("button frame script lacks %s", want)
		}
	}
	if strings.Contains(js, "secret") {
		t.Error("button frame script speaks WordPress's protocol: buttons are never in wp-embed")
	}
	t.Logf("button frame script: %d bytes minified", len(js))
}
