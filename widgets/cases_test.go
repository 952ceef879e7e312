package widgets

import (
	"net/url"
	"testing"

	"github.com/roost-embed/roost/storage"
)

// renderCase is one golden document: a view and the options it renders with.
type renderCase struct {
	view *PostView
	opts PostOptions
}

// withOpts returns the default options changed by set.
func withOpts(set func(*PostOptions)) PostOptions {
	o := DefaultPostOptions()
	if set != nil {
		set(&o)
	}
	return o
}

// renderCases builds every golden case by name. Ids and times are fixed so
// the bytes are stable.
func renderCases(tb testing.TB) map[string]renderCase {
	def := DefaultPostOptions()
	cases := map[string]renderCase{
		"plain":          {plainPost(), def},
		"typical":        {typicalPost(tb), def},
		"entities":       {entityPost(tb), def},
		"emoji_cjk":      {emojiCJKPost(tb), def},
		"arabic_rtl":     {arabicPost(tb), def},
		"images_1":       {imagesPost(1), def},
		"images_2":       {imagesPost(2), def},
		"images_3":       {imagesPost(3), def},
		"images_4":       {imagesPost(4), def},
		"images_hidden":  {imagesPost(2), withOpts(func(o *PostOptions) { o.HideMedia = true })},
		"sensitive":      {sensitivePost(false), def},
		"content_warn":   {sensitivePost(true), def},
		"quote":          {quotePost(tb, visibleQuoted()), def},
		"reply":          {replyPost(visibleParent()), def},
		"reply_nothread": {replyPost(visibleParent()), withOpts(func(o *PostOptions) { o.HideThread = true })},
		"tomb_404":       {&PostView{State: StateDeleted}, def},
		"tomb_403":       {&PostView{State: StateProtected}, def},
		"tomb_410":       {&PostView{State: StateSuspended}, def},
		"quote_tomb_403": {quotePost(tb, &PostView{State: StateProtected}), def},
		"quote_tomb_410": {quotePost(tb, &PostView{State: StateSuspended}), def},
		"reply_tomb_404": {replyPost(&PostView{State: StateDeleted}), def},
		"theme_light":    {typicalPost(tb), withOpts(func(o *PostOptions) { o.Theme = ThemeLight })},
		"theme_dark":     {typicalPost(tb), withOpts(func(o *PostOptions) { o.Theme = ThemeDark })},
		"lang_fr":        {typicalPost(tb), withOpts(func(o *PostOptions) { o.Lang = "fr" })},
		"lang_ja":        {typicalPost(tb), withOpts(func(o *PostOptions) { o.Lang = "ja" })},
		"lang_ar":        {arabicPost(tb), withOpts(func(o *PostOptions) { o.Lang = "ar" })},
		"lang_ar_tomb":   {&PostView{State: StateSuspended}, withOpts(func(o *PostOptions) { o.Lang = "ar" })},
		"colors":         {typicalPost(tb), withOpts(func(o *PostOptions) { o.LinkColor, o.BorderColor = "#e0245e", "#f0c" })},
		"width_min":      {typicalPost(tb), ParsePostOptions(query("width=100&align=center"))},
		"width_mid":      {typicalPost(tb), ParsePostOptions(query("maxwidth=333&align=right"))},
		"dnt":            {typicalPost(tb), withOpts(func(o *PostOptions) { o.DNT = true })},
		"no_avatar":      {noAvatarPost(), def},
	}
	for name, c := range richCases(tb) {
		cases[name] = c
	}
	return cases
}

func plainPost() *PostView {
	u, av := ada()
	p := &storage.Post{ID: 1854000000000000010, Text: "Hello, world.\nA second line,\n\nand a third after a blank one.", Lang: "en", LikeCount: 3}
	return visible(p, u, av)
}

func entityPost(tb testing.TB) *PostView {
	u, av := ada()
	text := "Read https://example.com/a/very/long/path/that/goes/on?and=on&x=1 with @grace about #Engines and $BABB, mail ada@example.org *stars* #1"
	p := &storage.Post{ID: 1854000000000000011, Text: text, Lang: "en", ReplyCount: 1, RepostCount: 1, LikeCount: 1,
		Entities: entities(tb, text,
			span{storage.EntityURL, "https://example.com/a/very/long/path/that/goes/on?and=on&x=1", "https://example.com/a/very/long/path/that/goes/on?and=on&x=1"},
			span{storage.EntityMention, "@grace", "grace"},
			span{storage.EntityHashtag, "#Engines", "Engines"},
			span{storage.EntityCashtag, "$BABB", "BABB"})}
	return visible(p, u, av)
}

