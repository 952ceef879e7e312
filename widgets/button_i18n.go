package widgets

// buttonText is what buttons, the share bar and intent pages say in one UI
// language, from the catalogs (see uiLang). "%s" marks the one value a
// phrase takes: a handle, a tag or a network name.
type buttonText struct {
	Post        string `msg:"button.post"` // the share button
	Follow      string `msg:"account.follow"`
	FollowName  string `msg:"account.followName"` // "Follow %s"
	Mention     string `msg:"button.mention"`     // "Post to %s"
	Hashtag     string `msg:"button.hashtag"`     // "Post %s"
	Message     string `msg:"button.message"`     // "Message %s"
	Followers   plural `msg:"account.followers"`
	ShareOn     string `msg:"button.shareOn"` // "Share on %s"
	Email       string `msg:"button.email"`
	Copy        string `msg:"button.copy"`
	Copied      string `msg:"button.copied"`
	Share       string `msg:"button.share"`    // the native share button and the bar's label
	Instance    string `msg:"button.instance"` // label of the Mastodon server field
	Close       string `msg:"button.close"`
	Reply       string `msg:"intent.reply"` // intent page titles
	Like        string `msg:"intent.like"`
	Repost      string `msg:"intent.repost"`
	Choose      string `msg:"intent.choose"`
	ContinueOn  string `msg:"intent.continueOn"` // "Continue on %s"
	Continue    string `msg:"intent.continue"`
	BadInstance string `msg:"intent.badInstance"`
	NoUser      string `msg:"intent.noUser"`
	NotFound    string `msg:"button.unknown"` // an unknown button kind
}
