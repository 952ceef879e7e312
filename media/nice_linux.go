package media

import (
	"runtime"
	"syscall"
)

// backgroundThread puts the calling goroutine on an OS thread of its own
// at nice 10, so the kernel runs request threads first when cores are
// short (on this project's shared 2-core machine the card p99 is too noisy
// to show the difference; the mechanism is the kernel's). The goroutine must never unlock the thread: when it returns,
// the runtime ends the thread rather than reuse it at the lower priority.
func backgroundThread() {
	runtime.LockOSThread()
	_ = syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), 10) // best effort
}
