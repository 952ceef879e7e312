package demo

import (
	"strings"
	"testing"
)

func TestFont(t *testing.T) {
	if len(font5x7) != 26*35 {
		t.Fatalf("font holds %d dots, want 26 letters × 35", len(font5x7))
	}
	// The crossbar of H is its fourth row, all five dots.
	var row strings.Builder
	for col := 0; col < 5; col++ {
		if dot('H', col, 3) {
			row.WriteByte('#')
		} else {
			row.WriteByte('.')
		}
	}
	if row.String() != "#####" {
		t.Errorf("H row 3 = %q, want #####", row.String())
	}
	if dot('a', 0, 0) || dot('é', 2, 2) {
		t.Error("letters outside A–Z draw dots")
	}
}

func TestAvatar(t *testing.T) {
	img := avatar("AR", rgb{255, 0, 0}, rgb{0, 0, 255})
	tests := map[string]struct {
		x, y      int
		wantAlpha uint8
		white     bool
	}{
		"corner is transparent": {0, 0, 0, false},
		"edge is opaque":        {avatarSize / 2, 4, 255, false},
		// The top-left dot of "A" is blank; its top row starts at column 1.
		"A top row is white": {(avatarSize-11*glyphScale)/2 + glyphScale + 1, (avatarSize-7*glyphScale)/2 + 1, 255, true},
	}
	for name, tt := range tests {
		c := img.NRGBAAt(tt.x, tt.y)
		isWhite := c.R == 255 && c.G == 255 && c.B == 255
		if c.A != tt.wantAlpha || isWhite != tt.white {
			t.Errorf("%s: pixel (%d,%d) = %v, want alpha %d white %v", name, tt.x, tt.y, c, tt.wantAlpha, tt.white)
		}
	}
}
