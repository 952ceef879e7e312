package e2e

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"sync"
	"time"
)

// The model behind the multi-instance tests. Every post's text carries a
// marker "T<target>v<k>" (k grows with each edit) and every author's name
// "N<user>n<j>" (j grows with each protect/suspend toggle), so each visible
// state of a post is unique and a response tells which version it shows.

// kind is what a visitor may see of a post.
type kind int

const (
	visible kind = iota
	deleted
	protected
	suspended
)

// surface is one way of showing a post.
type surface struct {
	name string
	path func(n *node, tg *target) string
}

var surfaces = []surface{
	{"card", func(_ *node, tg *target) string { return "/embed/post/" + tg.id }},
	{"json", func(_ *node, tg *target) string { return "/api/v1/posts/" + tg.id }},
	{"oembed", func(n *node, tg *target) string {
		return "/oembed?url=" + url.QueryEscape(n.url()+"/"+tg.user.handle+"/status/"+tg.id)
	}},
	{"permalink", func(_ *node, tg *target) string { return "/" + tg.user.handle + "/status/" + tg.id }},
	{"timeline", func(_ *node, tg *target) string { return "/embed/timeline/" + tg.user.handle + "?limit=20" }},
}

// sig is what a response shows of one post: status and the markers found
// (-1 when absent).
type sig struct{ status, k, j int }

// shape is how a surface shows a post of some kind: the status and which
// markers appear. calibrate measures it.
type shape struct {
	status     int
	hasK, hasJ bool
}

type tuser struct {
	idx    int
	handle string
	state  kind // visible, protected or suspended
	name   int
	live   int       // posts not deleted
	states []version // the user's state changes, as a missing post of theirs shows them
}

// version is one state of a post, written by the change issued at issued.
type version struct {
	issued time.Time
	acked  time.Time // when the write returned (zero before)
	kind   kind
	author kind // the author's state: visible, protected or suspended
	k, j   int
}

type target struct {
	idx  int
	id   string
	user *tuser
	k    int
	gone bool
	hist []version
}

// model holds the expected history of every post and what each node has
// shown, to measure convergence and find resurrections.
type model struct {
	mu          sync.Mutex
	shapes      map[string]map[kind]shape // surface → kind → shape
	users       []*tuser
	targets     []*target
	seen        map[string]answers // node|target|surface → what the node showed
	resurr      []string
	unavailable int // 503 answers: an overloaded instance failing fast
	odd         []string
	reads       int
	markerRE    map[string]*regexp.Regexp
	writer      string // the node every write goes through
}

func newModel() *model {
	return &model{shapes: map[string]map[kind]shape{}, seen: map[string]answers{}, markerRE: map[string]*regexp.Regexp{}}
}

// expect is the signature surface s shows for version v. A timeline
// without the post still shows its author's state (and name, through
// their other posts: every user keeps at least two).
func (m *model) expect(s string, v version) sig {
	sh := m.shapes[s][v.kind]
	if s == "timeline" && v.kind == deleted {
		sh = m.shapes[s][v.author]
		sh.hasK = false
	}
	out := sig{sh.status, -1, -1}
	if sh.hasK {
		out.k = v.k
	}
	if sh.hasJ {
		out.j = v.j
	}
	return out
}

// read extracts the signature of tg from a response of surface s.
func (m *model) read(s string, status int, body string, tg *target) sig {
	return sig{status, m.marker(body, "T"+strconv.Itoa(tg.idx)+"v"), m.marker(body, "N"+strconv.Itoa(tg.user.idx)+"n")}
}

// surfaceList returns the surfaces calibrate found answering.
func (m *model) surfaceList() []surface {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []surface
	for _, s := range surfaces {
		if _, ok := m.shapes[s.name]; ok {
			out = append(out, s)
		}
	}
	return out
}

func (m *model) marker(body, prefix string) int {
	m.mu.Lock()
	re := m.markerRE[prefix]
	if re == nil {
		re = regexp.MustCompile(`(?:^|[^0-9A-Za-z])` + prefix + `(\d+)(?:$|[^0-9A-Za-z])`)
		m.markerRE[prefix] = re
	}
	m.mu.Unlock()
	sub := re.FindStringSubmatch(body)
	if sub == nil {
		return -1
	}
	n, _ := strconv.Atoi(sub[1])
	return n
}

