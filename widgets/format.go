package widgets

import (
	"strconv"
	"strings"
	"time"
)

// dateFormat formats a post's time on the server in one language. Patterns
// use {y} {m} (month number) {M} (month name) {d} {H} {HH} {h} {mm} {a}.
// Times are shown in UTC: the card is cached and shared by every visitor.
type dateFormat struct {
	Months [12]string
	Date   string
	Time   string
	AM, PM string
}

// stamp returns "time · date", e.g. "9:41 AM · Nov 3, 2026".
func (f dateFormat) stamp(t time.Time) string {
	t = t.UTC()
	return f.expand(f.Time, t) + " · " + f.expand(f.Date, t)
}

// day returns the date alone, for compact (quoted, parent) cards.
func (f dateFormat) day(t time.Time) string { return f.expand(f.Date, t.UTC()) }

func (f dateFormat) expand(pattern string, t time.Time) string {
	var b strings.Builder
	for pattern != "" {
		i := strings.IndexByte(pattern, '{')
		j := strings.IndexByte(pattern, '}')
		if i < 0 || j < i {
			b.WriteString(pattern)
			break
		}
		b.WriteString(pattern[:i])
		b.WriteString(f.field(pattern[i+1:j], t))
		pattern = pattern[j+1:]
	}
	return b.String()
}

func (f dateFormat) field(name string, t time.Time) string {
	switch name {
	case "y":
		return strconv.Itoa(t.Year())
	case "m":
		return strconv.Itoa(int(t.Month()))
	case "M":
		return f.Months[t.Month()-1]
	case "d":
		return strconv.Itoa(t.Day())
	case "H":
		return strconv.Itoa(t.Hour())
	case "HH":
		return twoDigits(t.Hour())
	case "h":
		return strconv.Itoa((t.Hour()+11)%12 + 1)
	case "mm":
		return twoDigits(t.Minute())
	case "a":
		if t.Hour() < 12 {
			return f.AM
		}
		return f.PM
	}
	return ""
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// numberFormat writes counts the way the language writes them: full with
// group separators below a thousand, compact above (1.2K, 1,2 k, 1.2万).
type numberFormat struct {
	Decimal, Group    string
	Thousand, Million string
	Myriad            bool // Japanese groups by 10⁴ (万) and 10⁸ (億)
}

// unit is a power of ten and the suffix that names it.
type unit struct {
	size   int64
	suffix string
}

// compact formats n like X does: truncated, one decimal while the leading
// part has a single digit (1.2K, 12K, 123K, 1.5M).
func (f numberFormat) compact(n int64) string {
	if n < 0 {
		n = 0
	}
	units := []unit{{1_000_000, f.Million}, {1_000, f.Thousand}}
	if f.Myriad {
		units = []unit{{100_000_000, "億"}, {10_000, "万"}}
	}
	for _, u := range units {
		if n >= u.size {
			return f.scaled(n, u.size) + u.suffix
		}
	}
	return f.grouped(n)
}

func (f numberFormat) scaled(n, unit int64) string {
	tenths := n * 10 / unit
	whole := strconv.FormatInt(tenths/10, 10)
	if tenths < 100 && tenths%10 != 0 {
		return whole + f.Decimal + strconv.FormatInt(tenths%10, 10)
	}
	return f.grouped(tenths / 10)
}

func (f numberFormat) grouped(n int64) string {
	s := strconv.FormatInt(n, 10)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(f.Group)
		}
		b.WriteRune(c)
	}
	return b.String()
}
