package main

import (
	"flag"
	"fmt"
	"io"
	"time"
)

// options are the benchmark's settings. --quick picks small values for
// CI; any flag given explicitly still wins.
type options struct {
	Quick      bool          `json:"quick"`
	Posts      int           `json:"posts"`
	Rounds     int           `json:"rounds"`
	Duration   time.Duration `json:"duration_ns"`
	Conns      int           `json:"conns"`
	SmallCache int           `json:"small_cache_mb"` // the Zipf and memory server's --cache-mb
	MemKeys    int           `json:"mem_keys"`
	MemTime    time.Duration `json:"mem_time_ns"` // cap on the distinct-keys run
	Profile    bool          `json:"profile"`
	GoBench    bool          `json:"go_bench"`
	Docs       string        `json:"-"` // file the report is appended to, "" for none
	Out        string        `json:"-"`
	Keep       bool          `json:"-"`
	Seed       int64         `json:"seed"`
}

// parseOptions reads the command line.
func parseOptions(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.BoolVar(&o.Quick, "quick", false, "small data, one short round, no profile: under a minute (CI)")
	fs.IntVar(&o.Posts, "posts", 1_000_000, "posts to generate (quick: 2000)")
	fs.IntVar(&o.Rounds, "rounds", 3, "rounds of every endpoint, in random order (quick: 1)")
	fs.DurationVar(&o.Duration, "duration", 3*time.Second, "wrk duration per endpoint and round (quick: 1s)")
	fs.IntVar(&o.Conns, "conns", 64, "wrk connections")
	fs.IntVar(&o.SmallCache, "cache-mb", 64, "render cache of the Zipf and memory server, MiB (quick: 2)")
	fs.IntVar(&o.MemKeys, "mem-keys", 1_000_000, "distinct cache keys for the memory figure (quick: 5000)")
	fs.DurationVar(&o.MemTime, "mem-time", 10*time.Minute, "stop the distinct-keys run after this long (quick: 15s)")
	fs.BoolVar(&o.Profile, "profile", true, "take CPU profiles of a cached and a cold card (quick: off)")
	fs.BoolVar(&o.GoBench, "go-bench", true, "run the in-process handler benchmarks for allocations (quick: off)")
	fs.StringVar(&o.Docs, "docs", "docs/BENCHMARKS.md", `append the report here ("" for none; quick: none)`)
	fs.StringVar(&o.Out, "out", "bench/out", "directory for the JSON report and profiles")
	fs.BoolVar(&o.Keep, "keep", false, "keep the temporary directory (database, logs)")
	fs.Int64Var(&o.Seed, "seed", 0, "random seed for the round order and the Zipf sample (0: time)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if o.Quick {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		o.quickDefaults(set)
	}
	if o.Seed == 0 {
		o.Seed = time.Now().UnixNano()
	}
	return o, o.check()
}

// quickDefaults applies the --quick values to every flag not given.
func (o *options) quickDefaults(set map[string]bool) {
	pick := func(name string, apply func()) {
		if !set[name] {
			apply()
		}
	}
	pick("posts", func() { o.Posts = 2000 })
	pick("rounds", func() { o.Rounds = 1 })
	pick("duration", func() { o.Duration = time.Second })
	pick("cache-mb", func() { o.SmallCache = 2 })
	pick("mem-keys", func() { o.MemKeys = 5000 })
	pick("mem-time", func() { o.MemTime = 15 * time.Second })
	pick("profile", func() { o.Profile = false })
	pick("go-bench", func() { o.GoBench = false })
	pick("docs", func() { o.Docs = "" })
}

// check rejects settings the harness cannot run with.
func (o *options) check() error {
	switch {
	case o.Posts < 100:
		return fmt.Errorf("--posts %d: need at least 100", o.Posts)
	case o.Rounds < 1 || o.Conns < 1 || o.SmallCache < 1 || o.MemKeys < 1:
		return fmt.Errorf("--rounds, --conns, --cache-mb and --mem-keys must be positive")
	case o.Duration < 500*time.Millisecond:
		return fmt.Errorf("--duration %s: need at least 500ms", o.Duration)
	}
	return nil
}
