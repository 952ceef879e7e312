package widgets

import "strings"

// defaultLang is the UI language of a widget requested without lang or with
// one Roost does not translate.
const defaultLang = "en"

// supportedLang maps a requested UI language ("pt-BR", "FR", "ar_EG") to one
// that uiLangs translates, falling back to English. It is a switch, not a
// table lookup, so option parsing needs no renderer.
func supportedLang(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(s, "-_"); i > 0 {
		s = s[:i]
	}
	// Return the constant, never s: s may point into request memory that
	// the server reuses once the handler returns.
	for _, l := range [...]string{"en", "es", "fr", "de", "pt", "ja", "ar"} {
		if s == l {
			return l
		}
	}
	return defaultLang
}

// plural holds the forms of a counted phrase; %s is the formatted number.
type plural struct{ One, Other string }

// Plural rules, just enough for the languages Roost ships: English-like
// (1 is singular), French-like (0 and 1 are singular), and none.
const (
	ruleOne = iota
	ruleZeroOne
	ruleNone
)

// uiLang is everything a widget shows in one UI language: phrases, plural
// rule, date patterns and number symbols. Post text is never translated.
type uiLang struct {
	Code        string
	RTL         bool
	PostBy      string // "%s" is the author's display name
	Verified    string
	ViewOn      string
	Sensitive   string
	Show        string
	ReplyingTo  string
	ShowParent  string
	Quoted      string
	Image       string
	Via         string
	Edited      string
	Unavailable string // 404 tombstone
	Protected   string // 403 tombstone
	Suspended   string // 410 tombstone
	Replies     plural
	Reposts     plural
	Likes       plural
	ReadReplies plural
	Rule        int
	rich        *richTexts // polls, link cards, videos (rich_i18n.go)
	dates       dateFormat
	numbers     numberFormat
}

// count picks the plural form of p for n and fills in the formatted number.
func (l *uiLang) count(p plural, n int64, formatted string) string {
	form := p.Other
	switch {
	case l.Rule == ruleOne && n == 1, l.Rule == ruleZeroOne && n <= 1:
		form = p.One
	}
	return strings.Replace(form, "%s", formatted, 1)
}

// uiLangs builds the table of UI languages. The renderer builds it once.
func uiLangs() map[string]*uiLang {
	langs := []*uiLang{langEN(), langES(), langFR(), langDE(), langPT(), langJA(), langAR()}
	m := make(map[string]*uiLang, len(langs))
	for _, l := range langs {
		l.rich = richLangs[l.Code]
		m[l.Code] = l
	}
	return m
}

func langEN() *uiLang {
	return &uiLang{
		Code: "en", PostBy: "Post by %s", Verified: "Verified account", ViewOn: "View on Roost",
		Sensitive: "Sensitive content", Show: "Show", ReplyingTo: "Replying to",
		ShowParent: "Show original post", Quoted: "Quoted post", Image: "Image", Via: "via Roost",
		Edited: "Edited", Unavailable: "This post is unavailable.",
		Protected: "This post is from a protected account.", Suspended: "This account has been suspended.",
		Replies: plural{"%s reply", "%s replies"}, Reposts: plural{"%s repost", "%s reposts"},
		Likes: plural{"%s like", "%s likes"}, ReadReplies: plural{"Read %s reply", "Read %s replies"},
		Rule:    ruleOne,
		dates:   dateFormat{Months: [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}, Date: "{M} {d}, {y}", Time: "{h}:{mm} {a}", AM: "AM", PM: "PM"},
		numbers: numberFormat{Decimal: ".", Group: ",", Thousand: "K", Million: "M"},
	}
}

func langES() *uiLang {
	return &uiLang{
		Code: "es", PostBy: "Publicación de %s", Verified: "Cuenta verificada", ViewOn: "Ver en Roost",
		Sensitive: "Contenido sensible", Show: "Mostrar", ReplyingTo: "En respuesta a",
		ShowParent: "Mostrar la publicación original", Quoted: "Publicación citada", Image: "Imagen",
		Via: "vía Roost", Edited: "Editado", Unavailable: "Esta publicación no está disponible.",
		Protected: "Esta publicación es de una cuenta protegida.", Suspended: "Esta cuenta ha sido suspendida.",
		Replies: plural{"%s respuesta", "%s respuestas"}, Reposts: plural{"%s republicación", "%s republicaciones"},
		Likes: plural{"%s me gusta", "%s me gusta"}, ReadReplies: plural{"Leer %s respuesta", "Leer %s respuestas"},
		Rule:    ruleOne,
		dates:   dateFormat{Months: [12]string{"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"}, Date: "{d} {M} {y}", Time: "{H}:{mm}"},
		numbers: numberFormat{Decimal: ",", Group: ".", Thousand: "\u00a0mil", Million: "\u00a0M"},
	}
}

func langFR() *uiLang {
	return &uiLang{
		Code: "fr", PostBy: "Publication de %s", Verified: "Compte certifié", ViewOn: "Voir sur Roost",
		Sensitive: "Contenu sensible", Show: "Afficher", ReplyingTo: "En réponse à",
		ShowParent: "Afficher la publication d’origine", Quoted: "Publication citée", Image: "Image",
		Via: "via Roost", Edited: "Modifié", Unavailable: "Cette publication n’est pas disponible.",
		Protected: "Cette publication provient d’un compte protégé.", Suspended: "Ce compte a été suspendu.",
		Replies: plural{"%s réponse", "%s réponses"}, Reposts: plural{"%s republication", "%s republications"},
		Likes: plural{"%s j’aime", "%s j’aime"}, ReadReplies: plural{"Lire %s réponse", "Lire les %s réponses"},
		Rule:    ruleZeroOne,
		dates:   dateFormat{Months: [12]string{"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."}, Date: "{d} {M} {y}", Time: "{HH}:{mm}"},
		numbers: numberFormat{Decimal: ",", Group: "\u202f", Thousand: "\u00a0k", Million: "\u00a0M"},
	}
}

