package demo

import (
	"time"

	"github.com/roost-embed/roost/storage"
)

// userSpec is one demo account and how its avatar looks (no avatar when
// initials is empty).
type userSpec struct {
	user     storage.User
	initials string
	from, to rgb
	created  time.Time
}

// users returns the demo accounts in creation order.
func users() []userSpec {
	joined := func(days int) time.Time { return Base().AddDate(0, 0, -days) }
	return []userSpec{
		{storage.User{
			Handle: "roost", Name: "Roost", Verified: true, Platform: storage.PlatformNative,
			Bio:            "Embeddable posts, timelines and buttons for your own website. Self-hosted, fast, private by default. #OpenWeb",
			URL:            "https://roost.example",
			Location:       "The open web",
			FollowersCount: 12480, FollowingCount: 12,
		}, "R", rgb{255, 140, 60}, rgb{220, 60, 90}, joined(120)},
		{storage.User{
			Handle: "ada", Name: "Ada Reporter", Platform: storage.PlatformNative,
			Bio:            "Reporter at the city desk. Weather, transport and the people who keep the lights on. Tips welcome.",
			URL:            "https://news.example/ada",
			Location:       "Harbour City",
			FollowersCount: 3821, FollowingCount: 406,
		}, "AR", rgb{60, 130, 230}, rgb{110, 60, 200}, joined(90)},
		{storage.User{
			Handle: "layla", Name: "ليلى حداد", Platform: storage.PlatformNative,
			Bio:            "محررة في القسم العربي. أكتب عن المدن والصحراء والتقنية.",
			Location:       "مدينة الميناء",
			FollowersCount: 2150, FollowingCount: 311,
		}, "LH", rgb{30, 170, 140}, rgb{20, 100, 150}, joined(80)},
		{storage.User{
			Handle: "secret", Name: "Private Notes", Protected: true, Platform: storage.PlatformNative,
			Bio:            "A protected account: its posts never appear in public widgets.",
			FollowersCount: 3, FollowingCount: 2,
		}, "PN", rgb{120, 120, 140}, rgb{70, 70, 90}, joined(60)},
		{storage.User{
			Handle: "bulkdeals", Name: "Suspended Account", Suspended: true, Platform: storage.PlatformNative,
			FollowersCount: 0, FollowingCount: 4999,
		}, "", rgb{}, rgb{}, joined(10)},
	}
}
