package e2e

import "time"

// shown is one answer a node gave for a post on a surface: the oldest
// version of the post it can have shown (given the answers before it), and
// when it was sent and ended.
type shown struct {
	ver        int
	start, end time.Time
}

// answers is what a node has shown of one post on one surface, kept as the
// answers no other answer makes redundant: ordered by end, each showing a
// newer version than every answer that ended before it.
type answers []shown

// floor returns the answer that bounds what an answer sent at t may show:
// of the answers that had ended by t, the one that showed the newest
// version. ok is false when none had ended.
func (a answers) floor(t time.Time) (shown, bool) {
	for i := len(a) - 1; i >= 0; i-- {
		if a[i].end.Before(t) {
			return a[i], true
		}
	}
	return shown{}, false
}

// add returns a with x, dropping the answers x makes redundant (ended no
// earlier, showed no newer) and leaving a unchanged when x is redundant.
func (a answers) add(x shown) answers {
	out := make(answers, 0, len(a)+1)
	placed := false
	for _, p := range a {
		if !p.end.After(x.end) && p.ver >= x.ver {
			return a // an answer that ended no later showed as new
		}
		if !x.end.After(p.end) && x.ver >= p.ver {
			continue // x ended no later and showed as new
		}
		if !placed && x.end.Before(p.end) {
			out, placed = append(out, x), true
		}
		out = append(out, p)
	}
	if !placed {
		out = append(out, x)
	}
	return out
}
