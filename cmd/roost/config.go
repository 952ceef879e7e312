package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// config is every setting of the program, after parsing and checking.
type config struct {
	Addr      string
	PublicURL string
	// PublicURLDefault is true when neither --public-url nor its variable
	// was given: serve then derives the URL from the address it bound.
	PublicURLDefault bool
	DBPath           string // the SQLite file of --db sqlite:PATH, "" for PostgreSQL
	PostgresDSN      string // the URL of --db postgres://…, "" for SQLite
	MediaDir         string
	CacheMB          int
	ImageMemoryMB    int
	EdgeTTL          time.Duration
	Demo             bool
	LogFormat        string
	IntentURL        string
	TrustedProxies   []netip.Prefix
	PurgeURL         string
	MaxVideoMB       int           // largest video upload or import
	MaxVideoLength   time.Duration // longest video
}

// setting is one flag with its environment variable, default and parser.
// parse gets the raw value and stores it in the config, or says what is
// wrong with it (without naming the flag: the caller does).
type setting struct {
	name, def, help string
	isBool          bool
	parse           func(v string) error
}

// settings is the table of SURFACE.md: flag, default, meaning.
func settings(c *config) []setting {
	return []setting{
		{"addr", ":8080", "listen address", false, func(v string) error { return parseAddr(v, &c.Addr) }},
		{"public-url", "http://localhost:8080", "base of every absolute URL", false, func(v string) error { return parsePublicURL(v, &c.PublicURL) }},
		{"db", "sqlite:data/roost.db", "sqlite:PATH or postgres://…", false, func(v string) error { return parseDB(v, &c.DBPath, &c.PostgresDSN) }},
		{"media-dir", "data/media", "directory of media files", false, func(v string) error { return nonEmpty(v, &c.MediaDir) }},
		{"cache-mb", "256", "render cache budget in MiB", false, func(v string) error { return parseMB(v, &c.CacheMB) }},
		{"image-memory-mb", "64", "memory budget of image decodes in MiB", false, func(v string) error { return parsePositiveMB(v, &c.ImageMemoryMB) }},
		{"edge-ttl", "60s", "max-age of widget responses", false, func(v string) error { return parseTTL(v, &c.EdgeTTL) }},
		{"demo", "true", "seed demo content into an empty store", true, func(v string) error { return parseBool(v, &c.Demo) }},
		{"log-format", "text", "text or json", false, func(v string) error { return parseLogFormat(v, &c.LogFormat) }},
		{"intent-url", "", "URL template for intents of native users", false, func(v string) error { return parseOptionalURL(v, &c.IntentURL) }},
		{"trusted-proxies", "", "CIDRs whose X-Forwarded-For is believed", false, func(v string) error { return parseCIDRs(v, &c.TrustedProxies) }},
		{"purge-url", "", "URL called with surrogate keys on every change", false, func(v string) error { return parseOptionalURL(v, &c.PurgeURL) }},
		{"max-video-mb", "100", "largest video upload or import in MiB", false, func(v string) error { return parsePositiveMB(v, &c.MaxVideoMB) }},
		{"max-video-length", "10m", "longest video upload or import", false, func(v string) error { return parseTTL(v, &c.MaxVideoLength) }},
	}
}

