package storage

import (
	"encoding/hex"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Search text is normalised here, in Go, for both backends alike, so that
// SQLite's FTS5 and PostgreSQL's tsvector index exactly the same tokens and
// a query matches the same posts on either: no stemming and no stop words
// (they differ per language and per engine), but case folding, accents and
// other combining marks dropped, Arabic letter variants unified, and
// scripts written without spaces (CJK, Thai, Lao, Khmer, Myanmar) cut into
// overlapping bigrams.
//
// Every token reaches the database hex-encoded: the engines' tokenisers
// then see only [0-9a-f] words, whatever the script, the database locale
// or the engine's own syntax, so no text can ever be read as FTS5 or
// tsquery syntax. Reserved tokens (searchLinkToken) contain letters that
// hex never produces, so they cannot collide with a word.

// maxTokenBytes is the longest token kept (longer words are cut at a rune
// boundary): PostgreSQL refuses lexemes over 2 KB, and nobody searches for
// a 100-byte word.
const maxTokenBytes = 100

// SearchLinkToken is the reserved token of a post with a link (has:link).
const SearchLinkToken = "qhaslink"

var folder = cases.Fold()

// SearchDoc is what the index stores for a post: its tokens in text order
// (positions count from 1) followed by the run-final unigrams of unspaced
// scripts, which sit after every word so they never break a phrase.
func SearchDoc(p *Post) []string {
	words, tails := tokenize(p.Text)
	doc := append(words, tails...)
	for _, e := range p.Entities {
		if e.Kind == EntityURL {
			doc = append(doc, SearchLinkToken)
			break
		}
	}
	return doc
}

// SearchTokens returns the hex tokens of a query word or phrase, in order.
// A lone character of an unspaced script comes back with prefix set: it is
// matched against the bigrams that start with it, and its own unigram.
func SearchTokens(s string) (tokens []string, prefix bool) {
	words, tails := tokenize(s)
	if len(words) == 0 && len(tails) == 0 {
		return nil, false
	}
	if len(words) == 1 && len(tails) == 0 && isUnigram(words[0]) {
		return words, true
	}
	return words, false
}

// isUnigram reports whether a hex token is one character of an unspaced
// script (as SearchTokens and tokenize make them).
func isUnigram(tok string) bool {
	b, err := hex.DecodeString(tok)
	if err != nil {
		return false
	}
	r, n := utf8.DecodeRune(b)
	return n == len(b) && unspaced(r)
}

// tokenize folds s and cuts it into hex tokens: words in order, and the
// trailing unigram of each run of an unspaced script (in tails).
func tokenize(s string) (words, tails []string) {
	var (
		word []rune // letters of the current spaced word
		run  []rune // runes of the current unspaced run
	)
	flushWord := func() {
		word = stripArticle(word)
		if len(word) > 0 {
			words = append(words, hexToken(string(word)))
			word = word[:0]
		}
	}
	flushRun := func() {
		switch len(run) {
		case 0:
			return
		case 1:
			words = append(words, hexToken(string(run)))
		default:
			for i := 0; i+1 < len(run); i++ {
				words = append(words, hexToken(string(run[i:i+2])))
			}
			tails = append(tails, hexToken(string(run[len(run)-1:])))
		}
		run = run[:0]
	}
	for _, r := range foldText(s) {
		switch {
		case unspaced(r):
			flushWord()
			run = append(run, r)
		case unicode.IsLetter(r) || unicode.IsNumber(r):
			flushRun()
			word = append(word, r)
		default:
			flushWord()
			flushRun()
		}
	}
	flushWord()
	flushRun()
	return words, tails
}

// foldText case-folds s, decomposes it and drops combining marks (accents,
// Arabic harakat, Hebrew points), the tatweel and zero-width joiners, and
// unifies Arabic letter variants (alef forms, alef maqsura, teh marbuta)
// as Arabic search engines do. Marks on kana stay (が is not か), and the
// result is recomposed so Hangul stays in syllables. Invalid UTF-8 becomes
// spaces.
func foldText(s string) []rune {
	s = norm.NFKD.String(folder.String(strings.ToValidUTF8(s, " ")))
	kept := make([]rune, 0, len(s))
	baseUnspaced := false
	for _, r := range s {
		if unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Me, r) {
			if baseUnspaced {
				kept = append(kept, r)
			}
			continue
		}
		baseUnspaced = unspaced(r)
		switch r {
		case 'ـ', '\u200C', '\u200D', '\u00AD':
			continue
		case 'أ', 'إ', 'آ', 'ٱ':
			r = 'ا'
		case 'ى':
			r = 'ي'
		case 'ة':
			r = 'ه'
		}
		kept = append(kept, r)
	}
	return []rune(norm.NFC.String(string(kept)))
}

// stripArticle drops the Arabic definite article ال from a word of four
// letters or more, so "المكتبة" matches "مكتبة" (light stemming, as
// Arabic search engines do; the rest of the word is left alone).
func stripArticle(word []rune) []rune {
	if len(word) >= 4 && word[0] == 'ا' && word[1] == 'ل' {
		return word[2:]
	}
	return word
}

// unspaced reports whether r belongs to a script written without spaces
// between words, which the index cuts into bigrams.
func unspaced(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Thai,
		unicode.Lao, unicode.Khmer, unicode.Myanmar) || r == 'ー'
}

// hexToken cuts a token to maxTokenBytes at a rune boundary and encodes it.
func hexToken(s string) string {
	if len(s) > maxTokenBytes {
		cut := maxTokenBytes
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	return hex.EncodeToString([]byte(s))
}
