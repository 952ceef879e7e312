package main

import (
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/roost-embed/roost/importer"
)

// Redraw intervals: a terminal bar may move often; plain lines (a log
// file, CI) should stay few.
const (
	barEvery  = 100 * time.Millisecond
	lineEvery = 2 * time.Second
	barWidth  = 24
)

// progressView shows an import's progress: a bar redrawn in place with \r
// on a terminal, a plain line now and then otherwise.
type progressView struct {
	w        io.Writer
	terminal bool
	total    int // posts found by the check pass: the bar's 100 %
	phase    string
	since    time.Duration // Elapsed when the phase began
	drawn    time.Time     // wall time of the last output
	dirty    bool          // a bar is on screen without its newline
}

func newProgressView(w io.Writer) *progressView {
	return &progressView{w: w, terminal: isTerminal(w)}
}

// isTerminal reports whether w is a character device (a terminal), without
// golang.org/x/term: redirected output is a file or a pipe.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// update is the importer's Progress callback.
func (v *progressView) update(s importer.Stats) {
	changed := s.Phase != v.phase
	if changed {
		v.endPhase(s)
	}
	if s.Phase == importer.PhaseCheck {
		v.total = max(v.total, s.Posts)
	}
	every := lineEvery
	if v.terminal {
		every = barEvery
	}
	if !changed && s.Phase != importer.PhaseDone && time.Since(v.drawn) < every {
		return
	}
	v.draw(s)
}

// endPhase closes the previous phase's bar and starts timing the next.
func (v *progressView) endPhase(s importer.Stats) {
	if v.dirty {
		fmt.Fprintln(v.w)
		v.dirty = false
	}
	v.phase, v.since = s.Phase, s.Elapsed
}

// draw writes one progress line for s.
func (v *progressView) draw(s importer.Stats) {
	v.drawn = time.Now()
	line := progressLine(s, v.total, s.Elapsed-v.since)
	if !v.terminal {
		fmt.Fprintln(v.w, line)
		return
	}
	fmt.Fprintf(v.w, "\r%s\x1b[K", line)
	v.dirty = true
}

// finish ends a bar left on screen with a newline.
func (v *progressView) finish() {
	if v.dirty {
		fmt.Fprintln(v.w)
		v.dirty = false
	}
}

// progressLine is "write [#####-----]  52%  5,200/10,000 posts  20,431/s  0:02".
func progressLine(s importer.Stats, total int, inPhase time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-5s ", s.Phase)
	if s.Phase == importer.PhaseWrite && total > 0 {
		done := min(s.Posts, total)
		fill := done * barWidth / total
		fmt.Fprintf(&b, "[%s%s] %3d%%  %s/%s posts", strings.Repeat("#", fill), strings.Repeat("-", barWidth-fill),
			done*100/total, thousands(done), thousands(total))
	} else {
		fmt.Fprintf(&b, "%s posts", thousands(s.Posts))
	}
	if secs := inPhase.Seconds(); secs > 0 && s.Phase != importer.PhaseDone {
		fmt.Fprintf(&b, "  %s/s", thousands(int(float64(s.Posts)/secs)))
	}
	fmt.Fprintf(&b, "  %s", clock(s.Elapsed))
	return b.String()
}

// writeSummary prints what an import did.
func writeSummary(w io.Writer, path string, s importer.Stats) error {
	var b strings.Builder
	fmt.Fprintf(&b, "imported %s in %s\n", path, s.Elapsed.Round(time.Millisecond))
	fmt.Fprintf(&b, "  users     %d\n", s.Users)
	fmt.Fprintf(&b, "  posts     %s (created %s, updated %s, unchanged %s)\n",
		thousands(s.Posts), thousands(s.Created), thousands(s.Updated), thousands(s.Unchanged))
	fmt.Fprintf(&b, "  replies   %s\n", thousands(s.Replies))
	fmt.Fprintf(&b, "  media     %s (videos %s, GIFs %s)\n", thousands(s.Media), thousands(s.Videos), thousands(s.GIFs))
	fmt.Fprintf(&b, "  polls     %s\n", thousands(s.Polls))
	fmt.Fprintf(&b, "  skipped   %s\n", reasons(s.Skipped))
	fmt.Fprintf(&b, "  notes     %s\n", reasons(s.Notes))
	if s.Created == 0 && s.Updated == 0 {
		b.WriteString("nothing changed: the store already holds this archive\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// reasons lists counts by reason, largest first: "3 retweet, 1 direct".
func reasons(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	keys := slices.SortedFunc(maps.Keys(m), func(a, b string) int {
		if m[a] != m[b] {
			return m[b] - m[a]
		}
		return strings.Compare(a, b)
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %s", thousands(m[k]), k)
	}
	return strings.Join(parts, ", ")
}

// thousands writes n with comma separators: 12345 → "12,345".
func thousands(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// clock formats a duration as m:ss.
func clock(d time.Duration) string {
	secs := int(d.Seconds())
	return fmt.Sprintf("%d:%02d", secs/60, secs%60)
}
