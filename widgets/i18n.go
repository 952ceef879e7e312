package widgets

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"reflect"
	"sort"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// plural is a counted phrase: the id of a catalog message with CLDR plural
// forms (zero, one, two, few, many, other) whose {{.Count}} is the
// formatted number. go-i18n picks the form by the language's CLDR rule.
type plural struct{ id string }

// uiLang is everything a widget shows in one UI language: the catalog's
// phrases (locales/<code>.json, through go-i18n), its CLDR number and date
// formats (locales/cldr.json) and its direction. Post text is never
// translated. A field tagged msg holds that message; "{{.Name}}"-style
// placeholders become "%s", which the renderer replaces with the value.
type uiLang struct {
	Code        string
	RTL         bool
	Name        string `msg:"language.name"` // the language named in itself
	PostBy      string `msg:"card.postBy"`
	Verified    string `msg:"card.verified"`
	ViewOn      string `msg:"card.viewOn"`
	Sensitive   string `msg:"card.sensitive"`
	Show        string `msg:"card.show"`
	ReplyingTo  string `msg:"card.replyingTo"`
	ShowParent  string `msg:"card.showParent"`
	Quoted      string `msg:"card.quoted"`
	Image       string `msg:"card.image"`
	Via         string `msg:"card.via"`
	Edited      string `msg:"card.edited"`
	Unavailable string `msg:"card.unavailable"` // 404 tombstone
	Protected   string `msg:"card.protected"`   // 403 tombstone
	Suspended   string `msg:"card.suspended"`   // 410 tombstone
	Replies     plural `msg:"card.replies"`
	Reposts     plural `msg:"card.reposts"`
	Likes       plural `msg:"card.likes"`
	ReadReplies plural `msg:"card.readReplies"`

	Button   buttonText
	Page     pageText
	Timeline timelineText

	loc     *i18n.Localizer
	rich    *richTexts // polls, link cards, videos (rich_i18n.go, not yet in the catalogs)
	dates   dateFormat
	numbers numberFormat
}

// count picks the CLDR plural form of p for n and fills in the formatted
// number. A catalog missing the form falls back to "other" (go-i18n), and
// TestCatalogPlurals keeps that from shipping.
func (l *uiLang) count(p plural, n int64, formatted string) string {
	s, _ := l.loc.Localize(pluralConfig(p, n, formatted))
	return s
}

// countCompact is count with the number written compact (1.2K), its
// plural form chosen for the compact value as CLDR says.
func (l *uiLang) countCompact(p plural, n int64) string {
	text, operand := l.numbers.compactCount(n)
	s, _ := l.loc.Localize(pluralConfig(p, operand, text))
	return s
}

// pluralConfig asks for message p with n (an int64 or a CLDR number
// string such as "1.2e3") choosing the form and formatted as its {{.Count}}.
func pluralConfig(p plural, n any, formatted string) *i18n.LocalizeConfig {
	return &i18n.LocalizeConfig{MessageID: p.id, PluralCount: n, TemplateData: map[string]string{"Count": formatted}}
}

// rtlScripts are the scripts written right to left among the shipped
// languages' likely scripts (x/text's CLDR data gives a language's script).
var rtlScripts = map[string]bool{"Arab": true, "Hebr": true, "Syrc": true, "Thaa": true, "Nkoo": true, "Adlm": true}

// loadLangs reads every catalog of supportedLangs and the CLDR data from
// fsys (roost.Locales()) and builds one uiLang per language. It fails on
// a missing file, a message that does not parse, or a key a struct asks
// for that a catalog lacks: a broken catalog stops the program at start.
func loadLangs(fsys fs.FS) (map[string]*uiLang, error) {
	if fsys == nil {
		return nil, errors.New("widgets: Config.Locales is required")
	}
	cldr, err := loadCLDR(fsys)
	if err != nil {
		return nil, err
	}
	bundle := i18n.NewBundle(language.English)
	bundle.RegisterUnmarshalFunc("json", json.Unmarshal)
	m := make(map[string]*uiLang, len(supportedLangs))
	for _, code := range supportedLangs {
		if _, err := bundle.LoadMessageFileFS(fsys, code+".json"); err != nil {
			return nil, fmt.Errorf("widgets: catalog %s: %w", code, err)
		}
	}
	for _, code := range supportedLangs {
		data, ok := cldr[code]
		if !ok {
			return nil, fmt.Errorf("widgets: locales/cldr.json has no %s (run go run ./internal/cldrgen)", code)
		}
		nf := data.numberFormat(code)
		l := &uiLang{Code: code, loc: i18n.NewLocalizer(bundle, code), dates: data.dateFormat(nf), numbers: nf}
		l.RTL = rtlScripts[scriptOf(code)]
		l.rich = richFor(code)
		if err := fillMessages(l.loc, code, reflect.ValueOf(l).Elem()); err != nil {
			return nil, err
		}
		m[code] = l
	}
	return m, nil
}

func scriptOf(code string) string {
	s, _ := language.Make(code).Script()
	return s.String()
}

// asPercentS is the template data that turns every placeholder of a
// phrase ({{.Name}}, {{.Handle}}, {{.Tag}}, {{.Network}}, {{.Query}}) into "%s".
var asPercentS = map[string]string{"Name": "%s", "Handle": "%s", "Tag": "%s", "Network": "%s", "Query": "%s"}

// fillMessages sets every msg-tagged field of v (recursing into untagged
// struct fields) from the localizer, strictly: a message the language's
// own catalog lacks is an error, not a silent English fallback.
func fillMessages(loc *i18n.Localizer, code string, v reflect.Value) error {
	t := v.Type()
	for i := range t.NumField() {
		f, id := v.Field(i), t.Field(i).Tag.Get("msg")
		switch {
		case id == "" && f.Kind() == reflect.Struct && t.Field(i).IsExported():
			if err := fillMessages(loc, code, f); err != nil {
				return err
			}
		case id == "":
		case f.Type() == reflect.TypeOf(plural{}):
			f.Set(reflect.ValueOf(plural{id}))
		default:
			s, tag, err := loc.LocalizeWithTag(&i18n.LocalizeConfig{MessageID: id, TemplateData: asPercentS})
			if err != nil || tag != language.Make(code) {
				return fmt.Errorf("widgets: catalog %s: message %q: missing or invalid (%v)", code, id, err)
			}
			f.SetString(s)
		}
	}
	return nil
}

// messageIDs lists every catalog key a widget uses, from the msg tags: the
// catalog tests compare each file against it.
func messageIDs() []string {
	seen := map[string]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			if id := f.Tag.Get("msg"); id != "" {
				seen[id] = true
			} else if f.Type.Kind() == reflect.Struct && f.IsExported() {
				walk(f.Type)
			}
		}
	}
	walk(reflect.TypeOf(uiLang{}))
	ids := make([]string, 0, len(seen))
	for id := range seen {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
