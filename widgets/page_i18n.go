package widgets

// pageText is what the permalink and profile pages say around the cards in
// one UI language, from the catalogs (see uiLang); "%s" is a name.
type pageText struct {
	OnRoost      string `msg:"page.onRoost"` // "%s on Roost": the page title and og:title
	EmbedPost    string `msg:"page.embedPost"`
	EmbedProfile string `msg:"page.embedProfile"`
	PostsBy      string `msg:"account.postsBy"`
	Followers    plural `msg:"account.followers"`
	Following    plural `msg:"account.following"`
	Older        string `msg:"page.older"`
	Newest       string `msg:"page.newest"`
	NoPosts      string `msg:"account.noPosts"`
	Missing      string `msg:"account.missing"` // 404: no such account
}
