package widgets

import (
	"strings"
	"testing"
	"time"
)

func TestParseTZ(t *testing.T) {
	tests := map[string]string{
		"": "", "UTC": "", "utc": "", "Local": "", "Europe/Warsaw": "Europe/Warsaw", " Asia/Tokyo ": "Asia/Tokyo",
		"America/Argentina/Buenos_Aires": "America/Argentina/Buenos_Aires", "Etc/GMT+5": "Etc/GMT+5",
		"../../etc/passwd": "", "/etc/localtime": "", "Mars/Olympus": "", "Europe/Warsaw\x00": "",
		strings.Repeat("A/", 5000): "", "<script>": "",
	}
	for in, want := range tests {
		if got := parseTZ(in); got != want {
			t.Errorf("parseTZ(%.40q) = %q, want %q", in, got, want)
		}
	}
	if n := testing.AllocsPerRun(100, func() { parseTZ("Europe/Warsaw") }); n > 0 {
		t.Errorf("a known zone costs %.0f allocations", n)
	}
}

// The card's absolute date is in the tz option's zone; the key tells
// zones apart and garbage falls back to UTC's key.
func TestCardTimeZone(t *testing.T) {
	r := newTestRenderer(t)
	v := typicalPost(t)
	v.Post.CreatedAt = time.Date(2026, 11, 3, 23, 30, 0, 0, time.UTC)
	get := func(q map[string]string) func(string) string { return func(k string) string { return q[k] } }
	warsaw := ParsePostOptions(get(map[string]string{"tz": "Europe/Warsaw"}))
	c := r.builder(warsaw).card(v)
	if c.Time != "12:30\u202fAM · Nov 4, 2026" || c.TimeISO != "2026-11-03T23:30:00Z" {
		t.Errorf("Warsaw: %q (%s)", c.Time, c.TimeISO)
	}
	bad := ParsePostOptions(get(map[string]string{"tz": "Nowhere/Zone"}))
	if bad.Key() != DefaultPostOptions().Key() || warsaw.Key() == bad.Key() {
		t.Errorf("keys: warsaw %q, garbage %q, default %q", warsaw.Key(), bad.Key(), DefaultPostOptions().Key())
	}
}
