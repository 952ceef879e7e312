package widgets

// buttonText is what buttons, the share bar and intent pages say in one UI
// language. It sits beside uiLang (whose numbers, plural rule and direction
// it reuses) so the card's table stays as it is. "%s" marks the one value a
// phrase takes: a handle, a tag or a network name.
type buttonText struct {
	Post        string // the share button
	Follow      string // the follow button without a screen name
	FollowName  string // "Follow %s"
	Mention     string // "Post to %s"
	Hashtag     string // "Post %s"
	Message     string // "Message %s"
	Followers   plural
	ShareOn     string // "Share on %s"
	Email       string
	Copy        string
	Copied      string
	Share       string // the native share button and the bar's label
	Instance    string // label of the Mastodon server field
	Close       string
	Reply       string // intent page titles
	Like        string
	Repost      string
	Choose      string
	ContinueOn  string // "Continue on %s"
	Continue    string
	BadInstance string
	NoUser      string
	NotFound    string // an unknown button kind
}

// buttonTexts builds the table of button strings, one per UI language.
func buttonTexts() map[string]*buttonText {
	return map[string]*buttonText{
		"en": {
			Post: "Post", Follow: "Follow", FollowName: "Follow %s", Mention: "Post to %s", Hashtag: "Post %s",
			Message: "Message %s", Followers: plural{"%s follower", "%s followers"}, ShareOn: "Share on %s",
			Email: "Email", Copy: "Copy link", Copied: "Copied", Share: "Share", Instance: "Your Mastodon server",
			Close: "Close", Reply: "Reply", Like: "Like", Repost: "Repost", Choose: "Where do you want to continue?",
			ContinueOn: "Continue on %s", Continue: "Continue", BadInstance: "That is not a server name, like mastodon.social.",
			NoUser: "This account is unavailable.", NotFound: "Unknown button",
		},
		"es": {
			Post: "Publicar", Follow: "Seguir", FollowName: "Seguir a %s", Mention: "Publicar para %s", Hashtag: "Publicar %s",
			Message: "Mensaje a %s", Followers: plural{"%s seguidor", "%s seguidores"}, ShareOn: "Compartir en %s",
			Email: "Correo", Copy: "Copiar enlace", Copied: "Copiado", Share: "Compartir", Instance: "Tu servidor de Mastodon",
			Close: "Cerrar", Reply: "Responder", Like: "Me gusta", Repost: "Republicar", Choose: "¿Dónde quieres continuar?",
			ContinueOn: "Continuar en %s", Continue: "Continuar", BadInstance: "Eso no es un nombre de servidor, como mastodon.social.",
			NoUser: "Esta cuenta no está disponible.", NotFound: "Botón desconocido",
		},
		"fr": {
			Post: "Publier", Follow: "Suivre", FollowName: "Suivre %s", Mention: "Publier pour %s", Hashtag: "Publier %s",
			Message: "Message à %s", Followers: plural{"%s abonné", "%s abonnés"}, ShareOn: "Partager sur %s",
			Email: "E-mail", Copy: "Copier le lien", Copied: "Copié", Share: "Partager", Instance: "Votre serveur Mastodon",
			Close: "Fermer", Reply: "Répondre", Like: "J’aime", Repost: "Republier", Choose: "Où voulez-vous continuer ?",
			ContinueOn: "Continuer sur %s", Continue: "Continuer", BadInstance: "Ce n’est pas un nom de serveur, comme mastodon.social.",
			NoUser: "Ce compte n’est pas disponible.", NotFound: "Bouton inconnu",
		},
		"de": {
			Post: "Posten", Follow: "Folgen", FollowName: "%s folgen", Mention: "Post an %s", Hashtag: "%s posten",
			Message: "Nachricht an %s", Followers: plural{"%s Follower", "%s Follower"}, ShareOn: "Auf %s teilen",
			Email: "E-Mail", Copy: "Link kopieren", Copied: "Kopiert", Share: "Teilen", Instance: "Dein Mastodon-Server",
			Close: "Schließen", Reply: "Antworten", Like: "Gefällt mir", Repost: "Reposten", Choose: "Wo möchtest du weitermachen?",
			ContinueOn: "Weiter auf %s", Continue: "Weiter", BadInstance: "Das ist kein Servername wie mastodon.social.",
			NoUser: "Dieses Konto ist nicht verfügbar.", NotFound: "Unbekannte Schaltfläche",
		},
		"pt": {
			Post: "Publicar", Follow: "Seguir", FollowName: "Seguir %s", Mention: "Publicar para %s", Hashtag: "Publicar %s",
			Message: "Mensagem para %s", Followers: plural{"%s seguidor", "%s seguidores"}, ShareOn: "Compartilhar no %s",
			Email: "E-mail", Copy: "Copiar link", Copied: "Copiado", Share: "Compartilhar", Instance: "Seu servidor Mastodon",
			Close: "Fechar", Reply: "Responder", Like: "Curtir", Repost: "Repostar", Choose: "Onde você quer continuar?",
			ContinueOn: "Continuar no %s", Continue: "Continuar", BadInstance: "Isso não é um nome de servidor, como mastodon.social.",
			NoUser: "Esta conta não está disponível.", NotFound: "Botão desconhecido",
		},
		"ja": {
			Post: "ポスト", Follow: "フォロー", FollowName: "%sさんをフォロー", Mention: "%sさんへポスト", Hashtag: "%sをポスト",
			Message: "%sさんにメッセージ", Followers: plural{"フォロワー%s人", "フォロワー%s人"}, ShareOn: "%sで共有",
			Email: "メール", Copy: "リンクをコピー", Copied: "コピーしました", Share: "共有", Instance: "あなたのMastodonサーバー",
			Close: "閉じる", Reply: "返信", Like: "いいね", Repost: "リポスト", Choose: "どこで続けますか？",
			ContinueOn: "%sで続ける", Continue: "続ける", BadInstance: "サーバー名ではありません（例: mastodon.social）。",
			NoUser: "このアカウントは表示できません。", NotFound: "不明なボタン",
		},
		"ar": {
			Post: "انشر", Follow: "متابعة", FollowName: "متابعة %s", Mention: "انشر إلى %s", Hashtag: "انشر %s",
			Message: "راسل %s", Followers: plural{"المتابعون: %s", "المتابعون: %s"}, ShareOn: "شارك على %s",
			Email: "بريد", Copy: "نسخ الرابط", Copied: "تم النسخ", Share: "مشاركة", Instance: "خادم ماستودون الخاص بك",
			Close: "إغلاق", Reply: "رد", Like: "إعجاب", Repost: "إعادة نشر", Choose: "أين تريد المتابعة؟",
			ContinueOn: "تابع على %s", Continue: "تابع", BadInstance: "هذا ليس اسم خادم، مثل mastodon.social.",
			NoUser: "هذا الحساب غير متاح.", NotFound: "زر غير معروف",
		},
	}
}
