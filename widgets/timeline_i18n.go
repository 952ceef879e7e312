package widgets

// timelineText is what a timeline shows around its cards in one UI
// language, from the catalogs (see uiLang); "%s" is a name, a handle or a
// tag. The cards themselves use uiLang.
type timelineText struct {
	PostsBy     string `msg:"account.postsBy"`      // the document title and region label of a profile timeline
	PostsTagged string `msg:"timeline.postsTagged"` // … of a hashtag timeline
	ListBy      string `msg:"timeline.listBy"`      // "A list by @owner"
	Follow      string `msg:"account.follow"`
	FollowLabel string `msg:"account.followName"` // the follow link's accessible name, with the handle
	LoadMore    string `msg:"timeline.loadMore"`
	Newest      string `msg:"timeline.newest"` // back to the first page
	ViewMore    string `msg:"timeline.viewMore"`
	Empty       string `msg:"account.noPosts"`
	EmptyHint   string `msg:"timeline.emptyHint"`
	Missing     string `msg:"timeline.missing"` // 404: unknown account, list or tag
	Protected   string `msg:"timeline.protected"`
}
