package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/roost-embed/roost/storage"
)

// TokenPrefix starts every API token, so secret scanners can spot leaked ones.
const TokenPrefix = "rst_"

// localToken is the Locals key of the authenticated *storage.Token.
const localToken = "roost.token"

// NewToken makes a new API token: the secret to show the user once, and
// the record to store, which holds only the secret's SHA-256.
func NewToken(name, scope string, now time.Time) (secret string, tok *storage.Token, err error) {
	if scope != storage.ScopeWrite && scope != storage.ScopeAdmin {
		return "", nil, fmt.Errorf("token scope %q: must be write or admin", scope)
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", nil, fmt.Errorf("token: %w", err)
	}
	secret = TokenPrefix + base64.RawURLEncoding.EncodeToString(b[:])
	return secret, &storage.Token{Name: name, Scope: scope, Hash: HashToken(secret), CreatedAt: now.UTC()}, nil
}

// HashToken returns the SHA-256 of a token secret, the only form stored.
func HashToken(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// requireScope authenticates the Bearer token, checks that it covers scope
// and that it is within its rate limit. The token itself is never logged.
func (s *Server) requireScope(scope string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		tok, err := s.authenticate(c)
		if err != nil {
			return err
		}
		if !tok.Allows(scope) {
			return errorf(403, "", "this token's scope is %s; %s is needed", tok.Scope, scope)
		}
		if ok, wait := s.limiter.allow(tok.ID, time.Now()); !ok {
			ae := errorf(429, "", "too many requests for this token; retry in %d s", wait)
			ae.RetryAfter = wait
			return ae
		}
		c.Locals(localToken, tok)
		return c.Next()
	}
}

// authenticate finds the request's token. Every failure is the same 401
// apart from the message, so a caller learns nothing about other tokens.
func (s *Server) authenticate(c *fiber.Ctx) (*storage.Token, error) {
	secret, ok := strings.CutPrefix(c.Get(fiber.HeaderAuthorization), "Bearer ")
	secret = strings.TrimSpace(secret)
	if !ok || secret == "" {
		return nil, errorf(401, "", "missing Authorization: Bearer token")
	}
	if !strings.HasPrefix(secret, TokenPrefix) {
		return nil, errorf(401, "", "unknown token")
	}
	hash := HashToken(secret)
	ctx, cancel := context.WithTimeout(c.UserContext(), storeReadTimeout)
	defer cancel()
	tok, err := s.st.TokenByHash(ctx, hash)
	switch {
	case errors.Is(err, storage.ErrNotFound):
		return nil, errorf(401, "", "unknown token")
	case err != nil:
		return nil, err
	case subtle.ConstantTimeCompare(tok.Hash, hash) != 1:
		return nil, errorf(401, "", "unknown token")
	case tok.Revoked():
		return nil, errorf(401, "", "token was revoked")
	}
	s.touch(ctx, tok)
	return tok, nil
}

// touch records that tok was used, at most once per throttle period per
// token, so that authentication does not turn every request into a write.
func (s *Server) touch(ctx context.Context, tok *storage.Token) {
	now := time.Now()
	if !s.touches.due(tok.ID, now) {
		return
	}
	if err := s.st.TouchToken(ctx, tok.ID, now.UTC()); err != nil {
		s.log.Warn("token last-used time not recorded", "token_id", tok.ID, "err", err)
	}
}

// tokenOf returns the token authenticated by requireScope.
func tokenOf(c *fiber.Ctx) *storage.Token {
	tok, _ := c.Locals(localToken).(*storage.Token)
	return tok
}

// touchThrottle remembers when each token was last touched.
type touchThrottle struct {
	mu    sync.Mutex
	every time.Duration
	last  map[int64]time.Time
}

func newTouchThrottle(every time.Duration) *touchThrottle {
	return &touchThrottle{every: every, last: map[int64]time.Time{}}
}

// due reports whether id should be touched now, and if so records it.
func (t *touchThrottle) due(id int64, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if now.Sub(t.last[id]) < t.every {
		return false
	}
	t.last[id] = now
	return true
}
