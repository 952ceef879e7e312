package e2e

import (
	"context"
	"math/rand/v2"
	"strconv"
	"sync"
	"testing"
	"time"
)

// changeRate is how many changes per second the writer sends.
const changeRate = 40

// convergeTimeout is when a change not yet shown everywhere counts as lost.
const convergeTimeout = 10 * time.Second

// streamResult is what runStream measured.
type streamResult struct {
	m      *model
	phases []*phaseStats
}

// check fails the test on resurrections, unexplained answers, lost
// changes or a p99 past one second, and logs the figures.
func (r *streamResult) check(t *testing.T) {
	t.Helper()
	for _, p := range r.phases {
		t.Log(p.line())
		if p.timeouts > 0 {
			t.Errorf("%s: %d changes were not shown everywhere within %s", p.name, p.timeouts, convergeTimeout)
		}
		// p99 ≤ 1 s is a goal measured here and reported in
		// docs/BENCHMARKS.md, not asserted: a timing assertion fails on a
		// loaded machine without anything being wrong.
		if p99 := percentile(p.lat, 0.99); p99 > time.Second {
			t.Logf("%s: p99 %s until every instance showed a change, above the 1 s goal", p.name, p99)
		}
	}
	r.m.mu.Lock()
	defer r.m.mu.Unlock()
	t.Logf("reads checked %d, resurrections %d, unexplained answers %d, 503 (overloaded) %d",
		r.m.reads, len(r.m.resurr), len(r.m.odd), r.m.unavailable)
	for i, s := range r.m.resurr {
		if i < 10 {
			t.Errorf("resurrection: %s", s)
		}
	}
	for i, s := range r.m.odd {
		if i < 10 {
			t.Errorf("unexplained answer: %s", s)
		}
	}
}

// runStream calibrates the surfaces, seeds users and posts through the
// first node, starts pollers on every node, then sends n random changes
// through the first node and measures, for each, the time until every node
// shows it on every surface. hooks run before the change of their index
// and start a new phase.
func runStream(t *testing.T, nodes []*node, token string, n int, hooks map[int]func(), phases []string) *streamResult {
	w := &instance{URL: nodes[0].url(), Token: token}
	m := newModel()
	m.writer = nodes[0].name
	calibrate(t, w, nodes[0], m)
	seed(t, w, m)
	ctx, stop := context.WithCancel(context.Background())
	var pollers sync.WaitGroup
	for i, nd := range nodes {
		pollers.Add(1)
		go func() { defer pollers.Done(); poll(ctx, nd, m, rand.New(rand.NewPCG(uint64(i), 1))) }()
	}
	res := &streamResult{m: m}
	for _, name := range phases {
		res.phases = append(res.phases, &phaseStats{name: name})
	}
	var (
		statsMu  sync.Mutex
		checkers sync.WaitGroup
		phase    = 0
		rng      = rand.New(rand.NewPCG(8, 8))
		start    = time.Now()
	)
	for i := range n {
		if hook, ok := hooks[i]; ok {
			hook()
			phase++
		}
		issued := time.Now()
		touched := change(t, w, m, rng, issued)
		ack := time.Now()
		m.acked(touched, ack)
		ps := res.phases[min(phase, len(res.phases)-1)]
		checkers.Add(1)
		go func() {
			defer checkers.Done()
			lat, ok := converge(nodes, m, touched, ack)
			statsMu.Lock()
			defer statsMu.Unlock()
			if ok {
				ps.lat = append(ps.lat, lat)
			} else {
				ps.timeouts++
			}
		}()
		time.Sleep(time.Until(start.Add(time.Duration(i+1) * time.Second / changeRate)))
	}
	checkers.Wait()
	stop()
	pollers.Wait()
	return res
}

// touch is one post a change wrote, with the index of its new version.
type touch struct {
	tg  *target
	ver int
}

// converge waits until every node shows every touched post at its new
// version (or a later one) on every surface, and returns the time that
// took after the write was acknowledged (or after a node restarted, for a
// node that was down meanwhile).
func converge(nodes []*node, m *model, touched []touch, ack time.Time) (time.Duration, bool) {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		worst time.Duration
		ok    = true
	)
	for _, nd := range nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			done, at := convergeOn(nd, m, touched, ack)
			mu.Lock()
			defer mu.Unlock()
			ok = ok && done
			worst = max(worst, at.Sub(later(ack, nd.since())))
		}()
	}
	wg.Wait()
	return worst, ok
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// convergeOn polls one node, every touched post on every surface at once,
// until it shows each at its new version; it returns when the last one
// appeared.
func convergeOn(nd *node, m *model, touched []touch, ack time.Time) (bool, time.Time) {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		last = ack
		ok   = true
	)
	for _, tc := range touched {
		for _, s := range m.surfaceList() {
			wg.Add(1)
			go func() {
				defer wg.Done()
				done, at := probe(nd, m, tc, s, ack)
				mu.Lock()
				defer mu.Unlock()
				ok = ok && done
				last = later(last, at)
			}()
		}
	}
	wg.Wait()
	return ok, last
}

// probe polls one post on one surface of one node until it shows the
// touched version or a later one, and returns when that answer ended.
func probe(nd *node, m *model, tc touch, s surface, ack time.Time) (bool, time.Time) {
	for time.Since(ack) < convergeTimeout {
		start := time.Now()
		status, body, err := fetch(nd.url() + s.path(nd, tc.tg))
		end := time.Now()
		if err == nil && m.observe(nd, s.name, tc.tg, m.read(s.name, status, body, tc.tg), start, end) >= tc.ver {
			return true, end
		}
		time.Sleep(10 * time.Millisecond)
	}
	return false, time.Now()
}

