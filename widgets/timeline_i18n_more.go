package widgets

// moreTimelineText holds the phrases of the search and collection
// timelines and pages (issue 15), kept apart from timelineText so the
// positional literals there stay as they are; "%s" is a query or a handle.
// Every new UI string of those timelines is here.
type moreTimelineText struct {
	PostsMatching string // the title of a search timeline
	SearchHint    string // under a search's header
	SearchLabel   string // the page's search box
	CollectionBy  string // "A collection by @owner"
}

// moreTimelineTexts returns the phrases of a supported language code
// (English for any other).
func moreTimelineTexts(code string) moreTimelineText {
	switch code {
	case "es":
		return moreTimelineText{"Publicaciones que coinciden con %s", "Las publicaciones más recientes que coinciden con esta búsqueda.", "Buscar", "Una colección de %s"}
	case "fr":
		return moreTimelineText{"Publications correspondant à %s", "Les publications les plus récentes correspondant à cette recherche.", "Rechercher", "Une collection de %s"}
	case "de":
		return moreTimelineText{"Beiträge zu %s", "Die neuesten Beiträge zu dieser Suche.", "Suchen", "Eine Sammlung von %s"}
	case "pt":
		return moreTimelineText{"Publicações que correspondem a %s", "As publicações mais recentes que correspondem a esta pesquisa.", "Pesquisar", "Uma coleção de %s"}
	case "ja":
		return moreTimelineText{"「%s」を含むポスト", "この検索に一致する最新のポスト。", "検索", "%sさんのコレクション"}
	case "ar":
		return moreTimelineText{"منشورات تطابق %s", "أحدث المنشورات التي تطابق هذا البحث.", "بحث", "مجموعة من إنشاء %s"}
	}
	return moreTimelineText{"Posts matching %s", "The newest posts matching this search.", "Search", "A collection by %s"}
}
