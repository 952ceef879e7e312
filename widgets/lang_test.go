package widgets

import (
	"strings"
	"testing"
)

func TestSupportedLang(t *testing.T) {
	tests := map[string]string{
		"": "en", "en": "en", "EN-us": "en", "fr": "fr", "FR": "fr", "fr-CA": "fr", "ar_EG": "ar",
		"ar-u-nu-latn": "ar", "pt": "pt", "pt-BR": "pt", "pt-PT": "pt-PT", "pt-pt": "pt-PT", "pt-AO": "pt-PT",
		"zh": "zh-Hans", "zh-CN": "zh-Hans", "zh-Hans": "zh-Hans", "zh-TW": "zh-Hant", "zh-HK": "zh-Hant",
		"zh-hant": "zh-Hant", "no": "nb", "nb-NO": "nb", "nn": "nb", "iw": "he", "in": "id", "tl": "fil",
		"sr-Latn": "sr", "de-AT": "de", "de-!!": "de", "zz-ZZ": "en", "../../etc": "en", "x": "en",
		strings.Repeat("a", 10_000): "en", "ja-JP-u-ca-japanese": "ja", " ko ": "ko", "\xff\xfe": "en",
	}
	for in, want := range tests {
		if got := supportedLang(in); got != want {
			t.Errorf("supportedLang(%.40q) = %q, want %q", in, got, want)
		}
	}
	for _, c := range supportedLangs {
		if got := supportedLang(c); got != c {
			t.Errorf("supportedLang(%q) = %q", c, got)
		}
	}
}

// The usual spellings resolve without allocating: option parsing runs on
// every cache hit, which must allocate nothing.
func TestSupportedLangAllocations(t *testing.T) {
	for _, s := range []string{"ar", "pt-BR", "ZH-tw", "en-US", "fr"} {
		if n := testing.AllocsPerRun(100, func() { supportedLang(s) }); n > 0 {
			t.Errorf("supportedLang(%q): %.0f allocations", s, n)
		}
	}
}

// FuzzSupportedLang: any value gives a shipped language, the same one
// again for its result (one cache key per language), without a panic.
func FuzzSupportedLang(f *testing.F) {
	for _, s := range []string{"en", "pt-BR", "zh-Hant-TW", "ar-u-nu-latn", "../../etc", "zz-ZZ", "de_DE@euro", "x-private", "\xff"} {
		f.Add(s)
	}
	shipped := map[string]bool{}
	for _, c := range supportedLangs {
		shipped[c] = true
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := supportedLang(s)
		if !shipped[got] {
			t.Fatalf("supportedLang(%q) = %q, not a shipped language", s, got)
		}
		if again := supportedLang(got); again != got {
			t.Fatalf("supportedLang(%q) = %q but supportedLang(%q) = %q", s, got, got, again)
		}
	})
}
