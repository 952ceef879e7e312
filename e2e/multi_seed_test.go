package e2e

import (
	"strconv"
	"testing"
	"time"
)

// calibrate learns how each surface shows a post of each kind (status,
// markers shown) from one calibration post, written and read on nd. A
// surface that is not built yet (501) is left out.
func calibrate(t *testing.T, w *instance, nd *node, m *model) {
	t.Helper()
	u := &tuser{idx: 0, handle: "calib", name: 1}
	if st := w.api(t, "POST", "/api/v1/users", map[string]any{"handle": u.handle, "name": "x N0n1"}, nil); st != 201 {
		t.Fatalf("create calibration user: status %d", st)
	}
	tg := &target{idx: 0, user: u, k: 1}
	var out struct{ ID string }
	if st := w.api(t, "POST", "/api/v1/posts", map[string]any{"author": u.handle, "text": "post T0v1 calibration"}, &out); st != 201 {
		t.Fatalf("create calibration post: status %d", st)
	}
	tg.id = out.ID
	steps := []struct {
		k    kind
		path string
		body map[string]any
	}{
		{visible, "", nil},
		{protected, "/api/v1/users/calib", map[string]any{"protected": true}},
		{suspended, "/api/v1/users/calib", map[string]any{"protected": false, "suspended": true}},
		{deleted, "/api/v1/users/calib", map[string]any{"suspended": false}},
	}
	for _, st := range steps {
		if st.path != "" {
			if code := w.api(t, "PATCH", st.path, st.body, nil); code != 200 {
				t.Fatalf("calibration PATCH: status %d", code)
			}
		}
		if st.k == deleted {
			if code := w.api(t, "DELETE", "/api/v1/posts/"+tg.id, nil, nil); code >= 300 {
				t.Fatalf("calibration delete: status %d", code)
			}
		}
		for _, s := range surfaces {
			status, body, err := fetch(nd.url() + s.path(nd, tg))
			if err != nil {
				t.Fatal(err)
			}
			if st.k == visible && (status == 501 || status == 404 || status == 405) {
				t.Logf("surface %s answers %d: left out", s.name, status)
				continue
			}
			if st.k != visible && m.shapes[s.name] == nil {
				continue
			}
			got := m.read(s.name, status, body, tg)
			if st.k == visible && (status != 200 || got.k != 1) {
				t.Fatalf("surface %s does not show a visible post: status %d, marker %d", s.name, status, got.k)
			}
			if m.shapes[s.name] == nil {
				m.shapes[s.name] = map[kind]shape{}
			}
			m.shapes[s.name][st.k] = shape{status: status, hasK: got.k == 1, hasJ: got.j == 1}
		}
	}
	t.Logf("surfaces: %+v", m.shapes)
	m.targets = append(m.targets, tg) // index 0; never changed again
	tg.gone = true
	tg.hist = []version{{issued: time.Now(), kind: deleted, k: 1, j: 1}}
}

// seed creates six users with four posts each through w.
func seed(t *testing.T, w *instance, m *model) {
	t.Helper()
	for i := 1; i <= 6; i++ {
		u := &tuser{idx: i, handle: "mu" + strconv.Itoa(i)}
		if st := w.api(t, "POST", "/api/v1/users", map[string]any{"handle": u.handle, "name": "x N" + strconv.Itoa(i) + "n0"}, nil); st != 201 {
			t.Fatalf("create user %s: status %d", u.handle, st)
		}
		m.users = append(m.users, u)
		for range 4 {
			createPost(t, w, m, u, time.Now())
		}
	}
}
