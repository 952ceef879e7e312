package widgets

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// readCatalog reads locales/<code>.json as go-i18n sees it: a string
// message or a map of plural forms.
func readCatalog(t *testing.T, code string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "locales", code+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s.json: %v", code, err)
	}
	return m
}

// catalogPlaceholder matches a catalog placeholder such as {{.Name}}.
var catalogPlaceholder = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

// placeholders returns the sorted distinct {{.X}} names of a message (all
// of its plural forms together).
func placeholders(v any) []string {
	var text string
	switch v := v.(type) {
	case string:
		text = v
	case map[string]any:
		for _, f := range v {
			s, _ := f.(string)
			text += " " + s
		}
	}
	seen := map[string]bool{}
	for _, m := range catalogPlaceholder.FindAllStringSubmatch(text, -1) {
		seen[m[1]] = true
	}
	var out []string
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// TestCatalogsMatchCode: every shipped catalog has exactly the keys the
// widgets use (none missing, none unused), each with English's
// placeholders, and every catalog file is a shipped language.
func TestCatalogsMatchCode(t *testing.T) {
	ids := messageIDs()
	en := readCatalog(t, "en")
	if got := sortedKeys(en); !reflect.DeepEqual(got, ids) {
		t.Errorf("en.json keys differ from the msg tags:\n json %v\n code %v", got, ids)
	}
	for _, code := range supportedLangs {
		cat := readCatalog(t, code)
		for _, id := range ids {
			v, ok := cat[id]
			if !ok {
				t.Errorf("%s.json: missing %q", code, id)
				continue
			}
			if got, want := placeholders(v), placeholders(en[id]); !reflect.DeepEqual(got, want) {
				t.Errorf("%s.json %q: placeholders %v, English has %v", code, id, got, want)
			}
			if _, isPlural := en[id].(map[string]any); isPlural != isMap(v) {
				t.Errorf("%s.json %q: plural in one catalog and not the other", code, id)
			}
		}
		for id := range cat {
			if _, ok := en[id]; !ok {
				t.Errorf("%s.json: %q is used by no widget", code, id)
			}
		}
	}
	files, _ := filepath.Glob("../locales/*.json")
	if len(files) != len(supportedLangs)+1 { // + cldr.json
		t.Errorf("%d files in locales/, want one per language in supportedLangs (%d) and cldr.json", len(files), len(supportedLangs))
	}
}

// TestCatalogPlurals: every language has each plural form its CLDR rule
// asks for (go-i18n reports a missing one as an error while falling back
// to "other"), over counts that reach every category in the shipped rules.
func TestCatalogPlurals(t *testing.T) {
	langs := testLangs(t)
	counts := []int64{1_000_000, 2_000_000, 1_000_001}
	for n := int64(0); n <= 120; n++ {
		counts = append(counts, n)
	}
	for _, code := range supportedLangs {
		l := langs[code]
		for _, p := range pluralFields() {
			for _, n := range counts {
				_, err := l.loc.Localize(pluralConfig(p, n, "N"))
				if err != nil {
					t.Errorf("%s %s n=%d: %v", code, p.id, n, err)
					break
				}
			}
		}
	}
}

// TestLanguagesNamedInThemselves: the configurator lists each language by
// its own name, all different.
func TestLanguagesNamedInThemselves(t *testing.T) {
	langs := testLangs(t)
	seen := map[string]string{}
	for _, code := range supportedLangs {
		name := langs[code].Name
		if other, dup := seen[name]; dup || strings.TrimSpace(name) == "" {
			t.Errorf("%s is named %q, like %s", code, name, other)
		}
		seen[name] = code
	}
	if len(supportedLangs) < 40 {
		t.Errorf("%d languages, the goal is at least 40", len(supportedLangs))
	}
}

func pluralFields() []plural {
	var out []plural
	for _, id := range messageIDs() {
		if isPluralID(id) {
			out = append(out, plural{id})
		}
	}
	return out
}

func isPluralID(id string) bool {
	en := map[string]bool{}
	walkPlurals(reflect.TypeOf(uiLang{}), en)
	return en[id]
}

func walkPlurals(t reflect.Type, out map[string]bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Type == reflect.TypeOf(plural{}) {
			out[f.Tag.Get("msg")] = true
		} else if f.Type.Kind() == reflect.Struct && f.IsExported() {
			walkPlurals(f.Type, out)
		}
	}
}

func isMap(v any) bool { _, ok := v.(map[string]any); return ok }

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
