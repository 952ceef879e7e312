package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/roost-embed/roost/server"
	"github.com/roost-embed/roost/storage"
)

// runToken dispatches the token subcommands.
func runToken(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 {
		return usagef("token: missing subcommand (create, list or revoke)")
	}
	switch args[0] {
	case "create":
		return tokenCreate(ctx, args[1:], getenv, stdout)
	case "list":
		return tokenList(ctx, args[1:], getenv, stdout)
	case "revoke":
		return tokenRevoke(ctx, args[1:], getenv, stdout)
	}
	return usagef("token: unknown subcommand %q (create, list or revoke)", args[0])
}

// tokenCreate stores a new token and prints its secret, the only time it
// is shown: only its SHA-256 is kept.
func tokenCreate(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	f := newFlags("token create")
	name := f.fs.String("name", "", "what the token is for")
	scope := f.fs.String("scope", storage.ScopeWrite, "write or admin")
	pos, err := f.parse(args, getenv)
	if err != nil {
		return err
	}
	if err := noPositional("token create", pos); err != nil {
		return err
	}
	if *name == "" {
		return usagef("token create: --name is required")
	}
	if *scope != storage.ScopeWrite && *scope != storage.ScopeAdmin {
		return usagef("--scope: %q must be write or admin", *scope)
	}
	secret, tok, err := server.NewToken(*name, *scope, time.Now())
	if err != nil {
		return err
	}
	st, err := openStore(ctx, &f.cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.CreateToken(ctx, tok); err != nil {
		return fmt.Errorf("create token: %w", err)
	}
	_, err = fmt.Fprintln(stdout, secret)
	return err
}

// tokenList prints every token, never a secret.
func tokenList(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	f := newFlags("token list")
	pos, err := f.parse(args, getenv)
	if err != nil {
		return err
	}
	if err := noPositional("token list", pos); err != nil {
		return err
	}
	st, err := openStore(ctx, &f.cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	toks, err := st.Tokens(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tSCOPE\tCREATED\tLAST USED\tREVOKED")
	for _, t := range toks {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.Scope,
			stamp(t.CreatedAt), stamp(t.LastUsedAt), stamp(t.RevokedAt))
	}
	return tw.Flush()
}

// tokenRevoke revokes the token with the given id.
func tokenRevoke(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	f := newFlags("token revoke")
	pos, err := f.parse(args, getenv)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("token revoke: want exactly one token ID")
	}
	id, err := strconv.ParseInt(pos[0], 10, 64)
	if err != nil {
		return usagef("token revoke: %q is not a token ID", pos[0])
	}
	st, err := openStore(ctx, &f.cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.RevokeToken(ctx, id); err != nil {
		return fmt.Errorf("revoke token %d: %w", id, err)
	}
	_, err = fmt.Fprintf(stdout, "token %d revoked\n", id)
	return err
}

// stamp formats a time for the token list; "-" when unset.
func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04:05Z")
}
