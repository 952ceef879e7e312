package entity

import "strings"

// hostAt matches a host name starting at byte i and returns where it ends:
// dot-separated ASCII labels (punycode for IDN), at least two, the last
// alphabetic (or punycode) and two letters or more, or a dotted IPv4
// address. A trailing dot is left out: it ends the sentence.
func hostAt(text string, i int) (int, bool) {
	end, labels := labelsEnd(text, i)
	if labels < 2 || !validLabels(text[i:end]) {
		return i, false
	}
	host := text[i:end]
	if tld := lastLabel(host); isAlphaTLD(tld) || (labels == 4 && isIPv4(host)) {
		return end, true
	}
	return i, false
}

// labelsEnd scans dot-separated runs of [A-Za-z0-9_-] from byte i and
// returns where the last label ends and how many labels there were. A dot
// not followed by a label character ends the scan before the dot.
func labelsEnd(text string, i int) (end, labels int) {
	j := i
	for {
		k := j
		for k < len(text) && isLabelByte(text[k]) {
			k++
		}
		if k == j {
			return end, labels
		}
		end, labels = k, labels+1
		if k+1 >= len(text) || text[k] != '.' || !isLabelByte(text[k+1]) {
			return end, labels
		}
		j = k + 1
	}
}

// isLabelByte reports whether c may appear in a domain label.
func isLabelByte(c byte) bool {
	return isASCIIAlnum(c) || c == '-' || c == '_'
}

// validLabels reports whether no label of host starts or ends with '-' and
// the last two labels (registrable domain and TLD) hold no '_'.
func validLabels(host string) bool {
	n := strings.Count(host, ".")
	for idx, label := range strings.Split(host, ".") {
		if label == "" || label[0] == '-' || label[len(label)-1] == '-' || len(label) > 63 {
			return false
		}
		if idx >= n-1 && strings.IndexByte(label, '_') >= 0 {
			return false
		}
	}
	return true
}

// lastLabel returns the text after the last dot of host.
func lastLabel(host string) string {
	return host[strings.LastIndexByte(host, '.')+1:]
}

// isAlphaTLD reports whether tld looks like a top-level domain: letters
// only, or punycode ("xn--…").
func isAlphaTLD(tld string) bool {
	if len(tld) < 2 {
		return false
	}
	if hasPrefixFold(tld, "xn--") {
		return len(tld) > 4
	}
	for i := 0; i < len(tld); i++ {
		if !isASCIILetter(tld[i]) {
			return false
		}
	}
	return true
}

// isIPv4 reports whether host is four dot-separated numbers of at most
// three digits.
func isIPv4(host string) bool {
	for label := range strings.SplitSeq(host, ".") {
		if len(label) > 3 {
			return false
		}
		for i := 0; i < len(label); i++ {
			if !isDigit(label[i]) {
				return false
			}
		}
	}
	return true
}
