package widgets

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"

	cldrplural "golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// cldrLocale is one language's number and date data in locales/cldr.json,
// generated from Unicode CLDR by internal/cldrgen (see there for fields).
type cldrLocale struct {
	Digits    string
	Decimal   string
	Group     string
	Primary   int
	Secondary int
	MinGroup  int
	Compact   []struct {
		Min   int64
		Forms map[string]string
	}
	Months [12]string
	Date   string
	Time   string
	AM, PM string
	CLDR   string
}

func loadCLDR(fsys fs.FS) (map[string]*cldrLocale, error) {
	b, err := fs.ReadFile(fsys, "cldr.json")
	if err != nil {
		return nil, fmt.Errorf("widgets: %w", err)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("widgets: locales/cldr.json: %w", err)
	}
	m := make(map[string]*cldrLocale, len(raw))
	for code, v := range raw {
		if code == "_" {
			continue
		}
		l := new(cldrLocale)
		if err := json.Unmarshal(v, l); err != nil {
			return nil, fmt.Errorf("widgets: locales/cldr.json %s: %w", code, err)
		}
		m[code] = l
	}
	return m, nil
}

// pluralForms are CLDR's plural category names as x/text knows them.
var pluralForms = map[string]cldrplural.Form{
	"zero": cldrplural.Zero, "one": cldrplural.One, "two": cldrplural.Two, "few": cldrplural.Few, "many": cldrplural.Many, "other": cldrplural.Other,
}

func (c *cldrLocale) numberFormat(code string) numberFormat {
	f := numberFormat{tag: language.Make(code), decimal: c.Decimal, group: c.Group,
		primary: c.Primary, secondary: c.Secondary, minGroup: c.MinGroup}
	if d := []rune(c.Digits); len(d) == 10 {
		f.digits = make([]string, 10)
		for i, r := range d {
			f.digits[i] = string(r)
		}
	}
	for _, r := range c.Compact {
		cr := compactRange{min: r.Min, forms: map[cldrplural.Form]compactPattern{}}
		for name, p := range r.Forms {
			if form, ok := pluralForms[name]; ok {
				cr.forms[form] = parseCompact(p)
			}
		}
		f.ranges = append(f.ranges, cr)
	}
	return f
}

// parseCompact splits a CLDR compact pattern ("0K", "00 тыс'.'", "0") at
// its run of zeros and removes the quoting of literal text. A pattern of
// zeros alone means the number is written in full (ja 1000 is "0").
func parseCompact(p string) compactPattern {
	i := strings.IndexByte(p, '0')
	if i < 0 {
		return compactPattern{prefix: unquote(p)}
	}
	j := i
	for j < len(p) && p[j] == '0' {
		j++
	}
	c := compactPattern{prefix: unquote(p[:i]), zeros: j - i, suffix: unquote(p[j:])}
	if c.prefix == "" && c.suffix == "" {
		return compactPattern{} // a bare "0": no compact form at this size
	}
	return c
}

// unquote removes CLDR pattern quotes: 'x' is literal x, ” is a quote.
func unquote(s string) string {
	if !strings.Contains(s, "'") {
		return s
	}
	s = strings.ReplaceAll(s, "''", "\x00")
	s = strings.ReplaceAll(s, "'", "")
	return strings.ReplaceAll(s, "\x00", "'")
}

func (c *cldrLocale) dateFormat(n numberFormat) dateFormat {
	return dateFormat{months: c.Months, date: parseDatePattern(c.Date), time: parseDatePattern(c.Time),
		am: c.AM, pm: c.PM, num: n}
}

// dateToken is a field of a CLDR date pattern ("MMM": letter M, width 3)
// or, with letter 0, literal text.
type dateToken struct {
	letter byte
	width  int
	text   string
}

// parseDatePattern tokenises a CLDR date pattern such as "d 'de' MMM 'de' y".
func parseDatePattern(p string) []dateToken {
	var out []dateToken
	lit := func(s string) {
		if n := len(out); n > 0 && out[n-1].letter == 0 {
			out[n-1].text += s
			return
		}
		out = append(out, dateToken{text: s})
	}
	for i := 0; i < len(p); {
		c := p[i]
		switch {
		case c == '\'':
			j := strings.IndexByte(p[i+1:], '\'')
			if j < 0 {
				lit(p[i+1:])
				return out
			}
			if j == 0 {
				lit("'")
			} else {
				lit(p[i+1 : i+1+j])
			}
			i += j + 2
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i
			for j < len(p) && p[j] == c {
				j++
			}
			out = append(out, dateToken{letter: c, width: j - i})
			i = j
		default:
			j := i + 1
			for j < len(p) && p[j] != '\'' && !(p[j] >= 'a' && p[j] <= 'z' || p[j] >= 'A' && p[j] <= 'Z') {
				j++
			}
			lit(p[i:j])
			i = j
		}
	}
	return out
}
