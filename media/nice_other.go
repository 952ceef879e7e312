//go:build !linux

package media

// backgroundThread is a no-op where thread priorities are not set.
func backgroundThread() {}