func emojiCJKPost(tb testing.TB) *PostView {
	u := testUser(102, "hana", "花子 🌸")
	text := "🎉@grace🎉 東京#東京タワー、#日本語 と👩‍👩‍👧$7203です"
	p := &storage.Post{ID: 1854000000000000012, Text: text, Lang: "ja", LikeCount: 42000,
		Entities: entities(tb, text,
			span{storage.EntityMention, "@grace", "grace"},
			span{storage.EntityHashtag, "#東京タワー", "東京タワー"},
			span{storage.EntityHashtag, "#日本語", "日本語"},
			span{storage.EntityCashtag, "$7203", "7203"})}
	return visible(p, u, testAvatar(9002))
}

func arabicPost(tb testing.TB) *PostView {
	u := testUser(103, "layla", "ليلى")
	u.Verified = true
	text := "مرحبا بالعالم! هذا منشور تجريبي مع #وسم و @ada\nسطر ثان."
	p := &storage.Post{ID: 1854000000000000013, Text: text, Lang: "ar", ReplyCount: 3, LikeCount: 2500000,
		Entities: entities(tb, text, span{storage.EntityHashtag, "#وسم", "وسم"}, span{storage.EntityMention, "@ada", "ada"})}
	return visible(p, u, testAvatar(9003))
}

func imagesPost(n int) *PostView {
	u, av := ada()
	imgs := []*storage.Media{
		testImage(9201, 1600, 900, "A sunrise over the harbour", "#d98c4a"),
		testImage(9202, 900, 1200, "A lighthouse, portrait", "#3f5d7a"),
		testImage(9203, 1000, 1000, "", "#2d6a4f"),
		testImage(9204, 1200, 800, "Gulls on a pier", "#9aa5b1"),
	}
	p := &storage.Post{ID: 1854000000000000020 + int64(n), Text: "Photos from the coast", Lang: "en", LikeCount: 7}
	return visible(p, u, av, imgs[:n]...)
}

func sensitivePost(warning bool) *PostView {
	v := imagesPost(1)
	v.Post.ID = 1854000000000000030
	v.Post.Sensitive = true
	if warning {
		v.Post.ID++
		v.Post.Summary = "Spoilers for chapter 3"
	}
	return v
}

func visibleQuoted() *PostView {
	u := testUser(104, "grace", "Grace Hopper")
	p := &storage.Post{ID: 1853000000000000001, Text: "It's easier to ask forgiveness than it is to get permission.", Lang: "en",
		CreatedAt: fixedTime.AddDate(0, -1, 0)}
	return visible(p, u, testAvatar(9004), testImage(9301, 800, 600, "A moth taped in a logbook", "#c9b38a"))
}

func quotePost(tb testing.TB, quoted *PostView) *PostView {
	v := typicalPost(tb)
	v.Post.ID = 1854000000000000040
	v.Media = nil
	v.Post.QuoteOf = 1853000000000000001
	v.Quoted = quoted
	return v
}

func visibleParent() *PostView {
	v := visibleQuoted()
	v.Media = nil
	return v
}

func replyPost(parent *PostView) *PostView {
	u, av := ada()
	p := &storage.Post{ID: 1854000000000000050, Text: "Agreed, and it works for compilers too.", Lang: "en", ReplyTo: 1853000000000000001, LikeCount: 9}
	v := visible(p, u, av)
	v.Parent = parent
	return v
}

func noAvatarPost() *PostView {
	u := testUser(105, "zed", "")
	p := &storage.Post{ID: 1854000000000000060, Text: "No avatar, no name: initial fallback.", Lang: "en", EditedAt: fixedTime.Add(1e9)}
	return visible(p, u, nil, testImage(9401, 1200, 675, "", ""))
}

// query returns a getter over a raw query string, as the server would pass.
func query(raw string) func(string) string {
	vals, err := url.ParseQuery(raw)
	if err != nil {
		panic(err)
	}
	return vals.Get
}
