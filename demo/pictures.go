package demo

// Aspect ratios of the demo pictures, small enough to render and encode
// in a few milliseconds each.
const (
	wide   = "16:9"
	photo  = "4:3"
	square = "1:1"
	tall   = "3:4"
)

// picture is one demo image: what to draw, its shape and its alt text.
type picture struct {
	aspect string
	alt    string
	scene  scene
}

// size returns the pixel size of an aspect ratio.
func (p picture) size() (w, h int) {
	switch p.aspect {
	case wide:
		return 800, 450
	case photo:
		return 640, 480
	case tall:
		return 480, 640
	}
	return 560, 560
}

// sunriseValley is the one picture of the single-image post.
func sunriseValley() picture {
	return picture{wide, "Sunrise over a quiet valley: an orange sun rising between two ridges of blue hills under a pink sky.", scene{
		skyTop: rgb{70, 96, 160}, skyLow: rgb{250, 180, 130}, sun: rgb{255, 226, 150}, sunX: 0.5, sunY: 0.62, sunR: 0.12,
		far: rgb{120, 110, 160}, near: rgb{46, 52, 96}, farAmp: 0.18, nearAmp: 0.22, phase: 0.4, horizon: 0.7,
	}}
}

// harbourWalk is the pair of pictures of the two-image post.
func harbourWalk() []picture {
	return []picture{
		{photo, "The harbour in the morning: calm blue water reflecting a pale sun, low green headland on the horizon.", scene{
			skyTop: rgb{60, 130, 210}, skyLow: rgb{175, 215, 245}, sun: rgb{255, 255, 250}, sunX: 0.3, sunY: 0.35, sunR: 0.08,
			far: rgb{90, 140, 120}, near: rgb{60, 110, 90}, farAmp: 0.05, nearAmp: 0, phase: 2.1, horizon: 0.62,
			water: rgb{30, 90, 140}, hasWater: true,
		}},
		{tall, "The harbour in the evening: a red sun setting into the sea, its reflection a golden path on the waves.", scene{
			skyTop: rgb{48, 40, 96}, skyLow: rgb{240, 120, 110}, sun: rgb{255, 190, 120}, sunX: 0.55, sunY: 0.5, sunR: 0.11,
			far: rgb{90, 60, 100}, near: rgb{60, 40, 80}, farAmp: 0.04, nearAmp: 0, phase: 5.2, horizon: 0.56,
			water: rgb{50, 50, 110}, hasWater: true,
		}},
	}
}

// desertTrip is the three pictures of the three-image post.
func desertTrip() []picture {
	sand, shadow := rgb{226, 170, 110}, rgb{180, 110, 70}
	return []picture{
		{square, "Sand dunes at dawn, soft orange curves under a violet sky.", scene{
			skyTop: rgb{110, 90, 160}, skyLow: rgb{250, 190, 150}, sun: rgb{255, 226, 150}, sunX: 0.75, sunY: 0.5, sunR: 0.07,
			far: sand, near: shadow, farAmp: 0.12, nearAmp: 0.2, phase: 1.1, horizon: 0.62,
		}},
		{photo, "Dunes at noon under a deep blue sky with a small rgb{255, 255, 250} sun.", scene{
			skyTop: rgb{60, 130, 210}, skyLow: rgb{175, 215, 245}, sun: rgb{255, 255, 250}, sunX: 0.2, sunY: 0.18, sunR: 0.05,
			far: rgb{236, 196, 130}, near: sand, farAmp: 0.1, nearAmp: 0.15, phase: 3.3, horizon: 0.66,
		}},
		{wide, "The desert at night: a full rgb{235, 235, 220} and scattered stars above dark dunes.", scene{
			skyTop: rgb{8, 14, 40}, skyLow: rgb{36, 52, 100}, sun: rgb{235, 235, 220}, sunX: 0.7, sunY: 0.25, sunR: 0.08,
			far: rgb{40, 44, 70}, near: rgb{20, 22, 40}, farAmp: 0.1, nearAmp: 0.16, phase: 4.4, horizon: 0.7, stars: true,
		}},
	}
}

// fourSeasons is the four pictures of the four-image post.
func fourSeasons() []picture {
	return []picture{
		{square, "Spring: bright green hills under a clear blue sky.", scene{
			skyTop: rgb{60, 130, 210}, skyLow: rgb{175, 215, 245}, sun: rgb{255, 255, 250}, sunX: 0.78, sunY: 0.2, sunR: 0.07,
			far: rgb{120, 190, 110}, near: rgb{60, 150, 70}, farAmp: 0.15, nearAmp: 0.18, phase: 0.9, horizon: 0.64,
		}},
		{wide, "Summer: a high sun glittering on a turquoise sea.", scene{
			skyTop: rgb{40, 120, 220}, skyLow: rgb{160, 220, 250}, sun: rgb{255, 255, 250}, sunX: 0.5, sunY: 0.22, sunR: 0.07,
			far: rgb{70, 140, 130}, near: rgb{40, 110, 100}, farAmp: 0.03, nearAmp: 0, phase: 2.5, horizon: 0.58,
			water: rgb{20, 140, 170}, hasWater: true,
		}},
		{photo, "Autumn: rolling orange and rust hills at golden hour.", scene{
			skyTop: rgb{90, 110, 170}, skyLow: rgb{250, 200, 140}, sun: rgb{255, 226, 150}, sunX: 0.25, sunY: 0.55, sunR: 0.09,
			far: rgb{210, 120, 60}, near: rgb{150, 70, 40}, farAmp: 0.14, nearAmp: 0.2, phase: 3.9, horizon: 0.68,
		}},
		{tall, "Winter: pale snowy peaks under a cold grey-blue sky.", scene{
			skyTop: rgb{130, 150, 180}, skyLow: rgb{220, 228, 238}, sun: rgb{255, 255, 250}, sunX: 0.6, sunY: 0.3, sunR: 0.06,
			far: rgb{236, 240, 248}, near: rgb{190, 205, 225}, farAmp: 0.22, nearAmp: 0.16, phase: 5.9, horizon: 0.66,
		}},
	}
}

// stormSea is the picture behind the sensitive post's content warning.
func stormSea() picture {
	return picture{wide, "A storm over the sea: dark purple clouds, a harsh rgb{255, 255, 250} flash on the horizon and rough grey water.", scene{
		skyTop: rgb{30, 28, 44}, skyLow: rgb{96, 92, 120}, sun: rgb{255, 250, 255}, sunX: 0.35, sunY: 0.5, sunR: 0.05,
		far: rgb{50, 48, 70}, near: rgb{30, 30, 46}, farAmp: 0.04, nearAmp: 0, phase: 1.3, horizon: 0.6,
		water: rgb{60, 66, 80}, hasWater: true,
	}}
}
