package widgets

import (
	"testing"
)

func TestParsePostOptions(t *testing.T) {
	def := DefaultPostOptions()
	tests := map[string]struct {
		query string
		want  func(o *PostOptions)
	}{
		"empty":               {"", nil},
		"unknown keys":        {"foo=bar&utm_source=x&callback=alert", nil},
		"theme dark":          {"theme=DARK", func(o *PostOptions) { o.Theme = ThemeDark }},
		"theme light":         {"theme=light", func(o *PostOptions) { o.Theme = ThemeLight }},
		"theme bad":           {"theme=neon", nil},
		"lang fr":             {"lang=fr", func(o *PostOptions) { o.Lang = "fr" }},
		"lang region":         {"lang=pt-BR", func(o *PostOptions) { o.Lang = "pt" }},
		"lang underscore":     {"lang=ar_EG", func(o *PostOptions) { o.Lang = "ar" }},
		"lang unsupported":    {"lang=tlh", nil},
		"dnt":                 {"dnt=true", func(o *PostOptions) { o.DNT = true }},
		"dnt yes":             {"dnt=YES", func(o *PostOptions) { o.DNT = true }},
		"dnt junk":            {"dnt=maybe", nil},
		"width low":           {"width=1", func(o *PostOptions) { o.Width = 220 }},
		"width high":          {"width=99999", nil},
		"width bucket":        {"width=333", func(o *PostOptions) { o.Width = 330 }},
		"width px":            {"width=400px", func(o *PostOptions) { o.Width = 400 }},
		"width bad":           {"width=abc", nil},
		"width negative":      {"width=-5", func(o *PostOptions) { o.Width = 220 }},
		"maxwidth alias":      {"maxwidth=300", func(o *PostOptions) { o.Width = 300 }},
		"width beats alias":   {"width=250&maxwidth=300", func(o *PostOptions) { o.Width = 250 }},
		"align":               {"align=Center", func(o *PostOptions) { o.Align = "center" }},
		"align bad":           {"align=middle", nil},
		"cards hidden":        {"cards=hidden", func(o *PostOptions) { o.HideMedia = true }},
		"hide_media":          {"hide_media=1", func(o *PostOptions) { o.HideMedia = true }},
		"cards other":         {"cards=visible", nil},
		"conversation none":   {"conversation=none", func(o *PostOptions) { o.HideThread = true }},
		"hide_thread":         {"hide_thread=on", func(o *PostOptions) { o.HideThread = true }},
		"colors":              {"link_color=%23ABCDEF&border_color=%23F0c", func(o *PostOptions) { o.LinkColor, o.BorderColor = "#abcdef", "#f0c" }},
		"color no hash":       {"link_color=abcdef", nil},
		"color name":          {"link_color=red", nil},
		"color css injection": {"link_color=%23fff%3Bbackground:url(x)", nil},
		"color 4 digits":      {"border_color=%23abcd", nil},
		"color bad hex":       {"border_color=%23ggg", nil},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			want := def
			if tc.want != nil {
				tc.want(&want)
			}
			got := ParsePostOptions(query(tc.query))
			if got != want {
				t.Errorf("ParsePostOptions(%q) = %+v, want %+v", tc.query, got, want)
			}
		})
	}
}

// TestPostOptionsKey checks that equivalent requests share one key and
// different options do not.
func TestPostOptionsKey(t *testing.T) {
	same := [][]string{
		{"", "theme=auto&lang=en&width=550", "foo=1&bar=2", "width=9999", "lang=xx", "dnt=no"},
		{"width=333", "maxwidth=339", "width=330px"},
		{"cards=hidden", "hide_media=true", "hide_media=YES&cards=hidden"},
		{"conversation=none", "hide_thread=1"},
		{"link_color=%23ABC", "link_color=%23abc"},
	}
	seen := map[string]int{}
	for group, queries := range same {
		key := ParsePostOptions(query(queries[0])).Key()
		for _, q := range queries[1:] {
			if got := ParsePostOptions(query(q)).Key(); got != key {
				t.Errorf("key of %q = %q, want %q (same as %q)", q, got, key, queries[0])
			}
		}
		if g, ok := seen[key]; ok {
			t.Errorf("groups %d and %d share key %q", g, group, key)
		}
		seen[key] = group
	}
}

// TestPostOptionsKeySpace checks that every possible width maps to at most
// 34 keys: random numbers cannot grow a cache.
func TestPostOptionsKeySpace(t *testing.T) {
	keys := map[string]bool{}
	for w := -1000; w < 5000; w++ {
		keys[ParsePostOptions(func(k string) string {
			if k == "width" {
				return itoa(int64(w))
			}
			return ""
		}).Key()] = true
	}
	if want := (MaxPostWidth-MinPostWidth)/widthStep + 1; len(keys) != want {
		t.Errorf("widths produced %d keys, want %d", len(keys), want)
	}
}

func TestStateHTTPStatus(t *testing.T) {
	tests := map[State]int{StateVisible: 200, StateDeleted: 404, StateProtected: 403, StateSuspended: 410, State(99): 404}
	for s, want := range tests {
		if got := s.HTTPStatus(); got != want {
			t.Errorf("%v.HTTPStatus() = %d, want %d", s, got, want)
		}
	}
}
