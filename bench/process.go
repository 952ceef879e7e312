package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// startTimeout is how long a server may take to print its address.
const startTimeout = 60 * time.Second

// buildBinaries compiles roost and the baseline into dir.
func buildBinaries(ctx context.Context, dir string) (roost, baseline string, err error) {
	roost, baseline = filepath.Join(dir, "roost"), filepath.Join(dir, "baseline")
	for pkg, out := range map[string]string{"./cmd/roost": roost, "./bench/baseline": baseline} {
		cmd := exec.CommandContext(ctx, "go", "build", "-o", out, pkg)
		if b, err := cmd.CombinedOutput(); err != nil {
			return "", "", fmt.Errorf("go build %s: %v\n%s", pkg, err, b)
		}
	}
	return roost, baseline, nil
}

// server is one started process (roost or the baseline).
type server struct {
	name string
	cmd  *exec.Cmd
	url  string // http://HOST:PORT
	log  string // its stderr file
	done chan struct{}
}

// startServer runs bin with args (on cpu when pin is set) and waits for
// its "listening on URL" line.
func startServer(ctx context.Context, name, bin string, args, env []string, pin, logDir string) (*server, error) {
	return startProcess(ctx, name, bin, args, env, pin, logDir, nil)
}

// startProcess is startServer for any program: when poll is set, it is
// asked every 50 ms whether the program is ready and at what URL, for
// servers (nginx) that print no "listening on" line.
func startProcess(ctx context.Context, name, bin string, args, env []string, pin, logDir string,
	poll func(context.Context) (string, bool)) (*server, error) {
	argv := append([]string{bin}, args...)
	if pin != "" {
		argv = append([]string{"taskset", "-c", pin}, argv...)
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} // never outlive the harness
	logPath := filepath.Join(logDir, name+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	cmd.Stderr = logFile
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	s := &server{name: name, cmd: cmd, log: logPath, done: make(chan struct{})}
	urlc := make(chan string, 1)
	go s.readStdout(out, urlc)
	go func() { cmd.Wait(); close(s.done) }()
	if poll != nil {
		go pollReady(ctx, poll, urlc, s.done)
	}
	select {
	case s.url = <-urlc:
		return s, nil
	case <-s.done:
		return nil, fmt.Errorf("%s exited before listening; see %s", name, logPath)
	case <-time.After(startTimeout):
	case <-ctx.Done():
	}
	s.stop()
	return nil, fmt.Errorf("%s did not listen within %s; see %s", name, startTimeout, logPath)
}

// pollReady asks poll every 50 ms until it reports ready, then hands the
// URL to urlc; it gives up when the process ends or ctx does.
func pollReady(ctx context.Context, poll func(context.Context) (string, bool), urlc chan<- string, done <-chan struct{}) {
	t := time.NewTicker(50 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if url, ok := poll(ctx); ok {
				select {
				case urlc <- url:
				default:
				}
				return
			}
		case <-done:
			return
		case <-ctx.Done():
			return
		}
	}
}

// readStdout hands the first "listening on" URL to urlc and drains the rest.
func (s *server) readStdout(r io.Reader, urlc chan<- string) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		if u, ok := strings.CutPrefix(sc.Text(), "listening on "); ok {
			select {
			case urlc <- strings.TrimSpace(u):
			default:
			}
		}
	}
}

// stop sends SIGTERM, then SIGKILL if the process lingers.
func (s *server) stop() {
	if s == nil || s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(15 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
	}
}

// memory reads the process's peak and current resident set from /proc, in
// bytes.
func (s *server) memory() (peak, current int64, err error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, 0, err
	}
	return parseStatusMemory(string(b))
}

// parseStatusMemory finds VmHWM and VmRSS (kB) in a /proc status file.
func parseStatusMemory(status string) (peak, current int64, err error) {
	for line := range strings.Lines(status) {
		name, rest, ok := strings.Cut(line, ":")
		if !ok || (name != "VmHWM" && name != "VmRSS") {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("/proc status %s: %q", name, rest)
		}
		if name == "VmHWM" {
			peak = kb << 10
		} else {
			current = kb << 10
		}
	}
	if peak == 0 || current == 0 {
		return 0, 0, errors.New("/proc status: no VmHWM or VmRSS")
	}
	return peak, current, nil
}

// resetPeak sets the process's peak RSS (VmHWM) back to its current RSS
// ("5" to /proc/PID/clear_refs, Linux ≥ 4.0; needs the right to write it).
func (s *server) resetPeak() error {
	return os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", s.cmd.Process.Pid), []byte("5"), 0)
}

// cpuTicks reads the process's user plus system CPU time from /proc, in
// clock ticks (1/100 s on Linux).
func (s *server) cpuTicks() (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	return parseStatTicks(string(b))
}

// parseStatTicks sums utime and stime, the 14th and 15th fields of a
// /proc/PID/stat line. The command name (field 2) is in parentheses and
// may hold spaces, so fields are counted after its closing parenthesis.
func parseStatTicks(stat string) (int64, error) {
	i := strings.LastIndexByte(stat, ')')
	if i < 0 {
		return 0, fmt.Errorf("/proc stat: no command name in %.40q", stat)
	}
	f := strings.Fields(stat[i+1:]) // f[0] is field 3 (state)
	if len(f) < 13 {
		return 0, fmt.Errorf("/proc stat: %d fields after the name", len(f))
	}
	utime, err1 := strconv.ParseInt(f[11], 10, 64)
	stime, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("/proc stat: utime %q stime %q", f[11], f[12])
	}
	return utime + stime, nil
}
