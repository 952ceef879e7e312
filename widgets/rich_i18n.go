package widgets

// richTexts are the phrases of polls, link cards and videos (issue 14),
// kept together so they can move into the message catalogs in one piece.
type richTexts struct {
	Poll         string // the poll's accessible name
	Votes        plural
	FinalResults string
	DaysLeft     plural
	HoursLeft    plural
	MinutesLeft  plural
	Video        string // the hide_media placeholder and a video's default alt text
	GIF          string
	PlayVideo    string
	PlayGIF      string
}

// richLangs holds richTexts for every UI language of uiLangs.
var richLangs = map[string]*richTexts{
	"en": {Poll: "Poll", Votes: plural{"%s vote", "%s votes"}, FinalResults: "Final results",
		DaysLeft: plural{"%s day left", "%s days left"}, HoursLeft: plural{"%s hour left", "%s hours left"},
		MinutesLeft: plural{"%s minute left", "%s minutes left"}, Video: "Video", GIF: "GIF", PlayVideo: "Play video", PlayGIF: "Play GIF"},
	"es": {Poll: "Encuesta", Votes: plural{"%s voto", "%s votos"}, FinalResults: "Resultados finales",
		DaysLeft: plural{"Queda %s día", "Quedan %s días"}, HoursLeft: plural{"Queda %s hora", "Quedan %s horas"},
		MinutesLeft: plural{"Queda %s minuto", "Quedan %s minutos"}, Video: "Vídeo", GIF: "GIF", PlayVideo: "Reproducir vídeo", PlayGIF: "Reproducir GIF"},
	"fr": {Poll: "Sondage", Votes: plural{"%s vote", "%s votes"}, FinalResults: "Résultats définitifs",
		DaysLeft: plural{"%s jour restant", "%s jours restants"}, HoursLeft: plural{"%s heure restante", "%s heures restantes"},
		MinutesLeft: plural{"%s minute restante", "%s minutes restantes"}, Video: "Vidéo", GIF: "GIF", PlayVideo: "Lire la vidéo", PlayGIF: "Lire le GIF"},
	"de": {Poll: "Umfrage", Votes: plural{"%s Stimme", "%s Stimmen"}, FinalResults: "Endergebnis",
		DaysLeft: plural{"Noch %s Tag", "Noch %s Tage"}, HoursLeft: plural{"Noch %s Stunde", "Noch %s Stunden"},
		MinutesLeft: plural{"Noch %s Minute", "Noch %s Minuten"}, Video: "Video", GIF: "GIF", PlayVideo: "Video abspielen", PlayGIF: "GIF abspielen"},
	"pt": {Poll: "Enquete", Votes: plural{"%s voto", "%s votos"}, FinalResults: "Resultados finais",
		DaysLeft: plural{"Resta %s dia", "Restam %s dias"}, HoursLeft: plural{"Resta %s hora", "Restam %s horas"},
		MinutesLeft: plural{"Resta %s minuto", "Restam %s minutos"}, Video: "Vídeo", GIF: "GIF", PlayVideo: "Reproduzir vídeo", PlayGIF: "Reproduzir GIF"},
	"ja": {Poll: "アンケート", Votes: plural{"%s票", "%s票"}, FinalResults: "最終結果",
		DaysLeft: plural{"残り%s日", "残り%s日"}, HoursLeft: plural{"残り%s時間", "残り%s時間"},
		MinutesLeft: plural{"残り%s分", "残り%s分"}, Video: "動画", GIF: "GIF", PlayVideo: "動画を再生", PlayGIF: "GIFを再生"},
	"ar": {Poll: "استطلاع", Votes: plural{"الأصوات: %s", "الأصوات: %s"}, FinalResults: "النتائج النهائية",
		DaysLeft: plural{"متبقٍ: %s يوم", "متبقٍ: %s يوم"}, HoursLeft: plural{"متبقٍ: %s ساعة", "متبقٍ: %s ساعة"},
		MinutesLeft: plural{"متبقٍ: %s دقيقة", "متبقٍ: %s دقيقة"}, Video: "فيديو", GIF: "GIF", PlayVideo: "تشغيل الفيديو", PlayGIF: "تشغيل GIF"},
}
