package storage

import (
	"strings"
	"testing"
)

func TestParseSearch(t *testing.T) {
	tests := map[string]string{
		`quick  Brown`:              tok("quick") + " " + tok("brown"),
		`"Quick brown" -fox`:        tok("quick") + "." + tok("brown") + " -" + tok("fox"),
		`from:@Alice #Go lang:PT`:   "from:alice #go lang:pt",
		`-from:bob -#x -has:links`:  "-from:bob -#x -has:link",
		`has:images has:videos`:     "has:media has:video",
		`10:30 wat:ever`:            tok("10") + "." + tok("30") + " " + tok("wat") + "." + tok("ever"),
		`"unbalanced phrase`:        tok("unbalanced") + "." + tok("phrase"),
		`東京`:                        tok("東京"),
		`東`:                         tok("東") + "*",
		`Crème BRÛLÉE`:              tok("creme") + " " + tok("brulee"),
		`* NEAR : " `:               tok("near"),
		`from:not-a-handle lang:1x`: tok("from") + "." + tok("not") + "." + tok("a") + "." + tok("handle") + " " + tok("lang") + "." + tok("1x"),
	}
	for in, want := range tests {
		q := ParseSearch(in)
		if got := q.Key(); got != want {
			t.Errorf("ParseSearch(%q).Key() = %q, want %q", in, got, want)
		}
	}
}

// tok is the hex token of an already folded word.
func tok(w string) string {
	toks, _ := SearchTokens(w)
	return strings.Join(toks, ".")
}

func TestParseSearchLimits(t *testing.T) {
	q := ParseSearch(strings.Repeat("word ", 1000))
	if len(q.Terms) > MaxSearchTerms {
		t.Errorf("%d terms, want at most %d", len(q.Terms), MaxSearchTerms)
	}
	q = ParseSearch(`"` + strings.Repeat("a ", 100) + `"`)
	if len(q.Terms) != 1 || len(q.Terms[0].Tokens) != maxPhraseTokens {
		t.Errorf("a long phrase: %+v, want one term of %d tokens", q.Terms, maxPhraseTokens)
	}
	for _, in := range []string{"", "   ", "-", "-quick", `""`, `"*"`} {
		if q := ParseSearch(in); q.Positive() {
			t.Errorf("ParseSearch(%q) is positive: %+v", in, q)
		}
	}
}

func TestSearchDoc(t *testing.T) {
	p := &Post{Text: "Ça va? 東京都 x", Entities: []Entity{{Kind: EntityURL}}}
	got := SearchDoc(p)
	want := []string{tok("ca"), tok("va"), tok("東京"), tok("京都"), tok("x"), tok("都"), SearchLinkToken}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("SearchDoc = %v, want %v", got, want)
	}
	long := SearchDoc(&Post{Text: strings.Repeat("é", 300)})
	if len(long) != 1 || len(long[0]) > 2*maxTokenBytes {
		t.Errorf("a 300-rune word gave %d tokens of %d hex digits", len(long), len(long[0]))
	}
}
