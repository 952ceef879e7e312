package widgets

import (
	"context"
	"hash/fnv"
	"image"
	"image/color"
	"image/png"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// chromiumPath is Debian's chromium, installed by the CI script.
const chromiumPath = "/usr/bin/chromium"

// screenshotRenderer skips unless ROOST_SCREENSHOTS names an output
// directory and chromium is installed; it creates the directory and
// returns a renderer whose pictures a local server answers.
func screenshotRenderer(t *testing.T) (*Renderer, string) {
	t.Helper()
	out := os.Getenv("ROOST_SCREENSHOTS")
	if out == "" {
		t.Skip("set ROOST_SCREENSHOTS=dir to write screenshots")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Skipf("chromium not installed: %v", err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(servePicture))
	t.Cleanup(srv.Close)
	r, err := NewRenderer(Config{PublicURL: srv.URL, Templates: os.DirFS("../templates"), Assets: os.DirFS("../assets"), Locales: os.DirFS("../locales")})
	if err != nil {
		t.Fatal(err)
	}
	r.now = func() time.Time { return testNow }
	return r, out
}

// TestScreenshots renders golden cases and screenshots them in headless
// chromium at 550 and 320 px, light and dark and Arabic, for a human to
// look at. It runs only when ROOST_SCREENSHOTS names an output directory and
// chromium is installed; it fails if chromium fails or writes no image.
func TestScreenshots(t *testing.T) {
	r, out := screenshotRenderer(t)
	cases := renderCases(t)
	for _, shot := range screenshotPlan() {
		t.Run(shot.name, func(t *testing.T) {
			c := cases[shot.caseName]
			if shot.theme != "" {
				c.opts.Theme = shot.theme
			}
			doc, err := r.PostDocument(c.view, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			htmlPath := filepath.Join(t.TempDir(), "card.html")
			if err := os.WriteFile(htmlPath, doc, 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(out, shot.name+".png")
			screenshot(t, htmlPath, out, shot.width, shot.height)
		})
	}
}

// TestTimelineScreenshots screenshots a timeline that draws every icon
// (badge in the header and cards, mark, reply, repost, like, and the info
// icon of a quoted tombstone) in light and dark, under ROOST_SCREENSHOTS
// like TestScreenshots.
func TestTimelineScreenshots(t *testing.T) {
	r, out := screenshotRenderer(t)
	tv := profileTimeline(t)
	tv.Items = append(tv.Items, replyPost(visibleParent()), quotePost(t, &PostView{State: StateProtected}))
	tv.Items[2].Author.Verified = false // one card without the badge
	for _, theme := range []string{ThemeLight, ThemeDark} {
		t.Run(theme, func(t *testing.T) {
			doc, err := r.TimelineDocument(tv, tlOpts("show_replies=1&theme="+theme))
			if err != nil {
				t.Fatal(err)
			}
			htmlPath := filepath.Join(t.TempDir(), "timeline.html")
			if err := os.WriteFile(htmlPath, doc, 0o644); err != nil {
				t.Fatal(err)
			}
			screenshot(t, htmlPath, filepath.Join(out, "timeline-icons-"+theme+"-550.png"), 550, 2400)
		})
	}
}

// shot is one screenshot: a golden case, a theme override and a window size.
type shot struct {
	name, caseName, theme string
	width, height         int
}

func screenshotPlan() []shot {
	var plan []shot
	for _, c := range []string{"typical", "entities", "images_2", "images_3", "images_4", "quote", "reply", "sensitive", "content_warn", "tomb_403", "quote_tomb_410", "no_avatar"} {
		for _, theme := range []string{ThemeLight, ThemeDark} {
			plan = append(plan, shot{c + "-" + theme + "-550", c, theme, 550, 760})
		}
	}
	plan = append(plan,
		shot{"typical-light-320", "typical", ThemeLight, 320, 700},
		shot{"typical-dark-320", "typical", ThemeDark, 320, 700},
		shot{"lang_ar-light-550", "lang_ar", ThemeLight, 550, 500},
		shot{"lang_ar-dark-320", "lang_ar", ThemeDark, 320, 560},
		shot{"lang_ja-light-550", "lang_ja", ThemeLight, 550, 760},
		shot{"emoji_cjk-light-550", "emoji_cjk", ThemeLight, 550, 400},
		shot{"width_mid-light-550", "width_mid", ThemeLight, 550, 760},
		shot{"colors-light-550", "colors", ThemeLight, 550, 760},
	)
	return append(plan, richShots()...)
}

// richShots covers every poll and link-card kind: light and dark at 550
// and 320 px, and the Arabic cases.
func richShots() []shot {
	var plan []shot
	for _, c := range []string{"poll_open", "poll_closed", "card_large", "card_small", "card_text", "quote_with_poll",
		"video", "gif", "video_hidden", "quote_with_video"} {
		for _, theme := range []string{ThemeLight, ThemeDark} {
			plan = append(plan, shot{c + "-" + theme + "-550", c, theme, 550, 760}, shot{c + "-" + theme + "-320", c, theme, 320, 760})
		}
	}
	for _, c := range []string{"poll_ar", "card_ar", "video_ar"} {
		plan = append(plan, shot{c + "-light-550", c, ThemeLight, 550, 760}, shot{c + "-dark-320", c, ThemeDark, 320, 760})
	}
	return plan
}

// servePicture answers every media URL with a generated gradient picture,
// so screenshots show images; its hues come from the path, stable per image.
func servePicture(w http.ResponseWriter, req *http.Request) {
	if strings.Contains(req.URL.Path, "img9401") {
		http.NotFound(w, req) // one image stays broken: the no-image look
		return
	}
	h := fnv.New32a()
	h.Write([]byte(req.URL.Path))
	seed := h.Sum32()
	width, height := 600, 400
	if strings.Contains(req.URL.Path, "avatar") {
		width, height = 96, 96
	}
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	a := color.RGBA{uint8(seed), uint8(seed >> 8), uint8(seed >> 16), 255}
	b := color.RGBA{255 - a.R/2, 200 - a.G/3, 120 + a.B/3, 255}
	for y := 0; y < height; y++ {
		for x := 0; x < width; x++ {
			f := float64(x+y) / float64(width+height)
			img.Set(x, y, color.RGBA{mix(a.R, b.R, f), mix(a.G, b.G, f), mix(a.B, b.B, f), 255})
		}
	}
	w.Header().Set("Content-Type", "image/png")
	_ = png.Encode(w, img)
}

func mix(a, b uint8, f float64) uint8 { return uint8(float64(a)*(1-f) + float64(b)*f) }

// screenshot runs headless chromium on a file URL and checks the PNG exists.
func screenshot(t *testing.T, htmlPath, out string, w, h int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, chromiumPath, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-component-update", "--no-first-run", "--hide-scrollbars",
		"--user-data-dir="+t.TempDir(), "--window-size="+strconv.Itoa(w)+","+strconv.Itoa(h),
		"--screenshot="+out, "file://"+htmlPath)
	if outp, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, outp)
	}
	if st, err := os.Stat(out); err != nil || st.Size() == 0 {
		t.Fatalf("no screenshot at %s: %v", out, err)
	}
}

// TestButtonScreenshots screenshots every button case (sizes, themes,
// Arabic and Japanese) under ROOST_SCREENSHOTS, each in a 300 px iframe on
// one grey page, as a publisher's page frames them (a top-level document
// in a tiny headless window lays RTL content out past the window's edge).
func TestButtonScreenshots(t *testing.T) {
	r, out := screenshotRenderer(t)
	dir := t.TempDir()
	cases := buttonCases()
	names := slices.Sorted(maps.Keys(cases))
	page := "<!doctype html><body style='margin:8px;background:#ddd;font:12px sans-serif'>"
	for _, name := range names {
		c := cases[name]
		o, _ := ParseButtonOptions(c.kind, opts(c.q))
		doc, err := r.ButtonDocument(o, c.count)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".html"), doc, 0o644); err != nil {
			t.Fatal(err)
		}
		page += "<div>" + name + "</div><iframe src='" + name + ".html' style='border:0;width:300px;height:30px'></iframe>"
	}
	if err := os.WriteFile(filepath.Join(dir, "page.html"), []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	screenshot(t, filepath.Join(dir, "page.html"), filepath.Join(out, "buttons.png"), 340, 60+len(names)*48)
}
