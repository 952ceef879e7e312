package demo

import (
	"time"

	"github.com/roost-embed/roost/storage"
)

// postSpec is one demo post. key names it in Summary.SamplePostIDs; replyTo
// and quoteOf name earlier posts by key.
type postSpec struct {
	key, author, text, lang string
	at                      time.Time
	replyTo, quoteOf        string
	pictures                []picture
	likes, reposts, replies int64
	sensitive               bool
	summary                 string
	poll                    *storage.Poll
	card                    *cardSpec
	video                   *videoSpec
}

// cardSpec is a demo link card; its picture becomes the card's image.
type cardSpec struct {
	url, title, description, site string
	picture                       *picture
}

// at returns the demo time day days and hour:minute after Base.
func at(day, hour, minute int) time.Time {
	return Base().Add(time.Duration(day)*24*time.Hour + time.Duration(hour)*time.Hour + time.Duration(minute)*time.Minute)
}

// posts returns the demo posts, oldest first, so every reply and quote
// comes after the post it points at.
func posts() []postSpec {
	out := launchWeek()
	out = append(out, newsroomDays()...)
	out = append(out, lastDays()...)
	out = append(out, richPosts()...)
	return append(out, videoPosts()...)
}

// richPosts are the posts with a link card, an open and a closed poll.
// The open poll ends in 2036, so the demo shows a running poll for years.
func richPosts() []postSpec {
	bridges := picture{wide, "", scene{
		skyTop: rgb{40, 70, 130}, skyLow: rgb{150, 190, 230}, sun: rgb{255, 240, 200}, sunX: 0.7, sunY: 0.3, sunR: 0.07,
		far: rgb{80, 100, 120}, near: rgb{50, 60, 80}, farAmp: 0.08, nearAmp: 0.02, phase: 1.3, horizon: 0.6,
		water: rgb{30, 70, 120}, hasWater: true,
	}}
	return []postSpec{
		{key: "linkcard", author: "ada", at: at(6, 2, 0), likes: 33, reposts: 5, lang: "en",
			text: "Our long read on the city's bridges is up: https://news.example/city/bridges-2026",
			card: &cardSpec{url: "https://news.example/city/bridges-2026", title: "Seven bridges, one river: how the city crosses",
				description: "A century of engineering, told through the seven bridges that hold the old town together.",
				site:        "News Example", picture: &bridges}},
		{key: "pollopen", author: "roost", at: at(6, 3, 0), likes: 12, lang: "en",
			text: "Which widget should we build next? #RoostLaunch",
			poll: &storage.Poll{Options: []storage.PollOption{{Label: "Photo galleries", Votes: 412}, {Label: "Live blogs", Votes: 968},
				{Label: "Event countdowns", Votes: 157}}, EndsAt: time.Date(2036, time.January, 1, 0, 0, 0, 0, time.UTC)}},
		{key: "pollclosed", author: "layla", at: at(6, 4, 0), likes: 20, lang: "ar",
			text: "ما أفضل وقت لقراءة الأخبار؟",
			poll: &storage.Poll{Options: []storage.PollOption{{Label: "الصباح", Votes: 530}, {Label: "المساء", Votes: 221}}, Closed: true}},
	}
}

// launchWeek is the first day and a half: welcome, links, tags, markup.
func launchWeek() []postSpec {
	return []postSpec{
		{key: "welcome", author: "roost", at: at(0, 0, 0), likes: 214, reposts: 38, replies: 9,
			text: "Welcome to Roost 👋 Embeddable posts, timelines and buttons for your own website, served from your own server. Start here: https://roost.example/docs"},
		{key: "plain", author: "ada", at: at(0, 0, 25), likes: 12, lang: "en",
			text: "Good morning from the newsroom. Coffee is on, the build is green, and the river is calm today."},
		{key: "longurl", author: "roost", at: at(0, 1, 10), likes: 31, reposts: 6, lang: "en",
			text: "Read the publisher guide before you embed your first timeline: https://roost.example/docs/embedding/publisher-guide/timelines-and-lists?utm_source=demo&utm_medium=post&utm_campaign=launch-week-2026#height-and-limit"},
		{key: "mentions", author: "roost", at: at(0, 2, 40), likes: 58, reposts: 4, lang: "en",
			text: "Thanks @ada and @layla for testing the new timeline widget all week. #RoostLaunch #OpenWeb"},
		{key: "images1", author: "roost", at: at(0, 4, 5), likes: 320, reposts: 41, replies: 3, lang: "en",
			text:     "Sunrise over the valley this morning 🌄 Images in Roost cards keep their aspect ratio and reserve their space, so nothing jumps while the page loads.",
			pictures: []picture{sunriseValley()}},
		{key: "markdown", author: "roost", at: at(0, 6, 30), likes: 77, reposts: 12, lang: "en",
			text: "#1 rule: *never* trust user input. **Escape** everything, `twice` if you must, and _test_ the final bytes. [this is not a link](javascript:alert(1)) <b>nor is this bold</b>"},
		{key: "cashtags", author: "ada", at: at(0, 8, 15), likes: 19, reposts: 2, lang: "en",
			text: "Markets note for the business desk: $ACME up 4%, $GLOBX flat, $INIT down after the earnings call. Full table at https://news.example/markets"},
		{key: "cafe", author: "ada", at: at(1, 0, 50), likes: 44, replies: 2, lang: "en",
			text: "Best #café near the newsroom? The one with the blue door wins again ☕ #CoffeeBreak"},
	}
}

