package widgets

import (
	"os"
	"strings"
	"testing"
	"time"
)

// testLangs loads the shipped catalogs and CLDR data.
func testLangs(t testing.TB) map[string]*uiLang {
	t.Helper()
	langs, err := loadLangs(os.DirFS("../locales"))
	if err != nil {
		t.Fatal(err)
	}
	return langs
}

func TestDateStamp(t *testing.T) {
	langs := testLangs(t)
	morning := time.Date(2026, time.November, 3, 9, 41, 0, 0, time.UTC)
	evening := time.Date(2026, time.March, 14, 20, 5, 0, 0, time.UTC)
	tests := []struct {
		lang string
		t    time.Time
		want string
	}{
		{"en", morning, "9:41\u202fAM · Nov 3, 2026"},
		{"en", evening, "8:05\u202fPM · Mar 14, 2026"},
		{"es", morning, "9:41 · 3 nov 2026"},
		{"fr", morning, "09:41 · 3 nov. 2026"},
		{"de", evening, "20:05 · 14. März 2026"},
		{"pt", morning, "09:41 · 3 de nov. de 2026"},
		{"ja", morning, "9:41 · 2026年11月3日"},
		{"ko", evening, "오후 8:05 · 2026년 3월 14일"},
		{"ar", morning, "9:41 ص · 3 نوفمبر 2026"},
		{"fa", morning, "۹:۴۱ · ۳ نوامبر ۲۰۲۶"},
		{"bn", evening, "৮:০৫ PM · ১৪ মার্চ, ২০২৬"},
		{"pl", morning, "09:41 · 3 lis 2026"},
		{"ru", morning, "09:41 · 3 нояб. 2026\u202fг."},
		{"zh-Hans", evening, "20:05 · 2026年3月14日"},
		{"hu", morning, "9:41 · 2026. nov. 3."},
	}
	for _, tc := range tests {
		if got := langs[tc.lang].dates.stamp(tc.t); got != tc.want {
			t.Errorf("%s stamp(%v) = %q, want %q", tc.lang, tc.t, got, tc.want)
		}
	}
}

