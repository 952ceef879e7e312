package postgres

import (
	"testing"
	"time"
)

// poolConfig bounds new connections unless the dsn says otherwise, and
// keeps what the operator wrote.
func TestPoolConfigDefaults(t *testing.T) {
	for _, tc := range []struct {
		dsn     string
		timeout time.Duration
		conns   int32 // 0: the per-core default, at least 8
	}{
		{"postgres://u@127.0.0.1:5432/db", defaultConnectTimeout, 0},
		{"postgres://u@127.0.0.1:5432/db?connect_timeout=7", 7 * time.Second, 0},
		{"postgres://u@127.0.0.1:5432/db?pool_max_conns=3", defaultConnectTimeout, 3},
	} {
		cfg, err := poolConfig(tc.dsn)
		if err != nil {
			t.Fatalf("%s: %v", tc.dsn, err)
		}
		if cfg.ConnConfig.ConnectTimeout != tc.timeout {
			t.Errorf("%s: connect timeout %v, want %v", tc.dsn, cfg.ConnConfig.ConnectTimeout, tc.timeout)
		}
		if tc.conns != 0 && cfg.MaxConns != tc.conns || tc.conns == 0 && cfg.MaxConns < 8 {
			t.Errorf("%s: max conns %d", tc.dsn, cfg.MaxConns)
		}
	}
}