// envName is the environment variable of a flag: --public-url → ROOST_PUBLIC_URL.
func envName(flagName string) string {
	return "ROOST_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// rawFlag keeps a flag's text for parsing after env and defaults are
// merged; it can act as a boolean flag (--demo alone means true).
type rawFlag struct {
	value  string
	set    bool
	isBool bool
}

func (f *rawFlag) String() string     { return f.value }
func (f *rawFlag) Set(v string) error { f.value, f.set = v, true; return nil }
func (f *rawFlag) IsBoolFlag() bool   { return f.isBool }

// flags is a command's flag set: the shared settings plus its own flags.
type flags struct {
	fs  *flag.FlagSet
	raw map[string]*rawFlag
	cfg config
}

// newFlags registers every shared setting on a quiet flag set.
func newFlags(cmd string) *flags {
	f := &flags{fs: flag.NewFlagSet(cmd, flag.ContinueOnError), raw: map[string]*rawFlag{}}
	f.fs.SetOutput(io.Discard)
	for _, s := range settings(&f.cfg) {
		r := &rawFlag{isBool: s.isBool}
		f.raw[s.name] = r
		f.fs.Var(r, s.name, s.help)
	}
	return f
}

// parse reads args (flags may come before or after positional arguments),
// then resolves every setting: a flag wins over its environment variable,
// which wins over the default. It returns the positional arguments.
func (f *flags) parse(args []string, getenv func(string) string) ([]string, error) {
	var pos []string
	for {
		if err := f.fs.Parse(args); err != nil {
			return nil, flagError(err)
		}
		if args = f.fs.Args(); len(args) == 0 {
			break
		}
		pos, args = append(pos, args[0]), args[1:]
	}
	for _, s := range settings(&f.cfg) {
		v, src, defaulted := s.def, "--"+s.name, false
		if r := f.raw[s.name]; r.set {
			v = r.value
		} else if e := getenv(envName(s.name)); e != "" {
			v, src = e, envName(s.name)
		} else {
			defaulted = true
		}
		if s.name == "public-url" {
			f.cfg.PublicURLDefault = defaulted
		}
		if err := s.parse(v); err != nil {
			return nil, usagef("%s: %q %v", src, v, err)
		}
	}
	return pos, nil
}

// flagError turns the flag package's errors into one line.
func flagError(err error) error {
	if errors.Is(err, flag.ErrHelp) {
		return err
	}
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return usagef("unknown flag -%s", name)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: "); ok {
		return usagef("flag -%s needs a value", name)
	}
	return usagef("%s", msg)
}

func parseAddr(v string, dst *string) error {
	if _, port, err := net.SplitHostPort(v); err != nil || port == "" {
		return errors.New("is not a listen address like :8080 or 127.0.0.1:8080")
	}
	*dst = v
	return nil
}

func parsePublicURL(v string, dst *string) error {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return errors.New("must be an absolute http(s) URL without query")
	}
	*dst = strings.TrimRight(v, "/")
	return nil
}

func parseDB(v string, path, dsn *string) error {
	if strings.HasPrefix(v, "postgres://") || strings.HasPrefix(v, "postgresql://") {
		if u, err := url.Parse(v); err != nil || u.Host == "" {
			return errors.New("must be a postgres://USER@HOST/DB URL")
		}
		*path, *dsn = "", v
		return nil
	}
	p, ok := strings.CutPrefix(v, "sqlite:")
	if !ok || p == "" {
		return errors.New("must be sqlite:PATH or postgres://…")
	}
	*path, *dsn = p, ""
	return nil
}

func nonEmpty(v string, dst *string) error {
	if v == "" {
		return errors.New("must not be empty")
	}
	*dst = v
	return nil
}

func parseMB(v string, dst *int) error {
	n, err := strconv.Atoi(v)
	if err != nil {
		return errors.New("is not a number")
	}
	if n < 0 || n > 1<<20 {
		return errors.New("must be between 0 and 1048576")
	}
	*dst = n
	return nil
}

// parsePositiveMB is parseMB without 0: a zero decode budget would admit
// no decode at all.
func parsePositiveMB(v string, dst *int) error {
	if err := parseMB(v, dst); err != nil {
		return err
	}
	if *dst == 0 {
		return errors.New("must be at least 1")
	}
	return nil
}

func parseTTL(v string, dst *time.Duration) error {
	d, err := time.ParseDuration(v)
	if err != nil {
		return errors.New("is not a duration (like 60s or 5m)")
	}
	if d < 0 {
		return errors.New("must not be negative")
	}
	*dst = d
	return nil
}

func parseBool(v string, dst *bool) error {
	b, err := strconv.ParseBool(v)
	if err != nil {
		return errors.New("is not a boolean (true or false)")
	}
	*dst = b
	return nil
}

func parseLogFormat(v string, dst *string) error {
	if v != "text" && v != "json" {
		return errors.New("must be text or json")
	}
	*dst = v
	return nil
}

func parseOptionalURL(v string, dst *string) error {
	if v == "" {
		*dst = ""
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New("must be an absolute http(s) URL")
	}
	*dst = v
	return nil
}

// parseCIDRs reads a comma-separated list of CIDRs; a bare address means
// that one address.
func parseCIDRs(v string, dst *[]netip.Prefix) error {
	var out []netip.Prefix
	for _, part := range strings.Split(v, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			a, aerr := netip.ParseAddr(part)
			if aerr != nil {
				return fmt.Errorf("has %q, which is not a CIDR like 10.0.0.0/8", part)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		out = append(out, p.Masked())
	}
	*dst = out
	return nil
}