func TestCompactCount(t *testing.T) {
	langs := testLangs(t)
	tests := []struct {
		lang string
		n    int64
		want string
	}{
		{"en", 0, "0"}, {"en", 999, "999"}, {"en", 1000, "1K"}, {"en", 1234, "1.2K"}, {"en", 1299, "1.2K"},
		{"en", 12345, "12K"}, {"en", 123456, "123K"}, {"en", 1_500_000, "1.5M"}, {"en", 2_000_000_000, "2B"},
		{"en", -5, "0"}, {"fr", 1234, "1,2\u00a0k"}, {"de", 2_500_000, "2,5\u00a0Mio."}, {"de", 1234, "1.234"},
		{"ja", 1234, "1,234"}, {"ja", 12345, "1.2万"}, {"ja", 300_000_000, "3億"}, {"ar", 2_500_000, "2.5\u00a0مليون"},
		{"ar", 3_000, "3\u00a0آلاف"}, {"pl", 1234, "1,2\u00a0tys."}, {"hi", 1_234_567, "12\u00a0लाख"},
		{"fa", 1500, "۱٫۵\u00a0هزار"}, {"es", 1234, "1,2\u00a0mil"},
	}
	for _, tc := range tests {
		if got := langs[tc.lang].numbers.compact(tc.n); got != tc.want {
			t.Errorf("%s compact(%d) = %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
}

func TestGroupedCount(t *testing.T) {
	langs := testLangs(t)
	tests := []struct {
		lang string
		n    int64
		want string
	}{
		{"en", 1234, "1,234"}, {"en", 1234567, "1,234,567"}, {"es", 1234, "1234"}, {"es", 12345, "12.345"},
		{"pl", 1234, "1234"}, {"pl", 12345, "12\u00a0345"}, {"hi", 1234567, "12,34,567"}, {"fr", 1234, "1\u202f234"},
		{"bn", 1234567, "১২,৩৪,৫৬৭"}, {"fa", 1234, "۱٬۲۳۴"}, {"ar", 1234, "1,234"},
	}
	for _, tc := range tests {
		if got := langs[tc.lang].numbers.grouped(tc.n); got != tc.want {
			t.Errorf("%s grouped(%d) = %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
}

// TestPluralForms checks CLDR plural selection through go-i18n in the
// languages whose rules English-like ones would get wrong.
func TestPluralForms(t *testing.T) {
	langs := testLangs(t)
	tests := []struct {
		lang string
		n    int64
		want string
	}{
		{"en", 1, "1 like"}, {"en", 0, "0 likes"}, {"fr", 0, "0 réponse"}, {"fr", 2, "2 réponses"},
		{"pl", 1, "1 odpowiedź"}, {"pl", 3, "3 odpowiedzi"}, {"ru", 1, "1 ответ"}, {"ru", 3, "3 ответа"},
		{"ru", 5, "5 ответов"}, {"ru", 21, "21 ответ"}, {"ar", 0, "لا ردود"}, {"ar", 2, "ردّان"},
		{"ar", 3, "3 ردود"}, {"ar", 11, "11 ردًا"}, {"ar", 100, "100 رد"}, {"cs", 4, "4 odpovědi"}, {"cs", 5, "5 odpovědí"},
	}
	for _, tc := range tests {
		l := langs[tc.lang]
		p := l.Replies
		if tc.lang == "en" {
			p = l.Likes
		}
		if got := l.count(p, tc.n, l.numbers.grouped(tc.n)); got != tc.want {
			t.Errorf("%s count(%d) = %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
}

// A compact count takes the plural form of the compact number, not of the
// full one (CLDR's compact operand): 1.2 ألف متابع, 1 M de réponses.
func TestCompactPlural(t *testing.T) {
	langs := testLangs(t)
	tests := []struct {
		lang string
		p    func(*uiLang) plural
		n    int64
		want string
	}{
		{"ar", func(l *uiLang) plural { return l.Button.Followers }, 1234, "1.2\u00a0ألف متابِع"},
		{"ar", func(l *uiLang) plural { return l.Button.Followers }, 11, "11 متابِعًا"},
		{"fr", func(l *uiLang) plural { return l.ReadReplies }, 1_000_000, "Lire les 1\u00a0M de réponses"},
		{"fr", func(l *uiLang) plural { return l.ReadReplies }, 1_500, "Lire les 1,5\u00a0k réponses"},
		{"en", func(l *uiLang) plural { return l.ReadReplies }, 1, "Read 1 reply"},
		{"ru", func(l *uiLang) plural { return l.Replies }, 1_500, "1,5\u00a0тыс. ответов"},
	}
	for _, tc := range tests {
		l := langs[tc.lang]
		if got := l.countCompact(tc.p(l), tc.n); got != tc.want {
			t.Errorf("%s countCompact(%d) = %q, want %q", tc.lang, tc.n, got, tc.want)
		}
	}
}

// TestPostFragment checks that the fragment is the card markup the document
// embeds, so timelines and the permalink page share one code path.
func TestPostFragment(t *testing.T) {
	r := newTestRenderer(t)
	frag, err := r.PostFragment(typicalPost(t), DefaultPostOptions())
	if err != nil {
		t.Fatal(err)
	}
	doc, err := r.PostDocument(typicalPost(t), DefaultPostOptions())
	if err != nil {
		t.Fatal(err)
	}
	min, err := r.min.html([]byte(frag))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(frag), `<article class="card" aria-label="Post by Ada Lovelace">`) {
		t.Errorf("fragment does not start with the card article: %.80s", frag)
	}
	if !strings.Contains(string(doc), string(min)) {
		t.Errorf("document does not contain the minified fragment")
	}
}
