package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
)

// ensureWrk finds wrk, installing Debian's package when running as root
// (CI containers); otherwise it says how to get it.
func ensureWrk(ctx context.Context, log io.Writer) error {
	if _, err := exec.LookPath("wrk"); err == nil {
		return nil
	}
	if os.Geteuid() != 0 {
		return errors.New("wrk not found: install it (apt-get install wrk) and run again")
	}
	fmt.Fprintln(log, "bench: wrk not found, installing Debian's package")
	for _, args := range [][]string{{"update"}, {"install", "-y", "--no-install-recommends", "wrk"}} {
		cmd := exec.CommandContext(ctx, "apt-get", args...)
		cmd.Stdout, cmd.Stderr = log, log
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("apt-get %v: %w", args, err)
		}
	}
	_, err := exec.LookPath("wrk")
	return err
}