func langDE() *uiLang {
	return &uiLang{
		Code: "de", PostBy: "Beitrag von %s", Verified: "Verifiziertes Konto", ViewOn: "Auf Roost ansehen",
		Sensitive: "Sensibler Inhalt", Show: "Anzeigen", ReplyingTo: "Antwort an",
		ShowParent: "Ursprünglichen Beitrag anzeigen", Quoted: "Zitierter Beitrag", Image: "Bild",
		Via: "über Roost", Edited: "Bearbeitet", Unavailable: "Dieser Beitrag ist nicht verfügbar.",
		Protected: "Dieser Beitrag stammt von einem geschützten Konto.", Suspended: "Dieses Konto wurde gesperrt.",
		Replies: plural{"%s Antwort", "%s Antworten"}, Reposts: plural{"%s Repost", "%s Reposts"},
		Likes: plural{"%s „Gefällt mir“", "%s „Gefällt mir“-Angaben"}, ReadReplies: plural{"%s Antwort lesen", "%s Antworten lesen"},
		Rule:    ruleOne,
		dates:   dateFormat{Months: [12]string{"Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."}, Date: "{d}. {M} {y}", Time: "{HH}:{mm}"},
		numbers: numberFormat{Decimal: ",", Group: ".", Thousand: "\u00a0Tsd.", Million: "\u00a0Mio."},
	}
}

func langPT() *uiLang {
	return &uiLang{
		Code: "pt", PostBy: "Publicação de %s", Verified: "Conta verificada", ViewOn: "Ver no Roost",
		Sensitive: "Conteúdo sensível", Show: "Mostrar", ReplyingTo: "Em resposta a",
		ShowParent: "Mostrar a publicação original", Quoted: "Publicação citada", Image: "Imagem",
		Via: "via Roost", Edited: "Editado", Unavailable: "Esta publicação não está disponível.",
		Protected: "Esta publicação é de uma conta protegida.", Suspended: "Esta conta foi suspensa.",
		Replies: plural{"%s resposta", "%s respostas"}, Reposts: plural{"%s repost", "%s reposts"},
		Likes: plural{"%s curtida", "%s curtidas"}, ReadReplies: plural{"Ler %s resposta", "Ler %s respostas"},
		Rule:    ruleZeroOne,
		dates:   dateFormat{Months: [12]string{"jan.", "fev.", "mar.", "abr.", "mai.", "jun.", "jul.", "ago.", "set.", "out.", "nov.", "dez."}, Date: "{d} de {M} de {y}", Time: "{HH}:{mm}"},
		numbers: numberFormat{Decimal: ",", Group: ".", Thousand: "\u00a0mil", Million: "\u00a0mi"},
	}
}

func langJA() *uiLang {
	return &uiLang{
		Code: "ja", PostBy: "%sさんのポスト", Verified: "認証済みアカウント", ViewOn: "Roostで見る",
		Sensitive: "センシティブな内容", Show: "表示", ReplyingTo: "返信先:",
		ShowParent: "元のポストを表示", Quoted: "引用ポスト", Image: "画像", Via: "Roost経由",
		Edited: "編集済み", Unavailable: "このポストは表示できません。",
		Protected: "このポストは非公開アカウントのものです。", Suspended: "このアカウントは凍結されています。",
		Replies: plural{"%s件の返信", "%s件の返信"}, Reposts: plural{"%s件のリポスト", "%s件のリポスト"},
		Likes: plural{"%s件のいいね", "%s件のいいね"}, ReadReplies: plural{"%s件の返信を読む", "%s件の返信を読む"},
		Rule:    ruleNone,
		dates:   dateFormat{Date: "{y}年{m}月{d}日", Time: "{a}{h}:{mm}", AM: "午前", PM: "午後"},
		numbers: numberFormat{Decimal: ".", Group: ",", Myriad: true},
	}
}

func langAR() *uiLang {
	return &uiLang{
		Code: "ar", RTL: true, PostBy: "منشور من %s", Verified: "حساب موثّق", ViewOn: "عرض على Roost",
		Sensitive: "محتوى حساس", Show: "عرض", ReplyingTo: "ردًا على",
		ShowParent: "عرض المنشور الأصلي", Quoted: "منشور مقتبس", Image: "صورة", Via: "عبر Roost",
		Edited: "معدَّل", Unavailable: "هذا المنشور غير متاح.",
		Protected: "هذا المنشور من حساب محمي.", Suspended: "تم تعليق هذا الحساب.",
		Replies: plural{"الردود: %s", "الردود: %s"}, Reposts: plural{"إعادات النشر: %s", "إعادات النشر: %s"},
		Likes: plural{"الإعجابات: %s", "الإعجابات: %s"}, ReadReplies: plural{"قراءة الردود (%s)", "قراءة الردود (%s)"},
		Rule:    ruleNone,
		dates:   dateFormat{Months: [12]string{"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"}, Date: "{d} {M} {y}", Time: "{h}:{mm} {a}", AM: "ص", PM: "م"},
		numbers: numberFormat{Decimal: ".", Group: ",", Thousand: "\u00a0ألف", Million: "\u00a0مليون"},
	}
}