// observe records that node showed got for tg on surface s, in a response
// to a request sent at start that ended at end, and returns the newest
// version it can be (what convergence waits for).
//
// A response may match several versions: a hidden post or author shows no
// marker, so the state before a lift and after the next hide look alike,
// and a change issued before the response ended may not have committed
// yet (a write can take tens of milliseconds under load). So each answer
// is taken to show the OLDEST version it matches that is no older than
// the answer's lower bound: what the node provably showed in the answers
// that ended before it was sent and, on the node the writes go through,
// every version whose write had returned before it was sent (the writer
// invalidates its cache before answering the write). An answer that
// matches no version at or above its bound is a resurrection. Taking the
// oldest version keeps the check exact: an answer is flagged exactly when
// no assignment of versions to the node's answers is monotonic and
// consistent with the writes. (Answers in flight together may end in
// either order.)
func (m *model) observe(n *node, s string, tg *target, got sig, start, end time.Time) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.reads++
	if got.status == 503 {
		// The designed answer of an instance whose renders overran their
		// deadline (CPU starvation): counted, not matched to a version.
		m.unavailable++
		return -1
	}
	key := n.name + "|" + strconv.Itoa(tg.idx) + "|" + s
	past := m.seen[key]
	lower, why := m.lowerBound(n, tg, past, start)
	oldest, newest := -1, -1
	for i, v := range tg.hist {
		if v.issued.After(end) || m.expect(s, v) != got {
			continue
		}
		newest = i
		if oldest < 0 && i >= lower {
			oldest = i
		}
	}
	switch {
	case newest < 0:
		if len(m.odd) < 1000 {
			m.odd = append(m.odd, fmt.Sprintf("%s %s T%d: got %+v, history %+v", n.name, s, tg.idx, got, tg.hist))
		}
	case oldest < 0:
		m.resurr = append(m.resurr, fmt.Sprintf("%s %s T%d: an answer sent %s, ended %s, showed version %d %s (or older) %s",
			n.name, s, tg.idx, clock(start), clock(end), newest, tg.hist[newest], why))
	default:
		m.seen[key] = past.add(shown{ver: oldest, start: start, end: end})
	}
	return newest
}

// lowerBound is the oldest version of tg an answer of node n sent at start
// may show, and why; -1 when anything goes.
func (m *model) lowerBound(n *node, tg *target, past answers, start time.Time) (int, string) {
	lower, why := -1, ""
	if f, ok := past.floor(start); ok {
		lower = f.ver
		why = fmt.Sprintf("after an answer sent %s, ended %s, had shown version %d %s (or newer)",
			clock(f.start), clock(f.end), f.ver, tg.hist[f.ver])
	}
	if n.name != m.writer {
		return lower, why
	}
	for i := len(tg.hist) - 1; i > lower; i-- {
		if v := tg.hist[i]; !v.acked.IsZero() && v.acked.Before(start) {
			return i, fmt.Sprintf("though the write of version %d %s had returned", i, v)
		}
	}
	return lower, why
}

// String shows a version with the wall-clock time of the change that made
// it, to line it up with the instances' logs.
func (v version) String() string {
	return fmt.Sprintf("{issued %s acked %s kind:%d author:%d k:%d j:%d}", clock(v.issued), clock(v.acked), v.kind, v.author, v.k, v.j)
}

// clock is a wall-clock time to the microsecond (UTC, as the JSON logs),
// "-" for none.
func clock(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("15:04:05.000000")
}

// liveTargets returns a snapshot of the posts that exist.
func (m *model) liveTargets() []*target {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []*target
	for _, tg := range m.targets {
		if !tg.gone {
			out = append(out, tg)
		}
	}
	return out
}

// pickRandom returns a random element of the targets or users matching ok.
func pickRandom[T any](rng *rand.Rand, all []T, ok func(T) bool) (T, bool) {
	var c []T
	for _, x := range all {
		if ok(x) {
			c = append(c, x)
		}
	}
	if len(c) == 0 {
		var zero T
		return zero, false
	}
	return c[rng.IntN(len(c))], true
}

// percentile of sorted durations.
func percentile(d []time.Duration, p float64) time.Duration {
	if len(d) == 0 {
		return 0
	}
	i := int(float64(len(d)-1) * p)
	return d[i]
}

// phaseStats summarises convergence times of one phase.
type phaseStats struct {
	name     string
	lat      []time.Duration
	timeouts int
}

func (p *phaseStats) line() string {
	slices.Sort(p.lat)
	return fmt.Sprintf("%-20s changes %4d  p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms  timeouts %d", p.name, len(p.lat),
		ms(percentile(p.lat, 0.5)), ms(percentile(p.lat, 0.99)), ms(percentile(p.lat, 1)), p.timeouts)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
