package widgets

import (
	"html/template"
	"strconv"
	"strings"
)

// cssValue marks a declaration list built in this package from numbers and
// validated colours as safe CSS. Nothing user-written ever reaches it.
func cssValue(s string) template.CSS { return template.CSS(s) } //nolint:gosec // inputs validated by callers

// placeholder returns the background declaration for a stored placeholder
// colour, or "" when the colour is not a valid #rgb/#rrggbb.
func placeholder(color string) template.CSS {
	if c := parseColor(color); c != "" {
		return cssValue("background:" + c)
	}
	return ""
}

// docVars returns the custom properties that the options override on the
// document root (width, link and border colours), "" when none.
func docVars(o PostOptions) template.CSS {
	var decls []string
	if o.Width != DefaultPostWidth {
		decls = append(decls, "--w:"+strconv.Itoa(o.Width)+"px")
	}
	if o.LinkColor != "" {
		decls = append(decls, "--ln:"+o.LinkColor)
	}
	if o.BorderColor != "" {
		decls = append(decls, "--bd:"+o.BorderColor)
	}
	return cssValue(strings.Join(decls, ";"))
}

// docClass returns the classes on <html> that select the theme and
// alignment rules of card.css.
func docClass(o PostOptions) string {
	class := o.Theme
	if o.Align != "" {
		class += " al-" + o.Align
	}
	return class
}

// colorScheme is the color-scheme meta value: it lets the browser paint
// the right canvas before the CSS applies, so a dark card never flashes white.
func colorScheme(theme string) string {
	switch theme {
	case ThemeLight:
		return "light"
	case ThemeDark:
		return "dark"
	}
	return "light dark"
}
