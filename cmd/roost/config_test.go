package main

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

func TestBadConfiguration(t *testing.T) {
	tests := map[string]struct {
		args []string
		env  map[string]string
		want string // the one error line
	}{
		"cache-mb not a number":  {[]string{"--cache-mb", "abc"}, nil, `--cache-mb: "abc" is not a number`},
		"image-memory-mb zero":   {[]string{"--image-memory-mb", "0"}, nil, `--image-memory-mb: "0" must be at least 1`},
		"image-memory-mb env":    {nil, map[string]string{"ROOST_IMAGE_MEMORY_MB": "-5"}, `ROOST_IMAGE_MEMORY_MB: "-5" must be between 0 and 1048576`},
		"edge-ttl env":           {nil, map[string]string{"ROOST_EDGE_TTL": "x"}, `ROOST_EDGE_TTL: "x" is not a duration`},
		"public-url relative":    {[]string{"--public-url", "example.com"}, nil, `--public-url: "example.com" must be an absolute http(s) URL without query`},
		"public-url with query":  {[]string{"--public-url", "https://x.test/?a=1"}, nil, `--public-url: "https://x.test/?a=1" must be`},
		"public-url ftp":         {nil, map[string]string{"ROOST_PUBLIC_URL": "ftp://x"}, `ROOST_PUBLIC_URL: "ftp://x"`},
		"db postgres no host":    {[]string{"--db", "postgres:///roost"}, nil, "--db: \"postgres:///roost\" must be a postgres://USER@HOST/DB URL"},
		"db unknown":             {[]string{"--db", "mysql://x"}, nil, `--db: "mysql://x" must be sqlite:PATH or postgres://`},
		"demo not boolean":       {[]string{"--demo=maybe"}, nil, `--demo: "maybe" is not a boolean`},
		"demo env":               {nil, map[string]string{"ROOST_DEMO": "yes please"}, `ROOST_DEMO: "yes please" is not a boolean`},
		"log format":             {[]string{"--log-format", "xml"}, nil, `--log-format: "xml" must be text or json`},
		"addr":                   {[]string{"--addr", "8080"}, nil, `--addr: "8080" is not a listen address`},
		"trusted proxies":        {[]string{"--trusted-proxies", "10.0.0.0/8,bogus"}, nil, `--trusted-proxies: "10.0.0.0/8,bogus" has "bogus"`},
		"purge url":              {[]string{"--purge-url", "nope"}, nil, `--purge-url: "nope" must be an absolute http(s) URL`},
		"unknown flag":           {[]string{"--colour", "red"}, nil, "unknown flag --colour"},
		"flag without value":     {[]string{"--addr"}, nil, "flag --addr needs a value"},
		"unknown command":        {[]string{"frobnicate"}, nil, `unknown command "frobnicate"`},
		"token without name":     {[]string{"token", "create"}, nil, "--name is required"},
		"token bad scope":        {[]string{"token", "create", "--name", "x", "--scope", "root"}, nil, `--scope: "root" must be write or admin`},
		"token revoke not an id": {[]string{"token", "revoke", "abc"}, nil, `"abc" is not a token ID`},
		"serve extra argument":   {[]string{"serve", "now"}, nil, `unexpected argument "now"`},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			getenv := func(k string) string { return tt.env[k] }
			err := run(context.Background(), tt.args, getenv, nil, io.Discard, io.Discard)
			if err == nil {
				t.Fatalf("run(%q) = nil, want an error containing %q", tt.args, tt.want)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.want) || strings.Contains(msg, "\n") {
				t.Errorf("error = %q, want one line containing %q", msg, tt.want)
			}
			var ue *usageError
			if !errors.As(err, &ue) {
				t.Errorf("error %q is not a usage error (exit 2)", msg)
			}
		})
	}
}

func TestFlagWinsOverEnv(t *testing.T) {
	f := newFlags("serve")
	env := map[string]string{"ROOST_EDGE_TTL": "5m", "ROOST_CACHE_MB": "64", "ROOST_DEMO": "false"}
	_, err := f.parse([]string{"--edge-ttl", "30s", "--public-url", "https://roost.example/"}, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	c := f.cfg
	if c.EdgeTTL != 30*time.Second {
		t.Errorf("edge TTL = %v, want the flag's 30s", c.EdgeTTL)
	}
	if c.CacheMB != 64 {
		t.Errorf("cache MB = %d, want the env's 64", c.CacheMB)
	}
	if c.Demo {
		t.Error("demo = true, want the env's false")
	}
	if c.PublicURL != "https://roost.example" {
		t.Errorf("public URL = %q, want the trailing slash trimmed", c.PublicURL)
	}
	if c.Addr != ":8080" || c.DBPath != "data/roost.db" || c.MediaDir != "data/media" || c.LogFormat != "text" {
		t.Errorf("defaults not applied: %+v", c)
	}
}