// poll reads random posts on random surfaces of one node until ctx ends:
// the load of cached reads, and more chances to catch a resurrection.
func poll(ctx context.Context, nd *node, m *model, rng *rand.Rand) {
	for ctx.Err() == nil {
		m.mu.Lock()
		tg := m.targets[rng.IntN(len(m.targets))]
		m.mu.Unlock()
		ss := m.surfaceList()
		s := ss[rng.IntN(len(ss))]
		start := time.Now()
		status, body, err := fetch(nd.url() + s.path(nd, tg))
		if err != nil {
			time.Sleep(10 * time.Millisecond) // restarting
			continue
		}
		m.observe(nd, s.name, tg, m.read(s.name, status, body, tg), start, time.Now())
	}
}

// change sends one random change through w and returns what it touched.
func change(t *testing.T, w *instance, m *model, rng *rand.Rand, issued time.Time) []touch {
	t.Helper()
	m.mu.Lock()
	users, targets := m.users, m.targets
	m.mu.Unlock()
	live := func(tg *target) bool { return !tg.gone && tg.idx > 0 }
	switch r := rng.Float64(); {
	case r < 0.15:
		if u, ok := pickRandom(rng, users, func(u *tuser) bool { return u.live < 12 }); ok {
			return []touch{createPost(t, w, m, u, issued)}
		}
	case r < 0.30:
		if tg, ok := pickRandom(rng, targets, func(tg *target) bool { return live(tg) && tg.user.live > 2 }); ok {
			return []touch{writePost(t, w, m, tg, issued, true)}
		}
	case r < 0.475:
		if u, ok := pickRandom(rng, users, func(u *tuser) bool { return u.state != suspended }); ok {
			return toggle(t, w, m, u, protected, issued)
		}
	case r < 0.65:
		if u, ok := pickRandom(rng, users, func(u *tuser) bool { return u.state != protected }); ok {
			return toggle(t, w, m, u, suspended, issued)
		}
	}
	tg, _ := pickRandom(rng, targets, live)
	return []touch{writePost(t, w, m, tg, issued, false)}
}

// acked notes when the write that made the touched versions returned.
func (m *model) acked(touched []touch, at time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, tc := range touched {
		tc.tg.hist[tc.ver].acked = at
	}
}

// record appends a version to tg's history and returns its index.
func (m *model) record(tg *target, issued time.Time) int {
	k := tg.user.state
	if tg.gone {
		k = deleted
	}
	tg.hist = append(tg.hist, version{issued: issued, kind: k, author: tg.user.state, k: tg.k, j: tg.user.name})
	return len(tg.hist) - 1
}

// createPost creates a post of u (text "T<idx>v0").
func createPost(t *testing.T, w *instance, m *model, u *tuser, issued time.Time) touch {
	t.Helper()
	m.mu.Lock()
	tg := &target{idx: len(m.targets), user: u}
	m.mu.Unlock()
	var out struct{ ID string }
	if st := w.api(t, "POST", "/api/v1/posts", map[string]any{"author": u.handle,
		"text": "post T" + strconv.Itoa(tg.idx) + "v0 a post about nothing much"}, &out); st != 201 {
		t.Fatalf("create post: status %d", st)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	tg.id = out.ID
	// Before the create, every surface showed the post as missing (a
	// timeline showing whatever state its author was in).
	tg.hist = append(tg.hist, version{kind: deleted, author: visible, k: -1, j: 0})
	tg.hist = append(tg.hist, u.states...)
	ver := m.record(tg, issued)
	m.targets = append(m.targets, tg)
	u.live++
	return touch{tg, ver}
}

// writePost edits tg (a new text version) or deletes it.
func writePost(t *testing.T, w *instance, m *model, tg *target, issued time.Time, del bool) touch {
	t.Helper()
	m.mu.Lock()
	if del {
		tg.gone = true
		tg.user.live--
	} else {
		tg.k++
	}
	ver := m.record(tg, issued)
	text := "post T" + strconv.Itoa(tg.idx) + "v" + strconv.Itoa(tg.k) + " edited"
	m.mu.Unlock()
	if del {
		if st := w.api(t, "DELETE", "/api/v1/posts/"+tg.id, nil, nil); st != 204 && st != 200 {
			t.Fatalf("delete post %s: status %d", tg.id, st)
		}
	} else if st := w.api(t, "PATCH", "/api/v1/posts/"+tg.id, map[string]any{"text": text}, nil); st != 200 {
		t.Fatalf("edit post %s: status %d", tg.id, st)
	}
	return touch{tg, ver}
}

// toggle protects or suspends u, or lifts it, bumping the name marker in
// the same write, and returns every live post of u.
func toggle(t *testing.T, w *instance, m *model, u *tuser, k kind, issued time.Time) []touch {
	t.Helper()
	m.mu.Lock()
	on := u.state != k
	if on {
		u.state = k
	} else {
		u.state = visible
	}
	u.name++
	u.states = append(u.states, version{issued: issued, kind: deleted, author: u.state, k: -1, j: u.name})
	var out []touch
	for _, tg := range m.targets {
		if tg.user == u { // deleted ones too: a timeline shows the author's state
			out = append(out, touch{tg, m.record(tg, issued)})
		}
	}
	// Both flags every time: the model holds one state per user, so the
	// store must too (protected and suspended at once would show as
	// suspended while the model expected protected).
	body := map[string]any{"protected": u.state == protected, "suspended": u.state == suspended,
		"name": "x N" + strconv.Itoa(u.idx) + "n" + strconv.Itoa(u.name)}
	m.mu.Unlock()
	if st := w.api(t, "PATCH", "/api/v1/users/"+u.handle, body, nil); st != 200 {
		t.Fatalf("toggle %v of %s (on=%v): status %d", k, u.handle, on, st)
	}
	return out
}