// newsroomDays covers the middle of the week: languages, emoji, media.
func newsroomDays() []postSpec {
	return []postSpec{
		{key: "arabic", author: "layla", at: at(1, 2, 0), lang: "ar", likes: 87, reposts: 15,
			text: "صباح الخير من غرفة الأخبار! نجرب اليوم أداة Roost لعرض المنشورات على موقعنا، والنص العربي يظهر من اليمين إلى اليسار كما ينبغي. #صحافة"},
		{key: "japanese", author: "roost", at: at(1, 5, 30), lang: "ja", likes: 64, reposts: 9,
			text: "東京支局より：新しい埋め込みウィジェットをテスト中です。ダークモードにも自動で切り替わります。#東京 #ニュース"},
		{key: "emoji", author: "ada", at: at(1, 7, 45), likes: 141, reposts: 7, lang: "en",
			text: "Team offsite scorecard 🏆\n👩🏽‍💻 coders: 3\n👨‍👩‍👧‍👦 families at the picnic: 4\n🏳️‍🌈 🇵🇹 🇯🇵 🇱🇧 🇧🇷 flags on the wall\n❤️‍🔥 energy, 🧑🏿‍🍳 chef's kiss 🤌🏼"},
		{key: "images2", author: "ada", at: at(2, 0, 20), likes: 96, reposts: 11, replies: 1, lang: "en",
			text:     "Two views from the harbour walk: morning and evening. Same bench, twelve hours apart.",
			pictures: harbourWalk()},
		{key: "images3", author: "layla", at: at(2, 3, 0), lang: "ar", likes: 173, reposts: 22,
			text:     "ثلاث صور من رحلة الصحراء: الفجر، والظهيرة، والليل تحت القمر 🌙 #تصوير",
			pictures: desertTrip()},
		{key: "thread1", author: "ada", at: at(2, 6, 10), likes: 52, reposts: 14, replies: 1, lang: "en",
			text: "Thread: how our desk checks a photo before we publish it 🧵 1/2"},
		{key: "thread2", author: "ada", at: at(2, 6, 12), replyTo: "thread1", likes: 40, reposts: 9, lang: "en",
			text: "2/2 We compare the weather that day, the length of the shadows and the skyline. If one does not match, the photo waits. #Verification"},
		{key: "images4", author: "roost", at: at(3, 1, 0), likes: 402, reposts: 66, replies: 5, lang: "en",
			text:     "Four seasons, one hill. Galleries of up to four images lay themselves out without any JavaScript. #Photography",
			pictures: fourSeasons()},
	}
}

// lastDays is the end of the week: the release, its reply, quote and
// reply-to-quote, a sensitive post, and the protected and suspended
// accounts' posts.
func lastDays() []postSpec {
	return []postSpec{
		{key: "sensitive", author: "ada", at: at(3, 5, 0), sensitive: true, summary: "Bright flashes of light", likes: 23, lang: "en",
			text:     "Tonight's storm over the bay, seen from the weather desk's roof camera. Bright flashes in the picture.",
			pictures: []picture{stormSea()}},
		{key: "counts", author: "roost", at: at(4, 0, 0), likes: 1284, reposts: 312, replies: 47, lang: "en",
			text: "Roost 1.0 is out 🎉 Faster cards, dark mode that follows your reader's system, and timelines that work for logged-out visitors. #RoostLaunch https://roost.example/releases/1.0"},
		{key: "reply", author: "ada", at: at(4, 0, 18), replyTo: "counts", likes: 36, replies: 1, lang: "en",
			text: "@roost Congratulations! The automatic dark mode is my favourite part."},
		{key: "quote", author: "ada", at: at(4, 1, 5), quoteOf: "counts", likes: 61, reposts: 8, replies: 1, lang: "en",
			text: "Our live blogs move to Roost embeds next week. Readers without cookies will finally see the whole timeline."},
		{key: "replytoquote", author: "roost", at: at(4, 1, 30), replyTo: "quote", likes: 27, lang: "en",
			text: "@ada Happy to help with the move. Ping us with any questions about $ROOST? Kidding, we are not a stock 😄"},
		{key: "bidi", author: "layla", at: at(4, 3, 0), quoteOf: "counts", lang: "ar", likes: 45, reposts: 6,
			text: "الوضع الداكن في Roost 1.0 يتبع إعدادات جهازك تلقائياً 🌙 شكراً @roost"},
		{key: "tip", author: "roost", at: at(5, 2, 0), likes: 88, reposts: 19, lang: "en",
			text: "Tip: add data-theme=\"auto\" to an embed and it follows your reader's light or dark mode, live, no reload needed. More in the guide: https://roost.example/docs/themes"},
		{key: "reading", author: "ada", at: at(5, 4, 30), likes: 15, lang: "en",
			text: "Today's reading list:\n• https://news.example/city/bridges-2026\n• https://blog.example/why-static-sites\n• https://example.org/open-web-notes"},
		{key: "protected", author: "secret", at: at(5, 6, 0), lang: "en",
			text: "Notes to self: this account is protected, so this post never shows up in a public widget."},
		{key: "suspended", author: "bulkdeals", at: at(5, 7, 0), lang: "en",
			text: "BUY 10,000 FOLLOWERS NOW!!! http://deals.example/cheap"},
		{key: "hashtags", author: "roost", at: at(6, 0, 0), likes: 102, reposts: 25, lang: "en",
			text: "What we care about: #OpenWeb #SelfHosted #Privacy #Accessibility #golang"},
	}
}
