package demo

import (
	"image"
	"math"
)

// avatarSize is the side of every demo avatar, in pixels.
const avatarSize = 256

// glyphScale is how many pixels one dot of the 5×7 font takes.
const glyphScale = 11

// font5x7 holds the capital letters A–Z, seven rows of five dots each, one
// letter after another. It is enough for initials without a font file.
const font5x7 = "" +
	".###.#...##...#######...##...##...#" + // A
	"####.#...##...#####.#...##...#####." + // B
	".###.#...##....#....#....#...#.###." + // C
	"####.#...##...##...##...##...#####." + // D
	"######....#....####.#....#....#####" + // E
	"######....#....####.#....#....#...." + // F
	".###.#...##....#.####...##...#.####" + // G
	"#...##...##...#######...##...##...#" + // H
	".###...#....#....#....#....#...###." + // I
	"..###...#....#....#....#.#..#..##.." + // J
	"#...##..#.#.#..##...#.#..#..#.#...#" + // K
	"#....#....#....#....#....#....#####" + // L
	"#...###.###.#.##.#.##...##...##...#" + // M
	"#...##...###..##.#.##..###...##...#" + // N
	".###.#...##...##...##...##...#.###." + // O
	"####.#...##...#####.#....#....#...." + // P
	".###.#...##...##...##.#.##..#..##.#" + // Q
	"####.#...##...#####.#.#..#..#.#...#" + // R
	".#####....#.....###.....#....#####." + // S
	"#####..#....#....#....#....#....#.." + // T
	"#...##...##...##...##...##...#.###." + // U
	"#...##...##...##...##...#.#.#...#.." + // V
	"#...##...##...##.#.##.#.##.#.#.#.#." + // W
	"#...##...#.#.#...#...#.#.#...##...#" + // X
	"#...##...#.#.#...#....#....#....#.." + // Y
	"#####....#...#...#...#...#....#####" // Z

// dot reports whether the 5×7 glyph of letter r has its dot at (col, row).
// Letters outside A–Z draw nothing.
func dot(r rune, col, row int) bool {
	if r < 'A' || r > 'Z' {
		return false
	}
	return font5x7[int(r-'A')*35+row*5+col] == '#'
}

// avatar draws a round avatar: a diagonal two-colour gradient disc on a
// transparent background with the initials in white, centred.
func avatar(initials string, from, to rgb) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, avatarSize, avatarSize))
	letters := []rune(initials)
	textW := (len(letters)*6 - 1) * glyphScale
	left, top := (avatarSize-textW)/2, (avatarSize-7*glyphScale)/2
	for y := 0; y < avatarSize; y++ {
		for x := 0; x < avatarSize; x++ {
			alpha := discCoverage(x, y)
			if alpha == 0 {
				continue
			}
			c := mix(from, to, float64(x+y)/(2*avatarSize))
			if inText(letters, x-left, y-top) {
				c = rgb{255, 255, 255}
			}
			i := img.PixOffset(x, y)
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = clamp8(c.r), clamp8(c.g), clamp8(c.b), clamp8(alpha*255)
		}
	}
	return img
}

// discCoverage is how much of pixel (x, y) lies inside the avatar's
// circle, with a one-pixel soft edge.
func discCoverage(x, y int) float64 {
	c := float64(avatarSize) / 2
	d := math.Hypot(float64(x)+0.5-c, float64(y)+0.5-c)
	return clamp01(c - d)
}

// inText reports whether the point (x, y), relative to the text's top-left
// corner, falls on a dot of one of the letters.
func inText(letters []rune, x, y int) bool {
	if x < 0 || y < 0 {
		return false
	}
	col, row := x/glyphScale, y/glyphScale
	if row >= 7 || col%6 == 5 || col/6 >= len(letters) {
		return false
	}
	return dot(letters[col/6], col%6, row)
}
