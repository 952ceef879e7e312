package widgets

// pageText is what the permalink and profile pages say around the cards in
// one UI language; "%s" is a name or a number.
type pageText struct {
	OnRoost      string // "%s on Roost": the page title and og:title
	EmbedPost    string
	EmbedProfile string
	PostsBy      string
	Followers    plural
	Following    plural
	Older        string
	Newest       string
	NoPosts      string
	Missing      string // 404: no such account
}

// pageTexts returns the page phrases of a supported language code (English
// for any other). A switch of literals, like timelineTexts.
func pageTexts(code string) pageText {
	switch code {
	case "es":
		return pageText{"%s en Roost", "Insertar esta publicación", "Insertar esta cronología", "Publicaciones de %s",
			plural{"%s seguidor", "%s seguidores"}, plural{"%s siguiendo", "%s siguiendo"},
			"Publicaciones anteriores", "Más recientes", "Aún no hay publicaciones.", "Esta cuenta no existe."}
	case "fr":
		return pageText{"%s sur Roost", "Intégrer cette publication", "Intégrer ce fil", "Publications de %s",
			plural{"%s abonné", "%s abonnés"}, plural{"%s abonnement", "%s abonnements"},
			"Publications précédentes", "Les plus récentes", "Aucune publication pour l’instant.", "Ce compte n’existe pas."}
	case "de":
		return pageText{"%s auf Roost", "Diesen Beitrag einbetten", "Diese Timeline einbetten", "Beiträge von %s",
			plural{"%s Follower", "%s Follower"}, plural{"%s gefolgt", "%s gefolgt"},
			"Ältere Beiträge", "Neueste Beiträge", "Noch keine Beiträge.", "Dieses Konto existiert nicht."}
	case "pt":
		return pageText{"%s no Roost", "Incorporar esta publicação", "Incorporar esta linha do tempo", "Publicações de %s",
			plural{"%s seguidor", "%s seguidores"}, plural{"%s seguindo", "%s seguindo"},
			"Publicações anteriores", "Mais recentes", "Ainda não há publicações.", "Esta conta não existe."}
	case "ja":
		return pageText{"Roostの%s", "このポストを埋め込む", "このタイムラインを埋め込む", "%sさんのポスト",
			plural{"%s フォロワー", "%s フォロワー"}, plural{"%s フォロー中", "%s フォロー中"},
			"以前のポスト", "最新のポスト", "まだポストはありません。", "このアカウントは存在しません。"}
	case "ar":
		return pageText{"%s على Roost", "تضمين هذا المنشور", "تضمين هذا الخط الزمني", "منشورات %s",
			plural{"المتابِعون: %s", "المتابِعون: %s"}, plural{"يتابع: %s", "يتابع: %s"},
			"منشورات أقدم", "الأحدث", "لا توجد منشورات بعد.", "هذا الحساب غير موجود."}
	}
	return pageText{"%s on Roost", "Embed this post", "Embed this timeline", "Posts by %s",
		plural{"%s follower", "%s followers"}, plural{"%s following", "%s following"},
		"Older posts", "Newest posts", "No posts yet.", "This account doesn’t exist."}
}
