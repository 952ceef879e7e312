package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// usageError is a mistake in the command line: main exits 2 for it.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

// usage is the text of `roost help`.
const usage = `usage: roost [command] [flags]

commands:
  serve                                   run the server (the default)
  token create --name NAME [--scope S]    print a new API token once (scope write or admin)
  token list                              list tokens
  token revoke ID                         revoke a token
  migrate                                 apply store migrations and exit
  import x-archive FILE.zip [--handle H]  import an X/Twitter account archive
  import mastodon-archive FILE            import a Mastodon export (.zip or .tar.gz)
  purge [--post ID|--user HANDLE|--all]   drop renders on every instance (and the CDN with --purge-url)
  help                                    show this text

flags (each also read from the environment variable shown):
`

// run is the whole program: it dispatches args to a command. Everything it
// needs from the outside comes in as arguments.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	err := dispatch(ctx, args, getenv, stdout, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return printUsage(stdout)
	}
	return err
}

// dispatch runs the command named by args[0]; none, or a flag, means serve.
func dispatch(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return runServe(ctx, args, getenv, stdout, stderr)
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return runServe(ctx, rest, getenv, stdout, stderr)
	case "token":
		return runToken(ctx, rest, getenv, stdout)
	case "migrate":
		return runMigrate(ctx, rest, getenv, stdout)
	case "import":
		return runImport(ctx, rest, getenv, stdout, stderr)
	case "purge":
		return runPurge(ctx, rest, getenv, stdout, stderr)
	case "help":
		return printUsage(stdout)
	}
	return usagef("unknown command %q (try roost help)", cmd)
}

// printUsage writes the usage text with every setting and its default.
func printUsage(w io.Writer) error {
	var b strings.Builder
	b.WriteString(usage)
	for _, s := range settings(new(config)) {
		fmt.Fprintf(&b, "  --%-16s %-24s %s (default %q)\n", s.name, envName(s.name), s.help, s.def)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
