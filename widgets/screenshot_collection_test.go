package widgets

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/roost-embed/roost/storage"
)

// TestCollectionSearchScreenshots screenshots a collection (notes above
// cards, and the grid layout) and a search timeline, light and dark, at
// 550 and 320 px and right-to-left (ROOST_SCREENSHOTS=dir).
func TestCollectionSearchScreenshots(t *testing.T) {
	r, out := screenshotRenderer(t)
	u, av := ada()
	col := &TimelineView{Kind: TimelineCollection, Owner: u, Avatar: av,
		Collection: &storage.Collection{ID: 9, OwnerID: u.ID, Name: "Engine picks", Description: "The best of the week, in order."},
		Items:      []*PostView{typicalPost(t), plainPost(), arabicPost(t)},
		Notes:      []string{"Start with this one", "", "ملاحظة بالعربية"}}
	grid := *col
	grid.Grid = true
	search := &TimelineView{Kind: TimelineSearch, Query: `engines -steam "difference engine"`,
		Items: []*PostView{typicalPost(t), plainPost()}}
	for _, c := range []struct {
		name  string
		tv    *TimelineView
		opts  string
		width int
	}{
		{"collection-light-550", col, "theme=light", 550},
		{"collection-dark-320", col, "theme=dark", 320},
		{"collection-grid-light-550", &grid, "theme=light", 550},
		{"collection-grid-dark-320", &grid, "theme=dark", 320},
		{"collection-grid-ar-light-550", &grid, "theme=light&lang=ar", 550},
		{"search-light-550", search, "theme=light", 550},
		{"search-ar-dark-320", search, "theme=dark&lang=ar", 320},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc, err := r.TimelineDocument(c.tv, tlOpts(c.opts))
			if err != nil {
				t.Fatal(err)
			}
			htmlPath := filepath.Join(t.TempDir(), "timeline.html")
			if err := os.WriteFile(htmlPath, doc, 0o644); err != nil {
				t.Fatal(err)
			}
			screenshot(t, htmlPath, filepath.Join(out, "timeline-"+c.name+".png"), c.width, 1400)
		})
	}
}
