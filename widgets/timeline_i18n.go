package widgets

// timelineText is what a timeline shows around its cards in one UI
// language; "%s" is a name, a handle or a tag. The cards themselves use
// uiLang.
type timelineText struct {
	PostsBy     string // the document title and region label of a profile timeline
	PostsTagged string // … of a hashtag timeline
	ListBy      string // "A list by @owner"
	Follow      string
	FollowLabel string // the follow link's accessible name, with the handle
	LoadMore    string
	Newest      string // back to the first page
	ViewMore    string
	Empty       string
	EmptyHint   string
	Missing     string // 404: unknown account, list or tag
	Protected   string // 403
}

// timelineTexts returns the timeline phrases of a supported language code
// (English for any other). A switch of literals: no table to build or share.
func timelineTexts(code string) timelineText {
	switch code {
	case "es":
		return timelineText{"Publicaciones de %s", "Publicaciones con %s", "Una lista de %s", "Seguir", "Seguir a %s",
			"Cargar más publicaciones", "Volver a las más recientes", "Ver más en Roost", "Aún no hay publicaciones",
			"Las nuevas publicaciones aparecerán aquí.", "Esta cronología no está disponible.",
			"Las publicaciones de esta cuenta están protegidas."}
	case "fr":
		return timelineText{"Publications de %s", "Publications avec %s", "Une liste de %s", "Suivre", "Suivre %s",
			"Charger plus de publications", "Revenir aux plus récentes", "Voir plus sur Roost",
			"Aucune publication pour l’instant", "Les nouvelles publications apparaîtront ici.",
			"Ce fil n’est pas disponible.", "Les publications de ce compte sont protégées."}
	case "de":
		return timelineText{"Beiträge von %s", "Beiträge mit %s", "Eine Liste von %s", "Folgen", "%s folgen",
			"Weitere Beiträge laden", "Zurück zu den neuesten", "Mehr auf Roost ansehen", "Noch keine Beiträge",
			"Neue Beiträge erscheinen hier.", "Diese Timeline ist nicht verfügbar.",
			"Die Beiträge dieses Kontos sind geschützt."}
	case "pt":
		return timelineText{"Publicações de %s", "Publicações com %s", "Uma lista de %s", "Seguir", "Seguir %s",
			"Carregar mais publicações", "Voltar às mais recentes", "Ver mais no Roost", "Ainda não há publicações",
			"As novas publicações aparecerão aqui.", "Esta linha do tempo não está disponível.",
			"As publicações desta conta são protegidas."}
	case "ja":
		return timelineText{"%sさんのポスト", "%sを含むポスト", "%sさんのリスト", "フォロー", "%sさんをフォロー",
			"さらにポストを読み込む", "最新のポストに戻る", "Roostでもっと見る", "まだポストはありません",
			"新しいポストはここに表示されます。", "このタイムラインは表示できません。", "このアカウントのポストは非公開です。"}
	case "ar":
		return timelineText{"منشورات %s", "منشورات تحمل الوسم %s", "قائمة من إنشاء %s", "متابعة", "متابعة %s",
			"تحميل المزيد من المنشورات", "العودة إلى الأحدث", "عرض المزيد على Roost", "لا توجد منشورات بعد",
			"ستظهر المنشورات الجديدة هنا.", "هذا الخط الزمني غير متاح.", "منشورات هذا الحساب محمية."}
	}
	return timelineText{"Posts by %s", "Posts tagged %s", "A list by %s", "Follow", "Follow %s",
		"Load more posts", "Back to the newest posts", "View more on Roost", "No posts yet",
		"New posts will show up here.", "This timeline is unavailable.", "This account’s posts are protected."}
}
