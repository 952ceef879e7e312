package cache

import "strings"

// coding is a content coding the cache holds a body for.
type coding uint8

const (
	codingIdentity coding = iota
	codingGzip
	codingBrotli
)

// Body returns the body to send for a request's Accept-Encoding header and
// the Content-Encoding to send with it ("" for identity). It prefers the
// coding with the higher q-value and brotli on a tie, never picks a coding
// the client refused with q=0, and falls back to identity. It runs on
// every hit, so it does not allocate.
func (e *Entry) Body(acceptEncoding string) (body []byte, encoding string) {
	switch negotiate(acceptEncoding) {
	case codingBrotli:
		return e.BrotliBody(), "br"
	case codingGzip:
		return e.Gzip, "gzip"
	default:
		return e.Identity, ""
	}
}

// negotiate picks a coding from an Accept-Encoding value (RFC 9110
// §12.5.3). Weights are in thousandths; -1 means the coding was not named,
// in which case "*" speaks for it. An empty header means identity: old
// clients that send nothing rarely cope with anything else.
func negotiate(header string) coding {
	br, gz, star := -1, -1, -1
	for header != "" {
		var item string
		item, header, _ = strings.Cut(header, ",")
		name, params, _ := strings.Cut(item, ";")
		name = strings.TrimSpace(name)
		switch {
		case strings.EqualFold(name, "br"):
			br = weight(params)
		case strings.EqualFold(name, "gzip"), strings.EqualFold(name, "x-gzip"):
			gz = weight(params)
		case name == "*":
			star = weight(params)
		}
	}
	if br < 0 {
		br = star
	}
	if gz < 0 {
		gz = star
	}
	switch {
	case br > 0 && br >= gz:
		return codingBrotli
	case gz > 0:
		return codingGzip
	default:
		return codingIdentity
	}
}

// weight finds the q parameter among ";"-separated params and returns it in
// thousandths; 1000 when absent or malformed (a malformed weight should not
// turn a coding off).
func weight(params string) int {
	for params != "" {
		var p string
		p, params, _ = strings.Cut(params, ";")
		name, value, ok := strings.Cut(p, "=")
		if ok && strings.EqualFold(strings.TrimSpace(name), "q") {
			return qvalue(strings.TrimSpace(value))
		}
	}
	return 1000
}

// qvalue parses "0", "0.5", "1.000" and the like into thousandths.
func qvalue(s string) int {
	if s == "" || (s[0] != '0' && s[0] != '1') {
		return 1000
	}
	q := int(s[0]-'0') * 1000
	if len(s) > 1 {
		if s[1] != '.' {
			return 1000
		}
		scale := 100
		for i := 2; i < len(s) && scale > 0; i++ {
			if s[i] < '0' || s[i] > '9' {
				return 1000
			}
			q += int(s[i]-'0') * scale
			scale /= 10
		}
	}
	return min(q, 1000)
}
