package widgets

import (
	"strconv"
	"strings"
	"time"

	cldrplural "golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// dateFormat formats a post's time on the server in one language with the
// CLDR patterns of locales/cldr.json: the short time and the yMMMd date.
// Times are shown in UTC or the widget's tz option: the document is cached
// and shared by every visitor, and the frame script rewrites it to the
// reader's own zone.
type dateFormat struct {
	months     [12]string
	date, time []dateToken
	am, pm     string
	num        numberFormat // the digits
}

// stamp returns "time · date", e.g. "9:41 AM · Nov 3, 2026".
func (f dateFormat) stamp(t time.Time) string {
	return f.expand(f.time, t) + " · " + f.expand(f.date, t)
}

// day returns the date alone, for compact (quoted, parent) cards.
func (f dateFormat) day(t time.Time) string { return f.expand(f.date, t) }

func (f dateFormat) expand(pattern []dateToken, t time.Time) string {
	var b strings.Builder
	for _, tok := range pattern {
		if tok.letter == 0 {
			b.WriteString(tok.text)
			continue
		}
		b.WriteString(f.field(tok, t))
	}
	return b.String()
}

// field formats one pattern field; the letters are CLDR's (y year, M/L
// month, d day, h/H/K/k hour, m minute, a/b/B day period). Letters the
// shipped patterns do not use write nothing.
func (f dateFormat) field(tok dateToken, t time.Time) string {
	switch tok.letter {
	case 'y':
		if tok.width == 2 {
			return f.digits(t.Year()%100, 2)
		}
		return f.digits(t.Year(), 1)
	case 'M', 'L':
		if tok.width >= 3 {
			return f.months[t.Month()-1]
		}
		return f.digits(int(t.Month()), tok.width)
	case 'd':
		return f.digits(t.Day(), tok.width)
	case 'H':
		return f.digits(t.Hour(), tok.width)
	case 'k':
		return f.digits((t.Hour()+23)%24+1, tok.width)
	case 'h':
		return f.digits((t.Hour()+11)%12+1, tok.width)
	case 'K':
		return f.digits(t.Hour()%12, tok.width)
	case 'm':
		return f.digits(t.Minute(), tok.width)
	case 'a', 'b', 'B':
		if t.Hour() < 12 {
			return f.am
		}
		return f.pm
	}
	return ""
}

// digits writes n with at least width digits in the language's digits.
func (f dateFormat) digits(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return f.num.localDigits(s)
}

// numberFormat writes counts the way the language writes them, from CLDR:
// its digits, separators and group sizes (12,34,567 in India; 1234 but
// 12 345 in Polish), and compact forms above a thousand (1.2K, 1,2 tys.,
// 1.2万, 1,2 ألف).
type numberFormat struct {
	tag                          language.Tag
	digits                       []string // nil: 0-9
	decimal, group               string
	primary, secondary, minGroup int
	ranges                       []compactRange
}

// compactRange is the compact pattern of numbers from min up, by plural form.
type compactRange struct {
	min   int64
	forms map[cldrplural.Form]compactPattern
}

// compactPattern is a CLDR compact pattern split at its zeros: "0 тыс."
// is zeros 1, suffix " тыс."; zeros 0 means "write the full number".
type compactPattern struct {
	prefix, suffix string
	zeros          int
}

// compact formats n like X does: truncated, one decimal while the leading
// part has a single digit (1.2K, 12K, 123K, 1.5M).
func (f numberFormat) compact(n int64) string {
	s, _ := f.compactCount(n)
	return s
}

// compactCount returns compact's text and the number as CLDR's plural
// rules should see it: "1.2e3" for 1.2K (so Arabic says "1.2 ألف متابع",
// French "1 M de réponses"), the plain number when it is written in full.
func (f numberFormat) compactCount(n int64) (text, operand string) {
	n = max(n, 0)
	r := f.rangeOf(n)
	if r == nil {
		return f.grouped(n), strconv.FormatInt(n, 10)
	}
	p, ok := r.forms[cldrplural.Other]
	if !ok || p.zeros == 0 {
		return f.grouped(n), strconv.FormatInt(n, 10)
	}
	unit, exp := r.min, len(strconv.FormatInt(r.min, 10))-1
	for range p.zeros - 1 {
		unit /= 10
		exp--
	}
	tenths := n * 10 / unit
	whole, frac := tenths/10, tenths%10
	num, v := f.grouped(whole), 0
	operand = strconv.FormatInt(whole, 10)
	if p.zeros == 1 && whole < 10 && frac != 0 {
		num, v = num+f.decimal+f.localDigits(strconv.FormatInt(frac, 10)), 1
		operand += "." + strconv.FormatInt(frac, 10)
	} else {
		frac = 0
	}
	form := cldrplural.Cardinal.MatchPlural(f.tag, int(whole), v, v, int(frac), int(frac))
	if fp, ok := r.forms[form]; ok && fp.zeros > 0 {
		p = fp
	}
	return p.prefix + num + p.suffix, operand + "e" + strconv.Itoa(exp)
}

func (f numberFormat) rangeOf(n int64) *compactRange {
	var r *compactRange
	for i := range f.ranges {
		if f.ranges[i].min <= n {
			r = &f.ranges[i]
		}
	}
	return r
}

// grouped writes n in full with the language's group separator, from
// primary+minGroup digits on.
func (f numberFormat) grouped(n int64) string {
	s := strconv.FormatInt(max(n, 0), 10)
	if f.primary == 0 || len(s) < f.primary+max(f.minGroup, 1) {
		return f.localDigits(s)
	}
	groups := []string{s[len(s)-f.primary:]}
	for s = s[:len(s)-f.primary]; len(s) > f.secondary; s = s[:len(s)-f.secondary] {
		groups = append(groups, s[len(s)-f.secondary:])
	}
	groups = append(groups, s)
	var b strings.Builder
	for i := len(groups) - 1; i >= 0; i-- {
		b.WriteString(groups[i])
		if i > 0 {
			b.WriteString(f.group)
		}
	}
	return f.localDigits(b.String())
}

// localDigits replaces ASCII digits with the language's own.
func (f numberFormat) localDigits(s string) string {
	if f.digits == nil {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= '0' && c <= '9' {
			b.WriteString(f.digits[c-'0'])
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}
