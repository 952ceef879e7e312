package widgets

import (
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // the zone database inside the binary: tz works on images without /usr/share/zoneinfo
)

// maxTZLen bounds a tz value: the longest IANA name is 32 bytes.
const maxTZLen = 40

// zones caches the locations of the tz values seen, keyed by IANA name.
// Only names that load are kept, so the map is bounded by the zone
// database; a cached name returns without allocating.
var zones = struct {
	sync.RWMutex
	m map[string]*time.Location
}{m: map[string]*time.Location{}}

// parseTZ normalises the tz option to an IANA zone name, or "" (UTC) for
// an absent, malformed or unknown one: never an error. It returns the
// cached name, never s, which may be request memory.
func parseTZ(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > maxTZLen || !zoneNameChars(s) {
		return ""
	}
	zones.RLock()
	loc, ok := zones.m[s]
	zones.RUnlock()
	if ok {
		return loc.String()
	}
	if s == "Local" || strings.EqualFold(s, "UTC") {
		return ""
	}
	loc, err := time.LoadLocation(s)
	if err != nil {
		return ""
	}
	zones.Lock()
	zones.m[loc.String()] = loc
	zones.Unlock()
	return loc.String()
}

// zoneNameChars accepts the characters of IANA names (Europe/Warsaw,
// America/Port-au-Prince, Etc/GMT+5): no dots, so no path can climb.
func zoneNameChars(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '/' || c == '_' || c == '-' || c == '+') {
			return false
		}
	}
	return s[0] != '/'
}

// zoneLocation returns the location of a name parseTZ returned (UTC for "").
func zoneLocation(name string) *time.Location {
	if name == "" {
		return time.UTC
	}
	zones.RLock()
	loc, ok := zones.m[name]
	zones.RUnlock()
	if !ok {
		return time.UTC
	}
	return loc
}
