package main

import (
	"context"
	"fmt"
	"io"
)

// runMigrate applies pending store migrations and exits.
func runMigrate(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	f := newFlags("migrate")
	pos, err := f.parse(args, getenv)
	if err != nil {
		return err
	}
	if err := noPositional("migrate", pos); err != nil {
		return err
	}
	st, err := openStore(ctx, &f.cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "migrations applied to %s\n", storeName(&f.cfg))
	return err
}
