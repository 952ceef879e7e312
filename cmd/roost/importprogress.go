package main

import (
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/roost-embed/roost/importer"
)

// lineEvery spaces plain progress lines (a log file, CI) so they stay few;
// the terminal bar redraws itself at most every barThrottle.
const (
	lineEvery   = 2 * time.Second
	barThrottle = 100 * time.Millisecond
)

// progressView shows an import's progress: a progressbar drawn in place on
// a terminal (a spinner while the check pass counts, a bar with rate and
// ETA while posts are written), a plain line now and then otherwise.
type progressView struct {
	w        io.Writer
	terminal bool
	total    int // posts found by the check pass: the write bar's 100 %
	phase    string
	since    time.Duration // Elapsed when the phase began
	drawn    time.Time     // wall time of the last plain line
	bar      *progressbar.ProgressBar
}

func newProgressView(w io.Writer) *progressView {
	return &progressView{w: w, terminal: isTerminal(w)}
}

// isTerminal reports whether w is a terminal: redirected output is a file
// or a pipe and gets plain lines.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// update is the importer's Progress callback.
func (v *progressView) update(s importer.Stats) {
	if s.Phase != v.phase {
		v.startPhase(s)
	}
	if s.Phase == importer.PhaseCheck {
		v.total = max(v.total, s.Posts)
	}
	if v.terminal {
		v.drawBar(s)
		return
	}
	if s.Phase == v.phase && s.Phase != importer.PhaseDone && !v.drawn.IsZero() && time.Since(v.drawn) < lineEvery {
		return
	}
	v.drawn = time.Now()
	fmt.Fprintln(v.w, progressLine(s, v.total, s.Elapsed-v.since))
}

// startPhase closes the previous phase's bar and starts the next's.
func (v *progressView) startPhase(s importer.Stats) {
	v.finish()
	v.phase, v.since, v.drawn = s.Phase, s.Elapsed, time.Time{}
	if !v.terminal || s.Phase == importer.PhaseDone {
		return
	}
	max := -1 // a spinner: the check pass does not know the total yet
	if s.Phase == importer.PhaseWrite && v.total > 0 {
		max = v.total
	}
	opts := []progressbar.Option{
		progressbar.OptionSetWriter(v.w),
		progressbar.OptionSetDescription(fmt.Sprintf("%-5s", s.Phase)),
		progressbar.OptionSetItsString("posts"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetWidth(24),
		progressbar.OptionThrottle(barThrottle),
		progressbar.OptionSetPredictTime(max > 0),
	}
	if max > 0 { // the finished write bar stays on screen, on its own line
		opts = append(opts, progressbar.OptionOnCompletion(func() { fmt.Fprintln(v.w) }))
	} else {
		opts = append(opts, progressbar.OptionClearOnFinish())
	}
	v.bar = progressbar.NewOptions(max, opts...)
}

// drawBar moves the terminal bar to s, or prints the final line.
func (v *progressView) drawBar(s importer.Stats) {
	if s.Phase == importer.PhaseDone {
		fmt.Fprintln(v.w, progressLine(s, v.total, s.Elapsed-v.since))
		return
	}
	if v.bar != nil {
		_ = v.bar.Set(s.Posts) // only fails on a closed writer; progress is advisory
	}
}

// finish ends a bar left on screen.
func (v *progressView) finish() {
	if v.bar != nil {
		_ = v.bar.Finish()
		v.bar = nil
	}
}

// progressLine is a plain progress line: "write 5,200/10,000 posts (52%)  20,431/s  0:02".
func progressLine(s importer.Stats, total int, inPhase time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%-5s ", s.Phase)
	if s.Phase == importer.PhaseWrite && total > 0 {
		done := min(s.Posts, total)
		fmt.Fprintf(&b, "%s/%s posts (%d%%)", thousands(done), thousands(total), done*100/total)
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
