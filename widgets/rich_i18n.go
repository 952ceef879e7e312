package widgets

import "strings"

// richTexts are the phrases of polls, link cards and videos (issue 14),
// kept together so they can move into the message catalogs (locales/) in
// one piece; until then a language without its own falls back to English,
// and counts pick "one" for 1 and "other" otherwise.
type richTexts struct {
	Poll         string // the poll's accessible name
	Votes        richPlural
	FinalResults string
	DaysLeft     richPlural
	HoursLeft    richPlural
	MinutesLeft  richPlural
	Video        string // the hide_media placeholder and a video's default alt text
	GIF          string
	PlayVideo    string
	PlayGIF      string
}

// richPlural is a counted phrase; %s is the formatted number.
type richPlural struct{ One, Other string }

// count picks p's form for n and fills in the formatted number.
func (p richPlural) count(n int64, formatted string) string {
	form := p.Other
	if n == 1 {
		form = p.One
	}
	return strings.Replace(form, "%s", formatted, 1)
}

// richFor returns the texts of a UI language, English when it has none.
func richFor(code string) *richTexts {
	if t, ok := richLangs[code]; ok {
		return t
	}
	return richLangs["en"]
}

// richLangs holds richTexts for the languages translated so far.
var richLangs = map[string]*richTexts{
	"en": {Poll: "Poll", Votes: richPlural{"%s vote", "%s votes"}, FinalResults: "Final results",
		DaysLeft: richPlural{"%s day left", "%s days left"}, HoursLeft: richPlural{"%s hour left", "%s hours left"},
		MinutesLeft: richPlural{"%s minute left", "%s minutes left"}, Video: "Video", GIF: "GIF", PlayVideo: "Play video", PlayGIF: "Play GIF"},
	"es": {Poll: "Encuesta", Votes: richPlural{"%s voto", "%s votos"}, FinalResults: "Resultados finales",
		DaysLeft: richPlural{"Queda %s día", "Quedan %s días"}, HoursLeft: richPlural{"Queda %s hora", "Quedan %s horas"},
		MinutesLeft: richPlural{"Queda %s minuto", "Quedan %s minutos"}, Video: "Vídeo", GIF: "GIF", PlayVideo: "Reproducir vídeo", PlayGIF: "Reproducir GIF"},
	"fr": {Poll: "Sondage", Votes: richPlural{"%s vote", "%s votes"}, FinalResults: "Résultats définitifs",
		DaysLeft: richPlural{"%s jour restant", "%s jours restants"}, HoursLeft: richPlural{"%s heure restante", "%s heures restantes"},
		MinutesLeft: richPlural{"%s minute restante", "%s minutes restantes"}, Video: "Vidéo", GIF: "GIF", PlayVideo: "Lire la vidéo", PlayGIF: "Lire le GIF"},
	"de": {Poll: "Umfrage", Votes: richPlural{"%s Stimme", "%s Stimmen"}, FinalResults: "Endergebnis",
		DaysLeft: richPlural{"Noch %s Tag", "Noch %s Tage"}, HoursLeft: richPlural{"Noch %s Stunde", "Noch %s Stunden"},
		MinutesLeft: richPlural{"Noch %s Minute", "Noch %s Minuten"}, Video: "Video", GIF: "GIF", PlayVideo: "Video abspielen", PlayGIF: "GIF abspielen"},
	"pt": {Poll: "Enquete", Votes: richPlural{"%s voto", "%s votos"}, FinalResults: "Resultados finais",
		DaysLeft: richPlural{"Resta %s dia", "Restam %s dias"}, HoursLeft: richPlural{"Resta %s hora", "Restam %s horas"},
		MinutesLeft: richPlural{"Resta %s minuto", "Restam %s minutos"}, Video: "Vídeo", GIF: "GIF", PlayVideo: "Reproduzir vídeo", PlayGIF: "Reproduzir GIF"},
	"ja": {Poll: "アンケート", Votes: richPlural{"%s票", "%s票"}, FinalResults: "最終結果",
		DaysLeft: richPlural{"残り%s日", "残り%s日"}, HoursLeft: richPlural{"残り%s時間", "残り%s時間"},
		MinutesLeft: richPlural{"残り%s分", "残り%s分"}, Video: "動画", GIF: "GIF", PlayVideo: "動画を再生", PlayGIF: "GIFを再生"},
	"ar": {Poll: "استطلاع", Votes: richPlural{"الأصوات: %s", "الأصوات: %s"}, FinalResults: "النتائج النهائية",
		DaysLeft: richPlural{"متبقٍ: %s يوم", "متبقٍ: %s يوم"}, HoursLeft: richPlural{"متبقٍ: %s ساعة", "متبقٍ: %s ساعة"},
		MinutesLeft: richPlural{"متبقٍ: %s دقيقة", "متبقٍ: %s دقيقة"}, Video: "فيديو", GIF: "GIF", PlayVideo: "تشغيل الفيديو", PlayGIF: "تشغيل GIF"},
}
