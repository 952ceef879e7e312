package widgets

import (
	"strings"

	"golang.org/x/text/language"
)

// defaultLang is the UI language of a widget requested without lang or with
// one Roost does not translate.
const defaultLang = "en"

// supportedLangs are the UI languages, one catalog file each in locales/
// (English first: the matcher's fallback). Adding one is adding its file
// here and in locales/ (docs/LANGUAGES.md).
var supportedLangs = []string{
	"en", "ar", "bg", "bn", "ca", "cs", "cy", "da", "de", "el", "es", "fa", "fi", "fil", "fr",
	"he", "hi", "hr", "hu", "id", "it", "ja", "ko", "lt", "mr", "ms", "nb", "nl", "pl", "pt",
	"pt-PT", "ro", "ru", "sk", "sr", "sv", "ta", "th", "tr", "uk", "ur", "vi", "zh-Hans", "zh-Hant",
}

// langMatcher negotiates a requested tag to a supported one with CLDR's
// language matching data: pt-BR → pt, pt-AO → pt-PT, zh-TW/zh-HK → zh-Hant,
// zh-CN → zh-Hans, no/nn → nb, iw → he, ar-u-nu-latn → ar.
var langMatcher = func() language.Matcher {
	tags := make([]language.Tag, len(supportedLangs))
	for i, c := range supportedLangs {
		tags[i] = language.MustParse(c)
	}
	return language.NewMatcher(tags)
}()

// knownSpellings maps the lower-case spellings most requests use (each
// supported code and its usual regional forms) to their language, so the
// request path resolves them without allocating; others go to the matcher.
var knownSpellings = func() map[string]string {
	m := map[string]string{}
	regions := []string{"", "-us", "-gb", "-br", "-pt", "-cn", "-tw", "-hk", "-sg", "-mx", "-419", "-ca", "-eg", "-sa", "-in", "-de", "-fr", "-es", "-jp", "-kr", "-ru"}
	for _, c := range supportedLangs {
		base := strings.ToLower(c)
		if i := strings.IndexByte(base, '-'); i > 0 {
			base = base[:i]
		}
		m[strings.ToLower(c)] = c
		for _, r := range regions {
			if _, ok := m[base+r]; !ok {
				m[base+r] = matchLang(base + r)
			}
		}
	}
	m["no"], m["nn"] = matchLang("no"), matchLang("nn")
	return m
}()

// maxLangLen bounds what is parsed of a lang value: BCP 47 tags in use are
// far shorter, and a 10 KB value must cost no more than a short one.
const maxLangLen = 48

// supportedLang maps a requested UI language ("pt-BR", "FR", "ar_EG",
// "zh-TW") to a supported one, falling back to English for anything else,
// however odd. It returns one of supportedLangs, never s: s may point into
// request memory that the server reuses, and each language must have one
// cache key whatever its spelling.
func supportedLang(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return defaultLang
	}
	if len(s) > maxLangLen {
		s = s[:maxLangLen]
	}
	var buf [maxLangLen]byte
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			c += 'a' - 'A'
		case c == '_':
			c = '-'
		}
		buf[n] = c
		n++
	}
	if l, ok := knownSpellings[string(buf[:n])]; ok {
		return l
	}
	return matchLang(string(buf[:n]))
}

// matchLang asks the CLDR matcher; a value that does not parse as a whole
// is tried by its first subtag ("de-!!" is German).
func matchLang(s string) string {
	t, err := language.Parse(s)
	if err != nil {
		if i := strings.IndexByte(s, '-'); i > 0 {
			t, err = language.Parse(s[:i])
		}
		if err != nil {
			return defaultLang
		}
	}
	_, i, conf := langMatcher.Match(t)
	if conf == language.No {
		return defaultLang
	}
	return supportedLangs[i]
}
